"""Applications: apply to a published offer, follow and withdraw it; the artisan's inbox, statuses, notes, CV."""
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.core.errors import NotAllowed, NotFound, Refused
from app.core.time import utcnow
from app.core.transaction import use_case
from app.extensions import db
from app.files import cvs
from app.mail.outbox import external_url, queue_mail
from app.models.application import Application, ApplicationEvent, ApplicationNote
from app.models.application_states import (
    APPLICATION_FINAL,
    APPLICATION_MOVES,
    APPLICATION_OPEN,
    ApplicationStatus,
    InvalidMove,
    Move,
    Party,
)
from app.models.business import Business
from app.models.candidate import CvFile
from app.models.listing import Offer
from app.models.listing_states import PUBLIC
from app.models.user import Permission
from app.services.access import ContactActor, application_or_404, application_party
from app.services.conversations import routing
from app.services.messaging import notifications
from app.services.responses.candidate_profiles import get_profile
from app.services.responses.moves import AlreadyMoved, take_move

MESSAGE_MAX = 5000
ANSWER_MAX = 2000
NOTE_MAX = 5000
S = ApplicationStatus

MSG_DUPLICATE = "Vous avez déjà postulé à cette offre : retrouvez votre candidature dans « Mes candidatures »."

# Pre-filled messages the artisan can edit before sending; {first_name}, {title} and {business} are filled in.
STATUS_TEMPLATES = {
    S.INTERVIEW: ("Bonjour {first_name},\n\nvotre candidature à l’offre « {title} » a retenu notre attention. "
                  "Nous aimerions vous rencontrer pour un entretien : pouvez-vous nous indiquer vos disponibilités "
                  "pour les jours qui viennent ?\n\nÀ bientôt,\n{business}"),
    S.ACCEPTED: ("Bonjour {first_name},\n\nnous avons le plaisir de vous annoncer que votre candidature à l’offre "
                 "« {title} » est retenue. Nous vous contacterons très vite pour préparer ensemble votre contrat "
                 "d’apprentissage.\n\nBienvenue parmi nous,\n{business}"),
    S.DECLINED: ("Bonjour {first_name},\n\nnous vous remercions de votre candidature à l’offre « {title} ». Après "
                 "examen, nous ne pouvons pas y donner une suite favorable. Nous vous souhaitons de trouver très "
                 "vite l’entreprise qui vous accueillera.\n\nBien cordialement,\n{business}"),
}
FILLED_MESSAGE = ("Bonjour {first_name},\n\nl’offre « {title} » vient d’être pourvue : votre candidature ne peut donc "
                  "pas être retenue cette fois-ci. Merci de l’intérêt que vous avez porté à {business}. D’autres "
                  "offres vous attendent sur Passerelle.\n\nBien cordialement,\n{business}")

SUBJECTS = {
    "application_received": "Nouvelle candidature pour « {title} »",
    "application_status": "Votre candidature « {title} » : {status}",
    "application_withdrawn": "Candidature retirée pour « {title} »",
}


class DuplicateApplication(Refused):
    """The candidate already applied to this offer."""

    def __init__(self):
        super().__init__({"form": MSG_DUPLICATE})


@dataclass(frozen=True)
class Download:
    """A CV ready to be sent: where it is on disk and the name the browser should save it under."""

    path: Path
    name: str


def daily_cap() -> int:
    """How many applications a candidate may send in 24 hours (setting APPLICATION_DAILY_CAP)."""
    return int(current_app.config["APPLICATION_DAILY_CAP"])


def _short(title: str) -> str:
    """A title short enough for a subject line."""
    return notifications.shorten(title)


def _context(application: Application) -> dict:
    """Names used by the French message templates."""
    profile = get_profile(application.candidate)
    first_name = profile.first_name if profile else (application.candidate.display_name or "")
    return {"first_name": first_name, "title": application.offer.title, "business": application.offer.business.name}


def message_template(application: Application, target: ApplicationStatus | str) -> str:
    """The pre-filled French message for a move to `target` ("" when there is none)."""
    template = STATUS_TEMPLATES.get(S(target))
    return template.format(**_context(application)) if template else ""


# --- who is who ------------------------------------------------------------------------------------------------

