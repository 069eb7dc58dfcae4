"""Chamber moderation: territorial review queue, review pages, decisions (one per state change), business checks."""
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.exc import OperationalError

from app.core.errors import Conflict, NotAllowed, Refused
from app.core.formatting import date_fr
from app.core.time import today as utc_today
from app.core.time import utcnow
from app.core.transaction import use_case
from app.extensions import db
from app.geo import CHAMBERS
from app.mail.outbox import queue_mail
from app.models.business import Business
from app.models.listing import Listing
from app.models.listing_states import AWAITING_REVIEW, TRANSITIONS, ListingStatus, ReviewReason
from app.models.moderation import BusinessCheck, Report
from app.reference.trades import Commitment, get_trade
from app.services.access import ensure_covers, is_owner, territory
from app.services.businesses.profiles import clean_siret, set_highlight, verify_business
from app.services.listings.fields import REVIEW_LABELS, VOCABULARIES
from app.services.listings.lifecycle import transition
from app.services.moderation import audit

DECISIONS = ("publish", "request_changes", "reject", "suspend", "reinstate")
NEEDS_MESSAGE = frozenset({"request_changes", "reject", "suspend"})
NEEDS_REASON = frozenset({"reject", "suspend"})
MAX_HIGHLIGHT_DAYS = 2 * 365
QUEUE_PAGE_SIZE = 25



class AlreadyDecided(Conflict):
    """Another staff member (or the owner) changed the listing since the reviewer opened it."""


@dataclass(frozen=True)
class Change:
    """One reviewed field that changed since the last decision."""

    field: str
    label: str
    before: str
    after: str


# --- territory -------------------------------------------------------------------------------------------------

# --- the queue and the review page -----------------------------------------------------------------------------

def queue_page(user, chamber_code: str | None = None, page: int = 1, per_page: int = QUEUE_PAGE_SIZE):
    """Listings awaiting review in the user's territory, oldest submission first, one page."""
    departements = territory(user, chamber_code)
    query = select(Listing).where(Listing.status.in_(AWAITING_REVIEW))
    if departements is not None:
        query = query.where(Listing.departement.in_(departements))
    query = query.order_by(Listing.submitted_at, Listing.id)
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def review_token(listing: Listing) -> str:
    """The version of the listing the reviewer saw: its status and the moment it was set."""
    return f"{listing.status.value}|{listing.status_changed_at.isoformat()}"


def _display(name: str, value) -> str:
    """A snapshot value as French text."""
    if name == "start_date" and value is None:
        return "Dès que possible"
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if name == "trade":
        trade = get_trade(value)
        return trade.label if trade else str(value)
    if name in VOCABULARIES:
        labels = [getattr(VOCABULARIES[name].lookup(v), "label", v) for v in (value if isinstance(value, list)
                                                                                 else [value])]
        return ", ".join(labels)
    if name in ("start_date", "deadline"):
        try:
            return date_fr(date.fromisoformat(value))
        except (TypeError, ValueError):
            return str(value)
    if isinstance(value, list):
        return " ; ".join(str(v) for v in value)
    return str(value)


def changes_since_last_review(listing: Listing) -> list[Change]:
    """Reviewed fields whose value differs from the snapshot taken at the last decision ([] when none)."""
    entry = audit.last_entry("listing", listing.id, with_snapshot=True)
    if entry is None:
        return []
    before, after = entry.details["snapshot"], audit.snapshot(listing)
    return [Change(name, REVIEW_LABELS.get(name, name), _display(name, before.get(name)), _display(name, value))
            for name, value in after.items() if before.get(name) != value]


def review_context(listing: Listing, user) -> dict:
    """Everything the review page shows: history of the listing and its business, reports, changes, actions."""
    ensure_covers(user, listing.departement)
    reports = list(db.session.scalars(select(Report).where(Report.listing_id == listing.id)
                                      .order_by(Report.created_at.desc())))
    return {
        "listing": listing,
        "token": review_token(listing),
        "actions": [name for name in DECISIONS if _applies(name, listing)] if not is_owner(user, listing.business)
        else [],
        "history": audit.history("listing", listing.id),
        "business_history": [e for e in audit.business_history(listing.business)
                             if not (e.subject_type == "listing" and e.subject_id == listing.id)],
        "reports": reports,
        "business_reports": db.session.scalar(
            select(db.func.count(Report.id)).join(Report.listing)
            .where(Listing.business_id == listing.business_id, Listing.id != listing.id)),
        "reviewed_before": audit.last_entry("listing", listing.id, with_snapshot=True) is not None,
        "changes": changes_since_last_review(listing),
        "content": [(REVIEW_LABELS.get(name, name), _display(name, value))
                    for name, value in audit.snapshot(listing).items() if name not in ("title", "description")],
        "reasons": ReviewReason.choices(),
        "listing_titles": {other.id: other.title for other in listing.business.listings},
    }


