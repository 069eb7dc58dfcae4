"""Listings: create, edit, move through the state machine (the only place that changes a status), expire."""
from collections.abc import Iterable
from datetime import datetime, timedelta

from slugify import slugify
from sqlalchemy import select

from app.core.errors import NotAllowed, Refused
from app.core.time import utcnow
from app.core.transaction import use_case
from app.extensions import db
from app.mail.outbox import queue_mail
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
from app.search import record_change as record_search_change
from app.services.access import covers, is_owner
from app.services.listings.fields import SUBSTANTIVE_FIELDS, clean_fields
from app.services.messaging import notifications
from app.services.moderation import audit
from app.services.responses import applications

__all__ = ["SYSTEM", "InvalidTransition", "allowed_actions", "create_offer", "create_project", "expire_listings",
           "owner_listings", "renew", "transition", "update_listing"]

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


# --- creation and edition --------------------------------------------------------------------------------------

@use_case
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
    return listing


def create_offer(business: Business, actor, **fields) -> Offer:
    """Create a draft apprenticeship offer (the owner then submits it for review)."""
    return _create("offer", business, actor, fields)


def create_project(business: Business, actor, **fields) -> Project:
    """Create a draft innovation project (the owner then submits it for review)."""
    return _create("project", business, actor, fields)


@use_case
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


@use_case
def transition(listing: Listing, action: str, actor, message: str | None = None, reason: str | None = None,
               now: datetime | None = None, keep: Iterable[int] = ()) -> Listing:
    """Fire a named transition after checking who and from where, and tell the owner of staff decisions.

    `keep`: for "fill", ids of the offer's open applications that stay open (the others are declined).
    """
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
        applications.decline_remaining(listing, now, keep=keep)  # the remaining candidates are told, in this transaction
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
        transition(listing, "expire", SYSTEM, now=now)  # each expiry commits on its own
    return {"expired": len(due), "reminded": _send_reminders(now)}


@use_case
def _send_reminders(now: datetime) -> int:
    """Remind owners once, 7 days before their listings expire; how many were reminded."""
    soon = db.session.scalars(select(Listing).where(
        Listing.status.in_(PUBLIC), Listing.reminder_sent_at.is_(None),
        Listing.expires_at <= now + timedelta(days=REMINDER_DAYS))).all()
    reminded = 0
    for listing in soon:
        listing.reminder_sent_at = now  # also for unclaimed businesses, so that they are not scanned again
        if listing.owner is not None:
            _notify_owner(listing, "listing_expiring")
            reminded += 1
    return reminded