def allowed_moves(application: Application, user) -> list[Move]:
    """The status changes `user` may make now (for the buttons; the server checks again)."""
    party = application_party(application, user)
    return [move for move in APPLICATION_MOVES.values()
            if party in move.parties and application.status in move.sources and move.target != S.VIEWED]


# --- the candidate's side --------------------------------------------------------------------------------------

def _clean_answers(offer: Offer, answers: list[str] | None) -> list[dict]:
    """One non-empty answer per question of the offer."""
    answers = list(answers or [])
    cleaned, errors = [], {}
    for index, question in enumerate(offer.questions or []):
        answer = (answers[index] if index < len(answers) else "") or ""
        answer = answer.strip()
        if not answer:
            errors[f"answer_{index + 1}"] = "Répondez à cette question."
        elif len(answer) > ANSWER_MAX:
            errors[f"answer_{index + 1}"] = f"{ANSWER_MAX} caractères au maximum."
        cleaned.append({"question": question, "answer": answer})
    if errors:
        raise Refused(errors)
    return cleaned


def existing_application(offer: Offer, candidate) -> Application | None:
    """The candidate's application to this offer, if any."""
    return db.session.scalar(select(Application).filter_by(offer_id=offer.id, candidate_id=candidate.id))


def apply(offer: Offer, candidate, *, message: str, answers: list[str] | None = None, cv_upload=None,
          keep_cv: bool = False, now: datetime | None = None) -> Application:
    """Apply to a published offer with a message, answers and a CV (new upload, else the profile's).

    `keep_cv` is the candidate's consent to keep the CV up to 2 years after the end (else 3 months).
    """
    now = now or utcnow()
    if not candidate.can(Permission.APPLY):
        raise NotAllowed("Seuls les comptes « Jeune / apprenti » peuvent postuler.")
    if not isinstance(offer, Offer) or offer.status not in PUBLIC:
        raise InvalidMove("Cette offre n’accepte plus de candidatures.")
    profile = get_profile(candidate)
    if profile is None:
        raise Refused({"profile": "Complétez d’abord votre profil de candidat."})
    if existing_application(offer, candidate) is not None:  # the UNIQUE constraint still decides under a race
        raise DuplicateApplication()
    routing.reachable_recipient(offer)  # refuse before anything is stored when nobody would receive it
    sent = db.session.scalar(select(func.count(Application.id)).where(
        Application.candidate_id == candidate.id, Application.created_at > now - timedelta(hours=24)))
    if sent >= daily_cap():
        raise Refused({"form": f"Vous avez envoyé {sent} candidatures ces dernières 24 heures : c’est le "
                                       "maximum. Prenez le temps de préparer les suivantes et revenez demain."})
    errors = {}
    message = (message or "").strip()
    if not message:
        errors["message"] = "Écrivez quelques mots à l’artisan."
    elif len(message) > MESSAGE_MAX:
        errors["message"] = f"{MESSAGE_MAX} caractères au maximum."
    try:
        cleaned = _clean_answers(offer, answers)
    except Refused as error:
        errors.update(error.errors)
    if cv_upload is None and profile.cv is None:
        errors["cv"] = "Joignez votre CV au format PDF, ou ajoutez-le d’abord à votre profil."
    if errors:
        raise Refused(errors)
    try:
        stored = cvs.save_cv(cv_upload) if cv_upload is not None else None
    except cvs.UploadError as error:
        raise Refused({"cv": str(error)}) from None

    try:
        with cvs.removed_on_error(stored):  # the new file goes if the application is not committed
            return _record_application(offer, candidate, profile, message, cleaned, stored, keep_cv, now)
    except IntegrityError:  # a concurrent duplicate, caught by the UNIQUE constraint
        raise DuplicateApplication() from None


@use_case
def _record_application(offer: Offer, candidate, profile, message: str, answers: list[dict], stored,
                        keep_cv: bool, now: datetime) -> Application:
    """Store a checked application with its CV and tell whoever receives it, in one transaction."""
    recipient = routing.reachable_recipient(offer)
    cv = profile.cv
    if stored is not None:
        cv = CvFile(owner_id=candidate.id, stored_name=stored.name, original_name=stored.original_name,
                    size=stored.size)
    application = Application(offer=offer, candidate=candidate, message=message, answers=answers, cv=cv,
                              status=S.RECEIVED, created_at=now, status_changed_at=now,
                              keep_cv_consent_at=now if keep_cv else None)
    application.events.append(ApplicationEvent(status=S.RECEIVED, at=now, by=candidate))
    db.session.add(application)
    db.session.flush()  # the id is needed for the links
    routing.deliver(application, recipient)
    _tell_owner(application, "application_received",
                f"Nouvelle candidature de {profile.full_name} pour « {_short(offer.title)} ».")
    return application


