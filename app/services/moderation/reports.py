"""Reports of listings: anyone reports a published listing, several reporters hide it, chamber staff resolve them.

Different networks count, not accounts: reports from as many networks as the threshold put the listing first in
the chamber's queue and tell its staff; only confirmed accounts of some age, from as many networks, hide it.
"""
import ipaddress
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError

from app.core.errors import NotAllowed, NotFound, Refused
from app.core.hashing import keyed_hash
from app.core.time import utcnow
from app.core.transaction import use_case
from app.extensions import db
from app.mail.outbox import queue_mail
from app.models.listing import Listing
from app.models.listing_states import PUBLIC, SYSTEM, ListingStatus, ReviewReason
from app.models.moderation import Report, ReportReason, ReportStatus
from app.models.user import Role, User
from app.services.access import ensure_covers, is_owner, territory
from app.services.listings.lifecycle import transition
from app.services.moderation import audit

MAX_COMMENT = 2000
IPV4_PREFIX, IPV6_PREFIX = 24, 64  # one household, office or mobile carrier's pool counts once
AUTO_HIDE_MESSAGE = ("Plusieurs personnes ont signalé cette annonce : elle est masquée le temps que votre chambre "
                     "examine les signalements.")


def hide_threshold() -> int:
    """How many different reporters hide a listing until staff decide (REPORTS_HIDE_THRESHOLD, default 3)."""
    return int(current_app.config["REPORTS_HIDE_THRESHOLD"])


def min_account_age() -> timedelta:
    """How old a confirmed account must be for its reports to hide a listing (REPORTS_MIN_ACCOUNT_AGE_DAYS)."""
    return timedelta(days=int(current_app.config["REPORTS_MIN_ACCOUNT_AGE_DAYS"]))


def network_key(ip_address: str | None) -> str:
    """A keyed hash of the address's network (IPv4 /24, IPv6 /64), never stored in clear."""
    try:
        address = ipaddress.ip_address((ip_address or "").strip())
    except ValueError:
        return "net:" + keyed_hash("unknown", context="report-network:", length=40)
    if address.version == 6 and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    prefix = IPV4_PREFIX if address.version == 4 else IPV6_PREFIX
    network = ipaddress.ip_network(f"{address}/{prefix}", strict=False)
    return "net:" + keyed_hash(str(network), context="report-network:", length=40)


def _network():
    """The network a report counts for (reports older than the column count per reporter)."""
    return func.coalesce(Report.network_key, Report.reporter_key)


def reporter_key(user, ip_address: str | None) -> str:
    """Who reports: the account for a signed-in user, else a keyed hash of the IP address (never stored in clear)."""
    if getattr(user, "is_authenticated", False):
        return f"user:{user.id}"
    return "ip:" + keyed_hash(ip_address or "unknown", length=40)


def open_reporters(listing: Listing) -> int:
    """How many different networks have an open report on the listing (the queue's priority signal)."""
    return db.session.scalar(select(func.count(func.distinct(_network())))
                             .where(Report.listing_id == listing.id, Report.status == ReportStatus.OPEN)) or 0


def trusted_reporters(listing: Listing, now: datetime | None = None) -> int:
    """How many different networks have an open report by an active confirmed account old enough (the hiding
    signal): throw-away accounts and visitors never hide a listing."""
    born_before = (now or utcnow()) - min_account_age()
    return db.session.scalar(
        select(func.count(func.distinct(_network()))).join(User, User.id == Report.reporter_id)
        .where(Report.listing_id == listing.id, Report.status == ReportStatus.OPEN,
               User.email_confirmed_at.is_not(None), User.created_at <= born_before,
               User.is_active_account.is_(True))) or 0


@use_case
def create_report(listing: Listing, user, ip_address: str | None, reason: str, comment: str = "",
                  now: datetime | None = None) -> Report:
    """Record a report; at the threshold of different reporters the system suspends the listing in the same commit."""
    if listing.status not in PUBLIC:
        raise NotFound()
    if is_owner(user, listing.business):
        raise NotAllowed("Vous ne pouvez pas signaler votre propre annonce.")
    errors = {}
    member = ReportReason.lookup(reason or "")
    if member is None:
        errors["reason"] = "Choisissez la raison du signalement."
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        errors["comment"] = f"Votre commentaire tient en {MAX_COMMENT} caractères au plus."
    elif member == ReportReason.OTHER and len(comment) < 10:
        errors["comment"] = "Précisez en quelques mots ce qui ne va pas."
    key = reporter_key(user, ip_address)
    already = db.session.scalar(select(Report.id).where(Report.listing_id == listing.id, Report.reporter_key == key,
                                                        Report.status == ReportStatus.OPEN))
    if already is not None:
        errors["reason"] = "Vous avez déjà signalé cette annonce : la chambre de métiers va l’examiner."
    if errors:
        raise Refused(errors)
    now = now or utcnow()
    networks_before = open_reporters(listing)
    report = Report(listing_id=listing.id, reason=member, comment=comment, reporter_key=key, created_at=now,
                    network_key=network_key(ip_address),
                    reporter_id=user.id if getattr(user, "is_authenticated", False) else None,
                    status=ReportStatus.OPEN)
    db.session.add(report)
    try:
        db.session.flush()
    except IntegrityError:  # the same person reporting twice at the same moment
        raise Refused({"reason": "Vous avez déjà signalé cette annonce : la chambre de métiers va "
                                         "l’examiner."}) from None
    threshold = hide_threshold()
    if trusted_reporters(listing, now) >= threshold:
        _tell_chamber(listing, hidden=True)
        transition(listing, "suspend", SYSTEM, message=AUTO_HIDE_MESSAGE, reason=ReviewReason.REPORTED.value, now=now)
    elif networks_before < threshold <= open_reporters(listing):  # told once, when the listing goes first
        _tell_chamber(listing, hidden=False)
    return report