def _applies(action: str, listing: Listing) -> bool:
    """True when the decision is possible from the listing's current state."""

    return TRANSITIONS[action].allows(listing.status, listing.type)


# --- decisions -------------------------------------------------------------------------------------------------

# What the artisan must be told, by decision: only a request for changes speaks of changes.
MESSAGE_NEEDED = {
    "request_changes": "Expliquez à l’artisan ce qui doit changer : ce message lui sera envoyé.",
    "reject": "Expliquez à l’artisan pourquoi l’annonce est refusée : ce message lui sera envoyé.",
    "suspend": "Expliquez à l’artisan pourquoi l’annonce est suspendue : ce message lui sera envoyé.",
}


def _check_decision(action: str, message: str | None, reason: str | None) -> None:
    """Refuse a decision that lacks its message or reason, with French messages next to the fields."""
    errors = {}
    if action not in DECISIONS:
        raise Refused({"action": f"Décision inconnue : « {action} »."})
    if action in NEEDS_REASON and ReviewReason.lookup(reason or "") is None:
        errors["reason"] = "Choisissez un motif dans la liste."
    if action in NEEDS_MESSAGE and not (message or "").strip():
        errors["message"] = MESSAGE_NEEDED.get(action, MESSAGE_NEEDED["request_changes"])
    if errors:
        raise Refused(errors)


def _claim(listing: Listing, token: str, now: datetime) -> bool:
    """Atomically check that the listing is still as the reviewer saw it, and take it (one winner per version)."""
    try:
        status, stamp = token.split("|", 1)
        status, changed_at = ListingStatus(status), datetime.fromisoformat(stamp)
    except (AttributeError, ValueError):
        return False
    if changed_at.tzinfo is None:
        return False
    # A conditional UPDATE: the database serialises concurrent reviewers, and only the first one matches the row.
    statement = (update(Listing).where(Listing.id == listing.id, Listing.status == status,
                                       Listing.status_changed_at == changed_at)
                 .values(status_changed_at=now).execution_options(synchronize_session=False))
    try:
        return db.session.execute(statement).rowcount == 1
    except OperationalError:  # SQLite refuses the second writer outright
        return False


def _processed_by(listing: Listing) -> str:
    """Who last changed the listing, for the message shown to a reviewer who came second."""
    db.session.refresh(listing)
    entry = audit.last_entry("listing", listing.id)
    if entry is not None and entry.at >= listing.status_changed_at - timedelta(seconds=1):
        return entry.actor.display_name or entry.actor.email if entry.actor else "le système"
    return "le responsable de l’entreprise"


def decide(listing: Listing, user, action: str, token: str, message: str | None = None, reason: str | None = None,
           now: datetime | None = None) -> Listing:
    """Publish, ask for changes, reject, suspend or reinstate, once per version of the listing; mail the owner."""
    ensure_covers(user, listing.departement)
    if is_owner(user, listing.business):
        raise NotAllowed("Vous ne pouvez pas décider d’une annonce de votre propre entreprise.")
    _check_decision(action, message, reason)
    try:
        return _decide(listing, user, action, token or "", message, reason, now or utcnow())
    except _Outpaced:  # rolled back; tell who came first
        who = _processed_by(listing)
        raise AlreadyDecided(f"Cette annonce vient d’être traitée par {who} : elle est maintenant "
                             f"« {listing.status.label} ». Votre décision n’a pas été enregistrée.") from None


class _Outpaced(Exception):
    """Another decision took this version of the listing first."""


@use_case
def _decide(listing: Listing, user, action: str, token: str, message: str | None, reason: str | None,
            now: datetime) -> Listing:
    """Take the listing's version and fire the transition, in one transaction."""
    if not _claim(listing, token, now):
        raise _Outpaced()
    return transition(listing, action, user, message=message, reason=reason, now=now)


# --- businesses ------------------------------------------------------------------------------------------------

