"""E-mail notices of new messages, batched: at most one per thread and side every MESSAGE_NOTICE_MINUTES, with the
link to the thread and never the message text (a notice may be read on a shared screen or forwarded)."""
import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import exists, or_, select, update

from app.core.time import utcnow
from app.core.transaction import use_case
from app.extensions import db
from app.mail.outbox import external_url, queue_mail
from app.models.conversation import Message, Side, Thread
from app.services.conversations.subjects import Reader, kind_of, subject_of, usable

log = logging.getLogger(__name__)
NOTICED = {Side.APPLICANT: "applicant_noticed_at", Side.OWNER: "owner_noticed_at"}
OTHER = {Side.APPLICANT: Side.OWNER, Side.OWNER: Side.APPLICANT}


def recipient(subject, side: Side) -> Reader | None:
    """Where the `side` of the subject's thread is told, or None (nobody reachable, or the chamber's queue)."""
    kind = kind_of(subject)
    if side == Side.OWNER:
        return kind.owner_reader(subject)
    person = kind.applicant(subject)
    return Reader(person.email, *kind.page(subject, side)) if usable(person) else None


def link(reader: Reader) -> str:
    """The address that opens the thread for the reader, at its messages."""
    return reader.endpoint if reader.by_link else external_url(reader.endpoint, **reader.values) + "#echanges"


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
    subject = subject_of(thread)
    reader = recipient(subject, side)
    if reader is None:
        return False
    mail_notice(subject, side, reader)
    return True


def mail_notice(subject, side: Side, reader: Reader) -> None:
    """Queue the notice (never the text) that the other side wrote in the subject's thread, for `side`'s reader."""
    kind = kind_of(subject)
    other = kind.owner_label(subject) if side == Side.APPLICANT else kind.applicant_label(subject)
    title = kind.title(subject)
    queue_mail(reader.email, f"Nouveau message concernant {title}", "message_notice", title=title,
               other=other, url=link(reader), by_link=reader.by_link)


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
