"""Listings: create, edit, move through the state machine (the only place that changes a status), expire."""
from datetime import date, datetime, timedelta

from email_validator import EmailNotValidError, validate_email
from slugify import slugify
from sqlalchemy import select, update

from app.extensions import db
from app.models.base import utcnow
from app.models.business import Business
from app.models.listing import LISTING_CLASSES, Listing, Offer, Project
from app.models.listing_states import (
    AWAITING_REVIEW,
    EDITABLE,
    PUBLIC,
    PUBLICATION_DAYS,
    REMINDER_DAYS,
    RENEW_GRACE_DAYS,
    SYSTEM,
    TRANSITIONS,
    Actor,
    InvalidTransition,
    ListingStatus,
    ReviewReason,
    Transition,
)
from app.models.user import Permission
from app.core.errors import NotAllowed, Refused
from app.services.access import covers, is_owner
from app.services.messaging import notifications
from app.services.moderation import audit
from app.services.responses import applications
from app.mail.outbox import queue_mail
from app.search.sync import record_change as record_search_change
from app.reference.trades import (
    DIPLOMA_LEVELS,
    Contract,
    Diploma,
    PartnerType,
    ProjectCategory,
    ProjectStage,
    get_trade,
)

__all__ = ["SYSTEM", "InvalidTransition", "allowed_actions", "create_offer", "create_project", "expire_listings",
           "owner_listings", "record_view", "renew", "transition", "update_listing"]


# Changing one of these on a published listing sends it back to review; the others are edited in place.
SUBSTANTIVE_FIELDS = frozenset({
    "title", "description", "trade", "diploma", "level", "contract", "start_date", "duration_months", "rhythm",
    "weekly_hours", "questions", "summary", "category", "stage", "partner_types", "budget_min", "budget_max",
    "deadline", "location",
})
COMMON_FIELDS = ("title", "description", "trade")
OFFER_FIELDS = COMMON_FIELDS + ("diploma", "level", "contract", "start_date", "duration_months", "rhythm",
                                "weekly_hours", "positions", "disability_friendly", "urgent", "questions",
                                "contact_email")
PROJECT_FIELDS = COMMON_FIELDS + ("summary", "category", "stage", "partner_types", "budget_min", "budget_max",
                                  "deadline", "location")
FIELDS = {"offer": OFFER_FIELDS, "project": PROJECT_FIELDS}
MAX_QUESTIONS = 3
# Staff transitions the system may also fire: `suspend` when enough people report a listing.
SYSTEM_STAFF_ACTIONS = frozenset({"suspend"})

MAIL_SUBJECTS = {
    "listing_published": "Votre annonce est en ligne : {title}",
    "listing_changes_requested": "Modifications demandées pour votre annonce : {title}",
    "listing_rejected": "Votre annonce n’a pas été acceptée : {title}",
    "listing_suspended": "Votre annonce a été suspendue : {title}",
    "listing_expired": "Votre annonce a expiré : {title}",
    "listing_expiring": "Votre annonce expire dans {days} jours : {title}",
}


# --- validation ------------------------------------------------------------------------------------------------

def _text(value, field: str, label: str, minimum: int = 0, maximum: int | None = None) -> str | None:
    """A stripped text, checked for length; None when empty and optional."""
    value = (value or "").strip() if isinstance(value, str) or value is None else None
    if value is None:
        raise Refused({field: f"{label} : texte attendu."})
    if minimum and len(value) < minimum:
        raise Refused({field: f"{label} : {minimum} caractères au moins."})
    if maximum and len(value) > maximum:
        raise Refused({field: f"{label} : {maximum} caractères au plus."})
    return value or None


