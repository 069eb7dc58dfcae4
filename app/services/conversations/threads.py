"""Threads: one per application or partner proposal; post a plain-text message, read the timeline, count unread."""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select

from app.core.errors import Refused
from app.core.text import refuse_control_characters
from app.core.time import utcnow
from app.core.transaction import use_case
from app.extensions import db
from app.models.application import Application
from app.models.application_states import ApplicationStatus, InterestStatus
from app.models.business import Business
from app.models.conversation import Message, Side, Thread
from app.models.interest import Interest
from app.models.listing import Listing

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


def thread_of(subject: Application | Interest) -> Thread:
    """The subject's thread, created (and flushed) on first use."""
    column = Thread.application_id if isinstance(subject, Application) else Thread.interest_id
    thread = db.session.scalar(select(Thread).where(column == subject.id))
    if thread is None:
        thread = Thread(application=subject) if isinstance(subject, Application) else Thread(interest=subject)
        db.session.add(thread)
        db.session.flush()
    return thread


def _thread_or_none(subject: Application | Interest) -> Thread | None:
    """The subject's thread if it exists."""
    column = Thread.application_id if isinstance(subject, Application) else Thread.interest_id
    return db.session.scalar(select(Thread).where(column == subject.id))


def clean_body(body: str | None) -> str:
    """The message text, checked: not empty, at most MESSAGE_MAX characters, no control characters."""
    body = (body or "").strip()
    if not body:
        raise Refused({"body": "Le message est vide."})
    if len(body) > MESSAGE_MAX:
        raise Refused({"body": f"{MESSAGE_MAX} caractères au maximum (votre message en compte {len(body)})."})
    refuse_control_characters(body, "body", "Message", multi_line=True)
    return body


def closed_text(subject: Application | Interest) -> str | None:
    """Why no one may write in the subject's thread any more (declined, withdrawn, erased), or None while open.

    A retained application stays open: both sides still have a contract to prepare.
    """
    if subject.anonymised_at is not None:
        return "Cette conversation est archivée : on ne peut plus y écrire."
    if isinstance(subject, Application):
        if subject.status == ApplicationStatus.WITHDRAWN:
            return "Cette candidature a été retirée : la conversation est close."
        if subject.status == ApplicationStatus.DECLINED:
            return "Cette candidature n’a pas été retenue : la conversation est close."
    elif subject.status == InterestStatus.DECLINED:
        return "Cette proposition a été déclinée : la conversation est close."
    return None


@use_case
def post(subject: Application | Interest, side: Side, body: str, *, author=None, author_email: str | None = None,
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


def post_platform(subject: Application | Interest, text: str, now: datetime | None = None) -> Message:
    """A line written by Passerelle itself in the thread (an interview proposed, accepted, moved...); no commit."""
    thread = thread_of(subject)
    message = Message(thread=thread, side=Side.PLATFORM, body=text, created_at=now or utcnow())
    db.session.add(message)
    db.session.flush()
    return message


@use_case
def mark_read(subject: Application | Interest, side: Side) -> None:
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
    if side == Side.OWNER:
        return subject.offer.business.name if isinstance(subject, Application) else subject.project.business.name
    return subject.candidate_label if isinstance(subject, Application) else subject.partner_label


def timeline(subject: Application | Interest, viewer: Side | None) -> list[Entry]:
    """Messages and status changes of the subject, oldest first; `viewer`'s unread lines are marked."""
    thread = _thread_or_none(subject)
    read_id = getattr(thread, READ_COLUMNS[viewer]) if thread is not None and viewer in READ_COLUMNS else None
    applicant_id = _applicant_id(subject)
    entries = []
    for event in subject.events:
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


def _applicant_id(subject) -> int:
    return subject.candidate_id if isinstance(subject, Application) else subject.partner_id


def unread_count(user, kind: str | None = None) -> int:
    """Messages from the other side (or Passerelle) that `user` has not read, in every thread they take part in
    (only those of applications, or of proposals, for `kind` "application" or "interest")."""
    if not getattr(user, "is_authenticated", False):
        return 0
    listing_id = func.coalesce(Application.offer_id, Interest.project_id)
    applicant = or_(Application.candidate_id == user.id, Interest.partner_id == user.id)
    owner = Business.owner_id == user.id
    query = (select(func.count(Message.id)).select_from(Message).join(Thread, Message.thread_id == Thread.id)
             .outerjoin(Application, Thread.application_id == Application.id)
             .outerjoin(Interest, Thread.interest_id == Interest.id)
             .join(Listing, Listing.id == listing_id).join(Business, Listing.business_id == Business.id)
             .where(Message.hidden_at.is_(None),
                    or_(applicant & (Message.side != Side.APPLICANT) & (Message.id > Thread.applicant_read_id),
                        owner & (Message.side != Side.OWNER) & (Message.id > Thread.owner_read_id))))
    if kind is not None:
        query = query.where((Thread.application_id if kind == "application" else Thread.interest_id).is_not(None))
    return db.session.scalar(query) or 0


def unread_by_subject(subjects, side: Side) -> dict[int, int]:
    """Unread messages from the other side (or Passerelle) for `side`, per application or proposal id, in one query.

    `subjects` are all applications or all proposals, each already checked to have the reader as `side`.
    """
    subjects = list(subjects)
    if not subjects or side not in READ_COLUMNS:
        return {}
    column = Thread.application_id if isinstance(subjects[0], Application) else Thread.interest_id
    read_id = getattr(Thread, READ_COLUMNS[side])
    query = (select(column, func.count(Message.id)).join(Message, Message.thread_id == Thread.id)
             .where(column.in_([subject.id for subject in subjects]), Message.side != side, Message.id > read_id,
                    Message.hidden_at.is_(None))
             .group_by(column))
    return dict(db.session.execute(query).all())