@use_case
def withdraw(application: Application, candidate, now: datetime | None = None) -> Application:
    """The candidate withdraws an application that is not final yet."""
    _move(application, candidate, S.WITHDRAWN, None, now or utcnow())
    profile = get_profile(candidate)
    name = profile.full_name if profile else candidate.email
    text = f"{name} a retiré sa candidature pour « {_short(application.offer.title)} »."
    if application.offer.owner is not None:
        _tell_owner(application, "application_withdrawn", text)
    else:
        routing.send_contact_update(application, text)
    return application


def candidate_applications(user) -> list[Application]:
    """The user's applications, newest first."""
    return list(db.session.scalars(select(Application).filter_by(candidate_id=user.id)
                                   .order_by(Application.created_at.desc(), Application.id.desc())))


# --- the artisan's side ----------------------------------------------------------------------------------------

def inbox(user, offer: Offer | None = None, status: ApplicationStatus | None = None) -> list[Application]:
    """Applications to the offers of the user's businesses (one offer, one status if given), newest first."""
    query = (select(Application).join(Application.offer).join(Offer.business)
             .where(Business.owner_id == user.id))
    if offer is not None:
        query = query.where(Application.offer_id == offer.id)
    if status is not None:
        query = query.where(Application.status == status)
    return list(db.session.scalars(query.order_by(Application.created_at.desc(), Application.id.desc())))


def inbox_counts(user, offer: Offer | None = None) -> dict[ApplicationStatus, int]:
    """How many applications of each status the user's inbox holds."""
    query = (select(Application.status, func.count(Application.id)).join(Application.offer).join(Offer.business)
             .where(Business.owner_id == user.id).group_by(Application.status))
    if offer is not None:
        query = query.where(Application.offer_id == offer.id)
    counts = dict(db.session.execute(query).all())
    return {status: counts.get(status, 0) for status in S}


@use_case
def open_for_owner(application_id: int, user, now: datetime | None = None) -> Application:
    """The application for its artisan; opening a received one marks it « Consultée »."""
    application = application_or_404(application_id, user, Party.OWNER)
    if application.status == S.RECEIVED:
        _move(application, user, S.VIEWED, None, now or utcnow())
    return application


@use_case
def change_status(application: Application, actor, target: ApplicationStatus | str, message: str | None = None,
                  now: datetime | None = None) -> Application:
    """A party moves an application on, with a message e-mailed to the other side and kept in the history."""
    _move(application, actor, S(target), message, now or utcnow())
    return application


@use_case
def add_note(application: Application, actor, body: str) -> ApplicationNote:
    """A note private to the artisan (never shown to the candidate)."""
    if application_party(application, actor) != Party.OWNER:
        raise NotAllowed("Seul l’artisan peut annoter cette candidature.")
    body = (body or "").strip()
    if not body:
        raise Refused({"body": "La note est vide."})
    if len(body) > NOTE_MAX:
        raise Refused({"body": f"{NOTE_MAX} caractères au maximum."})
    note = ApplicationNote(application=application, author=actor, body=body, created_at=utcnow())
    db.session.add(note)
    return note


def open_applications(offer: Offer) -> list[Application]:
    """The applications of an offer still open (received, viewed or at interview), oldest first."""
    return list(db.session.scalars(select(Application).where(Application.offer_id == offer.id,
                                                             Application.status.in_(APPLICATION_OPEN))
                                   .order_by(Application.created_at, Application.id)))


def decline_remaining(offer: Offer, now: datetime | None = None, keep: Iterable[int] = ()) -> int:
    """Decline, with the standard message, every open application of a filled offer but those kept open.

    `keep` holds ids of this offer's open applications (anything else is refused); the caller commits.
    """
    now = now or utcnow()
    keep = set(keep)
    remaining = open_applications(offer)
    if keep - {application.id for application in remaining}:
        raise Refused({"keep": "Seules les candidatures encore ouvertes de cette offre peuvent rester ouvertes."})
    remaining = [application for application in remaining if application.id not in keep]
    for application in remaining:
        _move(application, None, S.DECLINED, FILLED_MESSAGE.format(**_context(application)), now, system=True)
    return len(remaining)