def _integer(value, field: str, label: str, low: int | None = None, high: int | None = None) -> int | None:
    """An integer within bounds, or None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise Refused({field: f"{label} : nombre entier attendu."})
    try:
        number = int(value)
    except ValueError:
        raise Refused({field: f"{label} : nombre entier attendu."}) from None
    if (low is not None and number < low) or (high is not None and number > high):
        bounds = f"entre {low} et {high}" if high is not None else f"au moins {low}"
        raise Refused({field: f"{label} : {bounds}."})
    return number


def _date(value, field: str, label: str) -> date | None:
    """A date (or ISO string), or None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise Refused({field: f"{label} : date attendue au format AAAA-MM-JJ."}) from None


def _choice(enum_class, value, field: str, label: str):
    """A member of a LabelledEnum (by value or label, ignoring case and accents), or None when empty."""
    if value is None or value == "":
        return None
    member = enum_class.lookup(str(value))
    if member is None:
        raise Refused({field: f"{label} : valeur inconnue « {value} »."})
    return member


def _slugs(enum_class, values, field: str, label: str) -> list[str]:
    """A deduplicated list of enum values."""
    if isinstance(values, str) or not isinstance(values, list | tuple | set | type(None)):
        raise Refused({field: f"{label} : liste attendue."})
    return list(dict.fromkeys(_choice(enum_class, v, field, label).value for v in values or [] if v))


def _flag(value, field: str, label: str) -> bool:
    """A yes/no value (None means no)."""
    if value is None:
        return False
    if not isinstance(value, bool):
        raise Refused({field: f"{label} : oui ou non attendu."})
    return value


def _trade(value) -> str | None:
    """A trade code (given as code or label)."""
    from app.reference.trades import find_trade

    if value is None or value == "":
        return None
    trade = get_trade(value) or find_trade(str(value))
    if trade is None:
        raise Refused({"trade": f"Métier inconnu : « {value} »."})
    return trade.code


def _questions(values) -> list[str]:
    """Up to three non-empty questions for applicants."""
    if values is None:
        return []
    if isinstance(values, str) or not isinstance(values, list | tuple):
        raise Refused({"questions": "Questions : liste attendue."})
    questions = [q.strip() for q in values if isinstance(q, str) and q.strip()]
    if len(questions) > MAX_QUESTIONS:
        raise Refused({"questions": f"Posez {MAX_QUESTIONS} questions au plus."})
    if any(len(q) > 300 for q in questions):
        raise Refused({"questions": "Chaque question tient en 300 caractères au plus."})
    return questions