def businesses_page(user, chamber_code: str | None = None, q: str = "", only: str = "", page: int = 1,
                    per_page: int = 30):
    """Businesses of the user's territory, filtered by name or SIRET and by verification, by name."""
    departements = territory(user, chamber_code)
    query = select(Business)
    if departements is not None:
        query = query.where(Business.departement.in_(departements))
    q = (q or "").strip()
    if q:
        digits = q.replace(" ", "")
        query = query.where(or_(Business.name.ilike(f"%{q}%"), Business.siret.startswith(digits)))
    if only == "a-verifier":
        query = query.where(Business.verified_at.is_(None))
    elif only == "en-avant":
        query = query.where(Business.highlighted_on(utc_today()))
    return db.paginate(query.order_by(Business.name, Business.id), page=page, per_page=per_page, error_out=False)


def business_context(business: Business, user) -> dict:
    """The moderation page of a business: its check, listings, reports and history."""
    ensure_covers(user, business.departement)
    listing_ids = [listing.id for listing in business.listings]
    reports = list(db.session.scalars(select(Report).where(Report.listing_id.in_(listing_ids))
                                      .order_by(Report.created_at.desc()))) if listing_ids else []
    return {"business": business, "check": db.session.get(BusinessCheck, business.id), "reports": reports,
            "history": audit.business_history(business),
            "listing_titles": {listing.id: listing.title for listing in business.listings}}


def clean_rm_number(value: str | None, siret: str) -> str:
    """The Répertoire des métiers number, which contains the business's SIREN (the first 9 digits of its SIRET)."""
    value = " ".join((value or "").upper().split())
    if not value:
        raise Refused({"rm_number": "Indiquez le numéro d’immatriculation au Répertoire des métiers."})
    if len(value) > 30 or siret[:9] not in "".join(ch for ch in value if ch.isdigit()):
        siren = f"{siret[:3]} {siret[3:6]} {siret[6:9]}"
        raise Refused({"rm_number": "Le numéro d’immatriculation au Répertoire des métiers reprend le "
                                            f"SIREN de l’entreprise ({siren}) : vérifiez-le."})
    return value


def verify(business: Business, user, rm_number: str | None, siret_checked: bool) -> Business:
    """Record that the chamber checked the SIRET and the registration at the Répertoire des métiers."""
    ensure_covers(user, business.departement)
    errors = {}
    try:
        clean_siret(business.siret)
    except Refused as error:
        errors.update(error.errors)
    if not siret_checked:
        errors["siret_checked"] = "Confirmez que le SIRET a été vérifié auprès de l’INSEE."
    try:
        rm_number = clean_rm_number(rm_number, business.siret)
    except Refused as error:
        errors.update(error.errors)
    if errors:
        raise Refused(errors)
    check = db.session.get(BusinessCheck, business.id) or BusinessCheck(business_id=business.id)
    check.rm_number, check.siret_checked, check.checked_at, check.checked_by_id = rm_number, True, utcnow(), user.id
    db.session.add(check)
    return verify_business(business, user, details={"rm_number": rm_number})


def highlight(business: Business, user, until: date | None, commitments: list[str], message: str | None = None,
              today: date | None = None) -> Business:
    """Put a verified business forward for the commitments checked, until a date within two years."""
    ensure_covers(user, business.departement)
    today = today or utc_today()
    errors = {}
    if not business.is_verified:
        errors["verified"] = "Vérifiez d’abord l’entreprise (SIRET et Répertoire des métiers)."
    known = {c.value for c in Commitment}
    commitments = [c for c in dict.fromkeys(commitments or []) if c]
    if not commitments:
        errors["commitments"] = "Cochez au moins un engagement vérifié."
    elif any(c not in known for c in commitments):
        errors["commitments"] = "Engagement inconnu."
    if until is None:
        errors["until"] = "Indiquez la date de fin de la mise en avant."
    elif until <= today:
        errors["until"] = "La date de fin doit être dans le futur."
    elif until > today + timedelta(days=MAX_HIGHLIGHT_DAYS):
        errors["until"] = "La mise en avant dure deux ans au plus : choisissez une date plus proche."
    if errors:
        raise Refused(errors)
    if business.owner is not None:
        queue_mail(business.owner.email,
                   f"« {business.name} » est mise en avant comme entreprise locale et responsable",
                   "moderation_business_highlighted", business=business, owner=business.owner, until=until,
                   labels=[c.label for c in Commitment if c.value in commitments])
    return set_highlight(business, user, True, until=until, commitments=commitments, message=message)


def end_highlight(business: Business, user, message: str | None = None) -> Business:
    """Stop putting a business forward."""
    ensure_covers(user, business.departement)
    return set_highlight(business, user, False, message=message)


def chamber_choices() -> list[tuple[str, str]]:
    """(code, name) of every chamber, for the admins' filters."""
    return [(chamber.code, chamber.name) for chamber in sorted(CHAMBERS.values(), key=lambda c: c.name)]