def cv_for_download(application_id: int, user) -> Download:
    """The CV sent with an application, for the candidate or the offer's artisan only (404 for anyone else)."""
    application = db.session.get(Application, application_id)
    if application is None or application_party(application, user) is None or application.cv is None:
        raise NotFound()
    path = cvs.cv_path(application.cv.stored_name)
    if path is None:
        raise NotFound()
    return Download(path=path, name=application.cv.original_name)


# --- moves and messages ----------------------------------------------------------------------------------------

def _move(application: Application, actor, target: ApplicationStatus, message: str | None, now: datetime,
          system: bool = False) -> None:
    """Check who and from where, stamp the status, record the event and tell the candidate (no commit)."""
    move = APPLICATION_MOVES.get(target)
    if move is None:
        raise InvalidMove("Ce changement de statut n’existe pas.")
    party = Party.SYSTEM if system else application_party(application, actor)
    if party is None:
        raise NotFound()
    if party not in move.parties:
        raise NotAllowed(f"« {move.label} » : vous ne pouvez pas faire ce changement.")
    if application.status == target:
        raise AlreadyMoved()  # the same move, just made (a double click): recorded and sent once already
    if application.status not in move.sources:
        raise InvalidMove(f"Une candidature « {application.status.label} » ne peut pas passer à "
                          f"« {target.label} ».")
    message = (message or "").strip() or None
    if move.needs_message and not message:
        raise Refused({"message": "Écrivez un message au candidat : il lui sera envoyé."})
    if message and len(message) > MESSAGE_MAX:
        raise Refused({"message": f"{MESSAGE_MAX} caractères au maximum."})
    if not take_move(application, target):  # another request moved it meanwhile
        if application.status == target:
            raise AlreadyMoved()
        raise InvalidMove(f"Une candidature « {application.status.label} » ne peut pas passer à "
                          f"« {target.label} ».")
    application.stamp(target, now)
    contact = actor.email if isinstance(actor, ContactActor) else None
    application.events.append(ApplicationEvent(status=target, at=now, by=None if system or contact else actor,
                                               by_email=contact, message=message))
    if move.notify and party != Party.CANDIDATE:
        _tell_candidate(application, message)
    if target in APPLICATION_FINAL:
        for hook in _ON_CLOSE:
            hook(application, now)


# What else must end with an application (its interview): registered by the modules that build on this one, which
# this module may not import.
_ON_CLOSE: list[Callable[[Application, datetime], None]] = []


def on_close(hook: Callable[[Application, datetime], None]) -> Callable[[Application, datetime], None]:
    """Register `hook(application, now)`, called in the transaction that accepts, declines or withdraws one."""
    _ON_CLOSE.append(hook)
    return hook


def _tell_candidate(application: Application, message: str | None) -> None:
    """In-site notification and e-mail to the candidate about a new status."""
    candidate, offer = application.candidate, application.offer
    status = application.status.label
    notifications.notify(candidate, "application_status",
                         f"Votre candidature pour « {_short(offer.title)} » : {status}.",
                         notifications.path_for("candidate.application", application_id=application.id))
    if candidate.email and candidate.is_active_account:
        queue_mail(candidate.email, SUBJECTS["application_status"].format(title=_short(offer.title), status=status),
                   "application_status", application=application, message=message, status=status,
                   url=external_url("candidate.application", application_id=application.id))


def _tell_owner(application: Application, kind: str, text: str) -> None:
    """In-site notification and e-mail to the owner of the offer's business (an imported one may have none)."""
    owner = application.offer.owner
    if owner is None:
        return
    notifications.notify(owner, kind, text, notifications.path_for("inbox.application",
                                                                   application_id=application.id))
    if owner.email and owner.is_active_account:
        profile = get_profile(application.candidate)
        queue_mail(owner.email, SUBJECTS[kind].format(title=_short(application.offer.title)), kind,
                   application=application, owner=owner, profile=profile,
                   url=external_url("inbox.application", application_id=application.id))