def _email(value) -> str | None:
    """A syntactically valid e-mail address, or None when empty."""
    if not value:
        return None
    try:
        return validate_email(str(value).strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        raise Refused({"contact_email": "Adresse électronique de contact invalide."}) from None


CLEANERS = {
    "title": lambda v: _text(v, "title", "Titre", 5, 200),
    "description": lambda v: _text(v, "description", "Description", 30),
    "trade": _trade,
    "diploma": lambda v: _choice(Diploma, v, "diploma", "Diplôme"),
    "level": lambda v: _integer(v, "level", "Niveau", 3, 7),
    "contract": lambda v: _choice(Contract, v, "contract", "Contrat"),
    "start_date": lambda v: _date(v, "start_date", "Date de début"),
    "duration_months": lambda v: _integer(v, "duration_months", "Durée (mois)", 6, 36),
    "rhythm": lambda v: _text(v, "rhythm", "Rythme", 0, 200),
    "weekly_hours": lambda v: _integer(v, "weekly_hours", "Heures par semaine", 1, 48),
    "positions": lambda v: _integer(v, "positions", "Nombre de postes", 1, 999),
    "disability_friendly": lambda v: _flag(v, "disability_friendly", "Ouvert aux personnes handicapées"),
    "urgent": lambda v: _flag(v, "urgent", "Urgent"),
    "questions": _questions,
    "contact_email": _email,
    "summary": lambda v: _text(v, "summary", "Résumé", 0, 300),
    "category": lambda v: _choice(ProjectCategory, v, "category", "Catégorie"),
    "stage": lambda v: _choice(ProjectStage, v, "stage", "Stade"),
    "partner_types": lambda v: _slugs(PartnerType, v, "partner_types", "Type de partenaire"),
    "budget_min": lambda v: _integer(v, "budget_min", "Budget minimum", 0, 100_000_000),
    "budget_max": lambda v: _integer(v, "budget_max", "Budget maximum", 0, 100_000_000),
    "deadline": lambda v: _date(v, "deadline", "Échéance"),
    "location": lambda v: _text(v, "location", "Lieu", 0, 200),
}


def clean_fields(kind: str, fields: dict, current: Listing | None = None, require_diploma: bool = True) -> dict:
    """Validate listing fields of one kind; raise Refused mapping each bad field to a French message."""
    unknown = set(fields) - set(FIELDS[kind])
    if unknown:
        raise TypeError(f"unknown {kind} fields: {sorted(unknown)}")
    errors: dict[str, str] = {}
    values: dict = {}
    for key, value in fields.items():
        try:
            values[key] = CLEANERS[key](value)
        except Refused as error:
            errors.update(error.errors)
    merged = {key: getattr(current, key, None) for key in FIELDS[kind]} if current else {}
    merged.update(values)
    for key, label in (("title", "le titre"), ("description", "la description")):
        if key not in errors and not merged.get(key):
            errors[key] = f"Indiquez {label}."
    if kind == "offer":
        if "trade" not in errors and not merged.get("trade"):
            errors["trade"] = "Choisissez le métier."
        if "diploma" in errors or "level" in errors:
            pass
        elif not merged.get("diploma"):
            if require_diploma:  # the import (CONTRACT.md) may leave it out
                errors["diploma"] = "Choisissez le diplôme préparé."
        else:
            allowed = DIPLOMA_LEVELS[merged["diploma"]]
            if merged.get("level") is None or ("level" not in values and merged["level"] not in allowed):
                values["level"] = allowed[0]
            elif merged["level"] not in allowed:
                errors["level"] = f"Niveau possible pour ce diplôme : {', '.join(map(str, allowed))}."
        if merged.get("contract") is None:
            values["contract"] = Contract.APPRENTISSAGE
        if current is None and merged.get("positions") is None:
            values["positions"] = 1
    if kind == "project" and not {"budget_min", "budget_max"} & set(errors):
        low, high = merged.get("budget_min"), merged.get("budget_max")
        if low is not None and high is not None and low > high:
            errors["budget_max"] = "Le budget maximum doit être supérieur ou égal au budget minimum."
    if errors:
        raise Refused(errors)
    return values


# --- creation and edition --------------------------------------------------------------------------------------

def _create(kind: str, business: Business, actor, fields: dict) -> Listing:
    """Create a draft listing of one kind for a business the actor owns."""
    if not is_owner(actor, business) or not actor.can(Permission.MANAGE_BUSINESS):
        raise NotAllowed("Seul le responsable de l’entreprise peut y déposer une annonce.")
    values = clean_fields(kind, fields)
    listing = LISTING_CLASSES[kind](business=business, departement=business.departement,
                                    status=ListingStatus.DRAFT, status_changed_at=utcnow(), **values)
    listing.slug = slugify(listing.title, max_length=80) or kind
    db.session.add(listing)
    db.session.flush()
    record_search_change(listing)
    db.session.commit()
    return listing


def create_offer(business: Business, actor, **fields) -> Offer:
    """Create a draft apprenticeship offer (the owner then submits it for review)."""
    return _create("offer", business, actor, fields)


def create_project(business: Business, actor, **fields) -> Project:
    """Create a draft innovation project (the owner then submits it for review)."""
    return _create("project", business, actor, fields)


def update_listing(listing: Listing, actor, **fields) -> Listing:
    """Edit a listing (owner only); a substantive change to a published listing sends it back to review."""
    if not is_owner(actor, listing.business):
        raise NotAllowed("Seul le responsable de l’entreprise peut modifier cette annonce.")
    if listing.status not in EDITABLE:
        raise InvalidTransition(f"Une annonce « {listing.status.label} » ne peut plus être modifiée.")
    values = clean_fields(listing.type, fields, current=listing)
    changed = {key for key, value in values.items() if getattr(listing, key) != value}
    for key in changed:
        setattr(listing, key, values[key])
    if "title" in changed:
        listing.slug = slugify(listing.title, max_length=80) or listing.type
    if changed & SUBSTANTIVE_FIELDS and listing.status in PUBLIC:
        apply_status(listing, ListingStatus.SUBMITTED, utcnow())
    if changed:
        record_search_change(listing)
    db.session.commit()
    return listing


# --- the state machine -----------------------------------------------------------------------------------------

def apply_status(listing: Listing, status: ListingStatus, now: datetime) -> None:
    """Set a status and stamp its timestamps (no permission check: callers have done it)."""
    listing.status = status
    listing.status_changed_at = now
    if status in AWAITING_REVIEW:
        listing.submitted_at = now
    elif status in PUBLIC:
        listing.published_at = listing.published_at or now
        if listing.expires_at is None or listing.expires_at <= now:
            _extend(listing, now)


def _extend(listing: Listing, now: datetime) -> None:
    """Give a published listing a new 60-day life and a new reminder."""
    listing.expires_at = now + timedelta(days=PUBLICATION_DAYS)
    listing.reminder_sent_at = None


def _check_actor(t: Transition, listing: Listing, actor) -> None:
    """Raise NotAllowed unless `actor` may fire `t` on this listing."""
    if t.actor == Actor.SYSTEM:
        allowed = actor is SYSTEM
    elif t.actor == Actor.OWNER:
        allowed = is_owner(actor, listing.business)
    elif actor is SYSTEM:  # reports from several people hide a listing until staff decide (services/reports.py)
        allowed = t.name in SYSTEM_STAFF_ACTIONS
    else:  # staff of the territory or admin, never on their own listing
        allowed = covers(actor, listing.departement) and not is_owner(actor, listing.business)
    if not allowed:
        who = {Actor.OWNER: "le responsable de l’entreprise",
               Actor.STAFF: "les conseillers de la chambre du territoire de l’annonce",
               Actor.SYSTEM: "la tâche automatique d’expiration"}[t.actor]
        raise NotAllowed(f"« {t.label} » : action réservée à {who}.")


def _check_state(t: Transition, listing: Listing, now: datetime) -> None:
    """Raise InvalidTransition unless `t` applies to the listing in its current state."""
    if not t.allows(listing.status, listing.type):
        raise InvalidTransition(f"« {t.label} » n’est pas possible pour une annonce « {listing.status.label} ».")
    if t.name == "renew" and listing.status == ListingStatus.EXPIRED and (
            listing.expires_at is None or listing.expires_at + timedelta(days=RENEW_GRACE_DAYS) < now):
        raise InvalidTransition(f"Cette annonce a expiré il y a plus de {RENEW_GRACE_DAYS} jours : "
                                "renvoyez-la en relecture pour la republier.")
    if t.name == "submit" and listing.status == ListingStatus.EXPIRED and listing.expires_at is not None and (
            listing.expires_at + timedelta(days=RENEW_GRACE_DAYS) >= now):
        raise InvalidTransition("Cette annonce a expiré récemment : prolongez-la directement.")


def allowed_actions(listing: Listing, user, now: datetime | None = None) -> list[Transition]:
    """The transitions `user` may fire on the listing now (for the dashboard's buttons)."""
    now = now or utcnow()
    actions = []
    for t in TRANSITIONS.values():
        try:
            _check_actor(t, listing, user)
            _check_state(t, listing, now)
        except (NotAllowed, InvalidTransition):
            continue
        actions.append(t)
    return actions


def transition(listing: Listing, action: str, actor, message: str | None = None, reason: str | None = None,
               now: datetime | None = None) -> Listing:
    """Fire a named transition after checking who and from where; commit and tell the owner of staff decisions."""
    t = TRANSITIONS.get(action)
    if t is None:
        raise InvalidTransition(f"Action inconnue : « {action} ».")
    now = now or utcnow()
    _check_actor(t, listing, actor)
    _check_state(t, listing, now)
    message = (message or "").strip() or None
    if t.needs_message and not message:
        raise Refused({"message": "Expliquez à l’artisan ce qui doit changer : ce message lui sera "
                                          "envoyé."})
    review_reason = ReviewReason.lookup(reason) if reason else None
    if t.needs_reason and review_reason is None:
        raise Refused({"reason": "Choisissez un motif dans la liste."})

    apply_status(listing, t.target, now)
    if t.name in ("publish", "renew"):  # a reinstated listing keeps its expiry unless it passed meanwhile
        _extend(listing, now)
    if t.actor == Actor.STAFF:
        listing.last_review_message = message
        listing.last_review_reason = review_reason.value if review_reason else None
        # written in this transaction, with a snapshot for the next review
        audit.record_listing_decision(listing, t.name, actor, reason=listing.last_review_reason, message=message,
                                      at=now)
    record_search_change(listing)
    if t.notify_owner:
        _notify_owner(listing, t.notify_owner, message=message, reason=review_reason, by_staff=actor is not SYSTEM)
    if t.name == "fill" and listing.type == "offer":
        applications.decline_remaining(listing)  # the remaining candidates are told, in this transaction
    db.session.commit()
    return listing


def renew(listing: Listing, actor) -> Listing:
    """Renew a published (or recently expired) listing for 60 days from now, in one click."""
    return transition(listing, "renew", actor)


def _notify_owner(listing: Listing, template: str, **context) -> None:
    """Queue a French e-mail to the owner of the listing's business (imported businesses have none)."""
    owner = listing.owner
    if owner is None or not owner.email:
        return
    title = listing.title if len(listing.title) <= 80 else listing.title[:79] + "…"
    subject = MAIL_SUBJECTS[template].format(title=title, days=REMINDER_DAYS)
    queue_mail(owner.email, subject, template, listing=listing, owner=owner, days=REMINDER_DAYS,
               publication_days=PUBLICATION_DAYS, grace_days=RENEW_GRACE_DAYS, **context)
    notifications.listing_notice(listing, template, days=REMINDER_DAYS)


# --- reading ---------------------------------------------------------------------------------------------------

def record_view(listing: Listing) -> None:
    """Count one view of a public page (an atomic increment, safe with concurrent requests)."""
    db.session.execute(update(Listing).where(Listing.id == listing.id)
                       .values(views_count=Listing.views_count + 1))
    db.session.commit()


def owner_listings(user, status: ListingStatus | None = None) -> list[Listing]:
    """Listings of every business the user owns, newest first."""
    if not getattr(user, "is_authenticated", False):
        return []
    query = select(Listing).join(Listing.business).where(Business.owner_id == user.id)
    if status is not None:
        query = query.where(Listing.status == status)
    return list(db.session.scalars(query.order_by(Listing.updated_at.desc(), Listing.id.desc())))


# --- periodic work ---------------------------------------------------------------------------------------------

def expire_listings(now: datetime | None = None) -> dict[str, int]:
    """Expire published listings past their date and remind owners once, 7 days before; return the counts."""
    now = now or utcnow()
    due = db.session.scalars(select(Listing).where(Listing.status.in_(PUBLIC), Listing.expires_at <= now)).all()
    for listing in due:
        transition(listing, "expire", SYSTEM, now=now)
    soon = db.session.scalars(select(Listing).where(
        Listing.status.in_(PUBLIC), Listing.reminder_sent_at.is_(None),
        Listing.expires_at <= now + timedelta(days=REMINDER_DAYS))).all()
    reminded = 0
    for listing in soon:
        listing.reminder_sent_at = now  # also for unclaimed businesses, so that they are not scanned again
        if listing.owner is not None:
            _notify_owner(listing, "listing_expiring")
            reminded += 1
    db.session.commit()
    return {"expired": len(due), "reminded": reminded}
