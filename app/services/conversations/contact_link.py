"""What a business's contact address does through its signed link, without an account: read an application or a
proposal, download the CV, write in the thread, change the status (app.services.conversations.routing checks the
link; the status rules are those of the owner)."""
from datetime import datetime

from app.core.errors import NotFound
from app.core.time import utcnow
from app.core.transaction import use_case
from app.files import cvs
from app.models.application import Application
from app.models.application_states import ApplicationStatus
from app.models.conversation import Message, Side
from app.models.interest import Interest
from app.services.access import ContactActor
from app.services.conversations import routing, threads
from app.services.responses import applications, interests


def service_of(subject: Application | Interest):
    """The module that changes this subject's status (applications or interests)."""
    return applications if isinstance(subject, Application) else interests


@use_case
def open_subject(token: str, now: datetime | None = None) -> tuple[Application | Interest, ContactActor]:
    """The subject of a valid link; opening a received application marks it « Consultée » for the candidate.

    :raise: see routing.open_contact_link.
    """
    subject, actor = routing.open_contact_link(token)
    if isinstance(subject, Application) and subject.status == ApplicationStatus.RECEIVED:
        applications.change_status(subject, actor, ApplicationStatus.VIEWED, None, now or utcnow())
    return subject, actor


def timeline(subject: Application | Interest) -> list[threads.Entry]:
    """The thread as the business sees it."""
    return threads.timeline(subject, Side.OWNER)


@use_case
def mark_read(subject: Application | Interest) -> None:
    """The business has read the whole thread."""
    threads.mark_read(subject, Side.OWNER)


@use_case
def post_message(token: str, body: str, now: datetime | None = None) -> Message:
    """The contact address writes in the thread, as the business.

    :raise: see routing.open_contact_link; Refused for an empty or too long message.
    """
    subject, actor = routing.open_contact_link(token)
    return threads.post(subject, Side.OWNER, body, author_email=actor.email, now=now)


@use_case
def change_status(token: str, target: str, message: str | None, now: datetime | None = None):
    """The contact address moves the subject on, as the owner would; the other side is told.

    :raise: see routing.open_contact_link; InvalidMove, NotAllowed, Refused as for the owner.
    """
    subject, actor = routing.open_contact_link(token)
    return service_of(subject).change_status(subject, actor, target, message, now or utcnow())


def cv_download(token: str) -> applications.Download:
    """The CV sent with the application of a valid link.

    :raise NotFound: a proposal, no CV, or the file is gone; see routing.open_contact_link for the link.
    """
    subject, _ = routing.open_contact_link(token)
    if not isinstance(subject, Application) or subject.cv is None:
        raise NotFound()
    path = cvs.cv_path(subject.cv.stored_name)
    if path is None:
        raise NotFound()
    return applications.Download(path=path, name=subject.cv.original_name)
