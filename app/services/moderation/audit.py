"""The audit log: record decisions in the caller's transaction, read a subject's history; never update or delete."""
from datetime import date, datetime
from enum import Enum

from sqlalchemy import or_, select

from app.core.time import utcnow
from app.extensions import db
from app.geo import chamber_for_departement
from app.models.business import Business
from app.models.listing import Listing
from app.models.moderation import ACTION_LABELS, AuditEntry
from app.services.accounts import security_log
from app.services.listings.fields import REVIEWED_FIELDS


def actor_label(actor) -> str:
    """How the actor is named in the log: display name and e-mail, or « Système »."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "Système"
    name = (actor.display_name or "").strip()
    return f"{name} <{actor.email}>" if name else actor.email


def _plain(value):
    """A JSON-friendly version of a field value."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def snapshot(listing: Listing) -> dict:
    """The reviewed fields of a listing as plain JSON values."""
    return {name: _plain(getattr(listing, name)) for name in REVIEWED_FIELDS if hasattr(listing, name)}


def record(action: str, actor, subject_type: str, subject_id: int | None, *, chamber_code: str | None = None,
           reason: str | None = None, message: str | None = None, details: dict | None = None,
           at: datetime | None = None) -> AuditEntry:
    """Add an entry to the session; the caller's commit writes it together with the decision it describes.

    :raise ValueError: for an action without its French label in ACTION_LABELS (the journal shows that label).
    """
    if action not in ACTION_LABELS:
        raise ValueError(f"audit action without a label in app.models.moderation.ACTION_LABELS: {action}")
    user_id = actor.id if getattr(actor, "is_authenticated", False) else None
    entry = AuditEntry(at=at or utcnow(), actor_id=user_id, actor_label=actor_label(actor), action=action,
                       subject_type=subject_type, subject_id=subject_id, chamber_code=chamber_code,
                       reason=reason, message=message, details=details or {})
    db.session.add(entry)
    security_log.from_audit(action, actor, subject_type, subject_id)  # who decided, from where, in which request
    return entry


def chamber_code_of(departement: str | None) -> str | None:
    """The code of the chamber covering a département."""
    chamber = chamber_for_departement(departement) if departement else None
    return chamber.code if chamber else None


def record_listing_decision(listing: Listing, action: str, actor, reason: str | None = None,
                            message: str | None = None, at: datetime | None = None) -> AuditEntry:
    """Record a staff (or system) decision on a listing with a snapshot of its reviewed content."""
    return record(f"listing.{action}", actor, "listing", listing.id, chamber_code=chamber_code_of(listing.departement),
                  reason=reason, message=message, at=at,
                  details={"status": listing.status.value, "snapshot": snapshot(listing)})


def history(subject_type: str, subject_id: int, limit: int = 200) -> list[AuditEntry]:
    """The entries about one subject, newest first."""
    return list(db.session.scalars(
        select(AuditEntry).where(AuditEntry.subject_type == subject_type, AuditEntry.subject_id == subject_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)))


def business_history(business, limit: int = 200) -> list[AuditEntry]:
    """The entries about a business and about every listing it has published, newest first."""
    listing_ids = [listing.id for listing in business.listings]
    conditions = [(AuditEntry.subject_type == "business") & (AuditEntry.subject_id == business.id)]
    if listing_ids:
        conditions.append((AuditEntry.subject_type == "listing") & AuditEntry.subject_id.in_(listing_ids))
    return list(db.session.scalars(select(AuditEntry).where(or_(*conditions))
                                   .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)))


def last_entry(subject_type: str, subject_id: int, actions: tuple[str, ...] | None = None,
               with_snapshot: bool = False) -> AuditEntry | None:
    """The newest entry about a subject, among some actions, optionally only one that carries a snapshot."""
    query = select(AuditEntry).where(AuditEntry.subject_type == subject_type, AuditEntry.subject_id == subject_id)
    if actions:
        query = query.where(AuditEntry.action.in_(actions))
    for entry in db.session.scalars(query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())):
        if not with_snapshot or (entry.details or {}).get("snapshot") is not None:
            return entry
    return None


def entries_page(chamber_codes: tuple[str, ...] | None, page: int = 1, per_page: int = 50):
    """A page of the log, newest first, limited to some chambers (None: all)."""
    query = select(AuditEntry)
    if chamber_codes is not None:
        query = query.where(AuditEntry.chamber_code.in_(chamber_codes))
    return db.paginate(query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()), page=page, per_page=per_page,
                       error_out=False)


def subject_names(entries) -> dict[tuple[str, int], str]:
    """The title or name of each listing and business the entries are about, by (subject_type, subject_id)."""
    wanted: dict[str, set[int]] = {"listing": set(), "business": set()}
    for entry in entries:
        if entry.subject_type in wanted and entry.subject_id is not None:
            wanted[entry.subject_type].add(entry.subject_id)
    names: dict[tuple[str, int], str] = {}
    if wanted["listing"]:
        rows = db.session.execute(select(Listing.id, Listing.title).where(Listing.id.in_(wanted["listing"])))
        names |= {("listing", row.id): row.title for row in rows}
    if wanted["business"]:
        rows = db.session.execute(select(Business.id, Business.name).where(Business.id.in_(wanted["business"])))
        names |= {("business", row.id): row.name for row in rows}
    return names
