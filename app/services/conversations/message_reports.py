"""Reported messages: a participant reports a message of the other side to the chamber, whose staff see that message
only (never the rest of the thread) and hide it or close the report."""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.core.errors import Conflict, NotAllowed, NotFound, Refused
from app.core.text import refuse_control_characters
from app.core.time import utcnow
from app.core.transaction import use_case
from app.extensions import db
from app.mail.outbox import external_url, queue_mail
from app.models.application import Application
from app.models.application_states import Party
from app.models.business import Business
from app.models.conversation import Message, Side, Thread
from app.models.interest import Interest
from app.services import access
from app.services.conversations import routing
from app.services.conversations.subjects import kind_of, subject_of
from app.services.moderation import audit

COMMENT_MAX = 1000
PARTY_SIDES = {Party.CANDIDATE: Side.APPLICANT, Party.PARTNER: Side.APPLICANT, Party.OWNER: Side.OWNER}


@dataclass(frozen=True)
class Reported:
    """One reported message as the chamber sees it: the message, who wrote it (which side), what it is about."""

    message: Message
    title: str  # « la candidature à « … » »
    business: Business
    author_side: str  # « le candidat », « le partenaire », « l’entreprise »


def side_of(subject, user) -> Side | None:
    """The side `user` takes in the subject's thread, or None for anyone else (staff included)."""
    kind = kind_of(subject)
    if not kind.reportable or not getattr(user, "is_authenticated", False):
        return None
    if isinstance(subject, Application):
        return PARTY_SIDES.get(access.application_party(subject, user))
    if isinstance(subject, Interest):
        return PARTY_SIDES.get(access.interest_party(subject, user))
    applicant = kind.applicant(subject)
    if applicant is not None and applicant.id == user.id:
        return Side.APPLICANT
    return Side.OWNER if access.is_owner(user, kind.business(subject)) else None


def reportable_or_404(message_id: int, user) -> tuple[Message, Side]:
    """A message the participant `user` may report, with their side.

    :raise NotFound: unknown, hidden or erased, or `user` takes no part in its thread.
    :raise NotAllowed: their own message, or a line written by Passerelle.
    """
    message = db.session.get(Message, message_id)
    side = side_of(subject_of(message.thread), user) if message is not None else None
    if side is None or message.hidden_at is not None or message.erased_at is not None:
        raise NotFound()
    if message.side != (Side.OWNER if side == Side.APPLICANT else Side.APPLICANT):
        raise NotAllowed("Vous ne pouvez signaler qu’un message de l’autre partie.")
    return message, side


def author_side(message: Message) -> str:
    """How the chamber names the author of a message (never their name: the side is enough)."""
    if message.side == Side.OWNER:
        return "l’entreprise"
    return kind_of(subject_of(message.thread)).applicant_word


@use_case
def report(message_id: int, user, comment: str | None = None, now: datetime | None = None) -> Message:
    """Report a message of the other side; the chamber's staff are told by e-mail (without the message text).

    :raise NotFound, NotAllowed: as reportable_or_404. :raise Conflict: already reported.
    :raise Refused: a comment too long or with control characters.
    """
    message, _side = reportable_or_404(message_id, user)
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise Refused({"comment": f"{COMMENT_MAX} caractères au maximum."})
    refuse_control_characters(comment, "comment", "Commentaire", multi_line=True)
    if message.report_closed_at is not None:
        raise Conflict("La chambre a déjà examiné ce message et l’a laissé visible.")
    if message.reported_at is not None:
        raise Conflict("Ce message est déjà signalé : la chambre l’examine.")
    message.reported_at, message.reported_by_id, message.report_comment = now or utcnow(), user.id, comment or None
    subject = subject_of(message.thread)
    kind = kind_of(subject)
    for member in routing.chamber_staff(kind.departement(subject)):
        queue_mail(member.email, "Un message a été signalé", "message_reported", staff=member,
                   title=kind.title(subject), business=kind.business(subject),
                   link=external_url("moderation.reported_messages"))
    return message


def reported_messages(user, chamber_code: str | None = None) -> list[Reported]:
    """Open reports of the user's territory, oldest first: each the reported message only.

    :raise NotAllowed: not a moderator, or another chamber asked by a staff member.
    """
    departements = access.territory(user, chamber_code)
    query = (select(Message).join(Thread, Message.thread_id == Thread.id)
             .where(Message.reported_at.is_not(None), Message.report_closed_at.is_(None),
                    Message.hidden_at.is_(None), Message.erased_at.is_(None))
             .order_by(Message.reported_at, Message.id))
    reported = []
    for message in db.session.scalars(query):
        subject = subject_of(message.thread)
        kind = kind_of(subject)
        if departements is None or kind.departement(subject) in departements:
            reported.append(Reported(message, kind.title(subject), kind.business(subject), author_side(message)))
    return reported


def reported_for_staff(message_id: int, user) -> tuple[Message, str | None]:
    """A reported message for the staff of its territory.

    :raise NotFound: unknown or never reported (staff never read a thread otherwise).
    :raise NotAllowed: outside the user's territory.
    """
    message = db.session.get(Message, message_id)
    if message is None or message.reported_at is None:
        raise NotFound()
    subject = subject_of(message.thread)
    departement = kind_of(subject).departement(subject)
    access.ensure_covers(user, departement)
    return message, departement


@use_case
def decide(message_id: int, user, decision: str, now: datetime | None = None) -> Message:
    """« hide » the reported message from both sides, or « close » the report; recorded in the audit log.

    :raise NotFound, NotAllowed: as reported_for_staff. :raise Conflict: already decided.
    """
    message, departement = reported_for_staff(message_id, user)
    if decision not in ("hide", "close"):
        raise NotFound()
    if message.hidden_at is not None or message.report_closed_at is not None:
        raise Conflict("Ce signalement a déjà été traité.")
    now = now or utcnow()
    if decision == "hide":
        message.hidden_at = now
    message.report_closed_at, message.report_closed_by_id = now, user.id
    audit.record(f"message.{'hidden' if decision == 'hide' else 'report_closed'}", user, "message", message.id,
                 chamber_code=audit.chamber_code_of(departement), at=now,
                 details={**_subject_ids(message.thread), "author_side": message.side.value})
    return message


def _subject_ids(thread: Thread) -> dict:
    """The journal's pointer to what the thread is about (its listing, for applications and proposals)."""
    subject = subject_of(thread)
    if isinstance(subject, Application):
        return {"listing_id": subject.offer_id}
    if isinstance(subject, Interest):
        return {"listing_id": subject.project_id}
    return {f"{kind_of(subject).name}_id": subject.id}
