"""E-mail notices of new messages, batched: at most one per thread and side every MESSAGE_NOTICE_MINUTES, with the
link to the thread and never the message text (a notice may be read on a shared screen or forwarded)."""
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import exists, or_, select, update

from app.core.time import utcnow
from app.core.transaction import use_case
from app.extensions import db
from app.mail.outbox import external_url, queue_mail
from app.models.application import Application
from app.models.conversation import Delivery, Message, Side, Thread
from app.services.conversations import routing
from app.services.messaging.notifications import shorten

log = logging.getLogger(__name__)
NOTICED = {Side.APPLICANT: "applicant_noticed_at", Side.OWNER: "owner_noticed_at"}
OTHER = {Side.APPLICANT: Side.OWNER, Side.OWNER: Side.APPLICANT}


@dataclass(frozen=True)
class Notice:
    """Who is told about new messages of one thread, and the link that opens it for them."""

    email: str
    url: str
    by_link: bool = False  # a contact address without an account, through its signed link


def _usable(user) -> bool:
    """An account that can sign in (deleted or deactivated accounts get nothing)."""
    return user is not None and user.is_active_account and user.deleted_at is None


def recipient(subject, side: Side) -> Notice | None:
    """Where the `side` of the subject's thread is told, or None (nobody reachable, or the chamber's queue)."""
    is_application = isinstance(subject, Application)
    if side == Side.APPLICANT:
        person = subject.candidate if is_application else subject.partner
        if not _usable(person):
            return None
        endpoint, key = ("candidate.application", "application_id") if is_application else \
            ("partner.interest", "interest_id")
        return Notice(person.email, external_url(endpoint, **{key: subject.id}) + "#echanges")
    route = routing.current_route(subject)
    if route.delivery == Delivery.OWNER and _usable(route.user):
        endpoint, key = ("inbox.application", "application_id") if is_application else \
            ("inbox.interest", "interest_id")
        return Notice(route.user.email, external_url(endpoint, **{key: subject.id}) + "#echanges")
    if route.delivery == Delivery.CONTACT and route.email:
        return Notice(route.email, routing.contact_url(subject, route.email), by_link=True)
    return None


def _due(side: Side, now: datetime, minutes: int):
    """Ids of threads where `side` has unread messages of the other side, newer than its last notice, and whose
    last notice is at least `minutes` old."""
    noticed = getattr(Thread, NOTICED[side])
    read_id = Thread.applicant_read_id if side == Side.APPLICANT else Thread.owner_read_id
    fresh = exists().where(Message.thread_id == Thread.id, Message.side == OTHER[side], Message.id > read_id,
                           Message.hidden_at.is_(None), Message.erased_at.is_(None),
                           or_(noticed.is_(None), Message.created_at > noticed))
    return select(Thread.id).where(fresh, or_(noticed.is_(None), noticed <= now - timedelta(minutes=minutes))) \
        .order_by(Thread.id)


@use_case
def notify_thread(thread_id: int, side: Side, now: datetime, minutes: int) -> bool:
    """Mail one side of one thread if it is due (claimed by a conditional update, so two senders send once)."""
    thread = db.session.get(Thread, thread_id)
    noticed = getattr(Thread, NOTICED[side])
    previous = getattr(thread, NOTICED[side])
    claimed = db.session.execute(
        update(Thread).where(Thread.id == thread_id,
                             noticed.is_(None) if previous is None else noticed == previous,
                             or_(noticed.is_(None), noticed <= now - timedelta(minutes=minutes)))
        .values({NOTICED[side]: now}).execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        return False
    subject = thread.application or thread.interest
    notice = recipient(subject, side)
    if notice is None:
        return False
    listing = routing.listing_of(subject)
    other = _other_name(subject, side)
    queue_mail(notice.email, f"Nouveau message concernant « {shorten(listing.title)} »", "message_notice",
               listing=listing, other=other, url=notice.url, by_link=notice.by_link,
               is_application=isinstance(subject, Application))
    return True


def _other_name(subject, side: Side) -> str:
    """Who wrote, as the notice names them: the business's name, or the candidate's or partner's label."""
    is_application = isinstance(subject, Application)
    if side == Side.APPLICANT:
        return routing.listing_of(subject).business.name
    return subject.candidate_label if is_application else subject.partner_label


def send_notices(now: datetime | None = None) -> int:
    """Send every due notice of new messages; the number of e-mails queued."""
    now = now or utcnow()
    minutes = current_app.config["MESSAGE_NOTICE_MINUTES"]
    sent = 0
    for side in (Side.APPLICANT, Side.OWNER):
        for thread_id in list(db.session.scalars(_due(side, now, minutes))):
            if notify_thread(thread_id, side, now, minutes):
                sent += 1
    log.info("message notices sent=%s", sent)
    return sent