def _tell_chamber(listing: Listing, hidden: bool) -> None:
    """Queue a mail to every active staff member of the listing's chamber: hidden by reports, or first in the queue."""
    code = audit.chamber_code_of(listing.departement)
    staff = db.session.scalars(select(User).where(User.role == Role.STAFF, User.chamber_code == code,
                                                  User.is_active_account.is_(True)))
    subject = "Annonce masquée après des signalements" if hidden else "Annonce signalée à examiner en priorité"
    for member in staff:
        queue_mail(member.email, f"{subject} : {listing.title[:80]}",
                   "report_listing_hidden" if hidden else "report_listing_priority", listing=listing, staff=member,
                   threshold=hide_threshold(), min_age_days=min_account_age().days)


def hidden_by_reports(listing: Listing) -> bool:
    """True when the listing is suspended and the last decision on it was the system's (reports), not staff's."""
    if listing.status != ListingStatus.SUSPENDED:
        return False
    entry = audit.last_entry("listing", listing.id,
                             actions=("listing.suspend", "listing.reinstate", "reports.uphold"))
    return entry is not None and entry.action == "listing.suspend" and entry.actor_id is None


def queue_page(user, chamber_code: str | None = None, page: int = 1, per_page: int = 25):
    """Listings with open reports in the user's territory: first those reported from as many networks as the
    threshold, then the oldest reported; `counts` maps each listing of the page to (reports, different reporters,
    first report), `priority` holds the ids of the page's listings that come first."""
    departements = territory(user, chamber_code)
    first = func.min(Report.created_at)
    urgent = func.count(func.distinct(_network())) >= hide_threshold()
    query = (select(Listing).join(Report, Report.listing_id == Listing.id).where(Report.status == ReportStatus.OPEN)
             .group_by(Listing.id).order_by(case((urgent, 0), else_=1), first, Listing.id))
    if departements is not None:
        query = query.where(Listing.departement.in_(departements))
    pagination = db.paginate(query, page=page, per_page=per_page, error_out=False)
    ids = [listing.id for listing in pagination.items]
    rows = db.session.execute(select(Report.listing_id, func.count(Report.id),
                                     func.count(func.distinct(Report.reporter_key)), first, urgent)
                              .where(Report.status == ReportStatus.OPEN, Report.listing_id.in_(ids))
                              .group_by(Report.listing_id)).all() if ids else []
    pagination.counts = {listing_id: (count, reporters, at) for listing_id, count, reporters, at, _ in rows}
    pagination.priority = {listing_id for listing_id, *_, is_urgent in rows if is_urgent}
    return pagination


def open_count(user, chamber_code: str | None = None) -> int:
    """Open reports in the user's territory."""
    departements = territory(user, chamber_code)
    query = select(func.count(Report.id)).join(Report.listing).where(Report.status == ReportStatus.OPEN)
    if departements is not None:
        query = query.where(Listing.departement.in_(departements))
    return db.session.scalar(query) or 0


@use_case
def resolve(listing: Listing, user, decision: str, note: str, reason: str | None = None,
            now: datetime | None = None) -> int:
    """Close the open reports of a listing: dismiss (reinstate if only reports hid it) or uphold (suspend it)."""
    ensure_covers(user, listing.departement)
    if is_owner(user, listing.business):
        raise NotAllowed("Vous ne pouvez pas traiter les signalements de votre propre annonce.")
    errors = {}
    if decision not in ("dismiss", "uphold"):
        errors["decision"] = "Choisissez de classer les signalements ou de les retenir."
    note = (note or "").strip()
    if not note:
        errors["note"] = "Expliquez votre décision en quelques mots."
    review_reason = ReviewReason.lookup(reason or "") or ReviewReason.REPORTED
    if errors:
        raise Refused(errors)
    reports = db.session.scalars(select(Report).where(Report.listing_id == listing.id,
                                                      Report.status == ReportStatus.OPEN)).all()
    if not reports:
        raise Refused({"decision": "Ces signalements ont déjà été traités."})
    now = now or utcnow()
    status = ReportStatus.DISMISSED if decision == "dismiss" else ReportStatus.UPHELD
    reinstate = decision == "dismiss" and hidden_by_reports(listing)
    for report in reports:
        report.status, report.resolved_at, report.resolved_by_id, report.resolution_note = status, now, user.id, note
    audit.record(f"reports.{decision}", user, "listing", listing.id, chamber_code=audit.chamber_code_of(
        listing.departement), reason=review_reason.value if decision == "uphold" else None, message=note, at=now,
        details={"reports": [r.id for r in reports], "status": listing.status.value})
    if reinstate:
        transition(listing, "reinstate", user, message=note, now=now)
    elif decision == "uphold" and listing.status in PUBLIC:
        transition(listing, "suspend", user, message=note, reason=review_reason.value, now=now)
    elif decision == "uphold":  # kept suspended: the artisan now sees the chamber's reason
        listing.last_review_reason, listing.last_review_message = review_reason.value, note
    return len(reports)
