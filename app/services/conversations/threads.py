"""Threads: one per subject (app.services.conversations.subjects); post a plain-text message, read the timeline, count unread."""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select, union_all

from app.core.errors import Refused
from app.core.text import refuse_control_characters
from app.core.time import utcnow
from app.core.transaction import use_case
from app.extensions import db
from app.models.conversation import Message, Side, Thread
from app.services.conversations.subjects import KINDS, kind_of

MESSAGE_MAX = 3000
READ_COLUMNS = {Side.APPLICANT: "applicant_read_id", Side.OWNER: "owner_read_id"}


@dataclass(frozen=True)
class Entry:
    """One line of a thread's timeline: a message, or a change of status with the words sent with it."""

    at: datetime
    side: Side
    author: str
    body: str
    status: str | None = None  # the French status label, for a change of status
    message: Message | None = None  # the message itself (to report it), for messages
    unread: bool = False


def _thread_or_none(subject) -> Thread | None:
    """The subject's thread if it exists."""
    return db.session.scalar(select(Thread).where(kind_of(subject).thread_column() == subject.id))


def thread_of(subject) -> Thread:
    """The subject's thread, created (and flushed) on first use."""
    thread = _thread_or_none(subject)
    if thread is None:
        thread = Thread(**{kind_of(subject).column: subject.id})
        db.session.add(thread)
        db.session.flush()
    return thread


def clean_body(body: str | None) -> str:
    """The message text, checked: not empty, at most MESSAGE_MAX characters, no control characters."""
    body = (body or "").strip()
    if not body:
        raise Refused({"body": "Le message est vide."})
    if len(body) > MESSAGE_MAX:
        raise Refused({"body": f"{MESSAGE_MAX} caractères au maximum (votre message en compte {len(body)})."})
    refuse_control_characters(body, "body", "Message", multi_line=True)
    return body


def closed_text(subject) -> str | None:
    """Why no one may write in the subject's thread any more (declined, withdrawn, closed, erased), or None."""
    return kind_of(subject).closed_text(subject)


@use_case
def post(subject, side: Side, body: str, *, author=None, author_email: str | None = None,
         now: datetime | None = None) -> Message:
    """Add a message from `side` (an account, or the contact address `author_email`); the writer has read the rest.

    The caller has checked that the writer is that side of this subject (app.services.access).
    """
    closed = closed_text(subject)
    if closed:
        raise Refused({"body": closed})
    thread = thread_of(subject)
    message = Message(thread=thread, side=side, author=author, author_email=author_email, body=clean_body(body),
                      created_at=now or utcnow())
    db.session.add(message)
    db.session.flush()
    if side in READ_COLUMNS:
        setattr(thread, READ_COLUMNS[side], message.id)
    return message


def post_platform(subject, text: str, now: datetime | None = None) -> Message:
    """A line written by Passerelle itself in the thread (an interview proposed, accepted, moved...); no commit."""
    thread = thread_of(subject)
    message = Message(thread=thread, side=Side.PLATFORM, body=text, created_at=now or utcnow())
    db.session.add(message)
    db.session.flush()
    return message


@use_case
def mark_read(subject, side: Side) -> None:
    """Everything in the subject's thread is read by `side` now (nothing to do before the first message)."""
    thread = _thread_or_none(subject)
    if thread is None:
        return
    last = db.session.scalar(select(func.max(Message.id)).where(Message.thread_id == thread.id)) or 0
    if getattr(thread, READ_COLUMNS[side]) < last:
        setattr(thread, READ_COLUMNS[side], last)


def _label(subject, side: Side) -> str:
    """How the timeline names who wrote a line."""
    if side == Side.PLATFORM:
        return "Passerelle"
    kind = kind_of(subject)
    return kind.owner_label(subject) if side == Side.OWNER else kind.applicant_label(subject)


def timeline(subject, viewer: Side | None) -> list[Entry]:
    """Messages and status changes of the subject, oldest first; `viewer`'s unread lines are marked."""
    thread = _thread_or_none(subject)
    read_id = getattr(thread, READ_COLUMNS[viewer]) if thread is not None and viewer in READ_COLUMNS else None
    applicant = kind_of(subject).applicant(subject)
    applicant_id = applicant.id if applicant is not None else None
    entries = []
    for event in getattr(subject, "events", ()):
        if event.by_id is None and event.by_email is None:
            side = Side.PLATFORM
        else:
            side = Side.APPLICANT if event.by_id is not None and event.by_id == applicant_id else Side.OWNER
        entries.append(Entry(at=event.at, side=side, author=_label(subject, side), body=event.message or "",
                             status=event.status.label))
    for message in thread.messages if thread is not None else ():
        if message.hidden_at is not None:
            body = "Message masqué par la chambre après un signalement."
        elif message.erased_at is not None:
            body = "Message effacé."
        else:
            body = message.body
        entries.append(Entry(at=message.created_at, side=message.side, author=_label(subject, message.side),
                             body=body, message=message,
                             unread=read_id is not None and message.side != viewer and message.id > read_id))
    return sorted(entries, key=lambda entry: (entry.at, entry.message.id if entry.message else 0))


def unread_count(user, kind: str | None = None) -> int:
    """Messages from the other side (or Passerelle) that `user` has not read, in every thread they take part in
    (only those of one kind of subject for `kind`: "application", "interest", "spontaneous", "diagnostic")."""
    if not getattr(user, "is_authenticated", False):
        return 0
    kinds = [KINDS[kind]] if kind is not None else list(KINDS.values())
    as_applicant = union_all(*(k.threads_as(Side.APPLICANT, user) for k in kinds))
    as_owner = union_all(*(k.threads_as(Side.OWNER, user) for k in kinds))
    query = (select(func.count(Message.id)).select_from(Message).join(Thread, Message.thread_id == Thread.id)
             .where(Message.hidden_at.is_(None),
                    or_(Thread.id.in_(as_applicant) & (Message.side != Side.APPLICANT)
                        & (Message.id > Thread.applicant_read_id),
                        Thread.id.in_(as_owner) & (Message.side != Side.OWNER) & (Message.id > Thread.owner_read_id))))
    return db.session.scalar(query) or 0


def unread_by_subject(subjects, side: Side) -> dict[int, int]:
    """Unread messages from the other side (or Passerelle) for `side`, per application or proposal id, in one query.

    `subjects` are all of one kind, each already checked to have the reader as `side`.
    """
    subjects = list(subjects)
    if not subjects or side not in READ_COLUMNS:
        return {}
    column = kind_of(subjects[0]).thread_column()
    read_id = getattr(Thread, READ_COLUMNS[side])
    query = (select(column, func.count(Message.id)).join(Message, Message.thread_id == Thread.id)
             .where(column.in_([subject.id for subject in subjects]), Message.side != side, Message.id > read_id,
                    Message.hidden_at.is_(None))
             .group_by(column))
    return dict(db.session.execute(query).all())
