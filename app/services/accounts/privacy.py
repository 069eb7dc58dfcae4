"""Personal data (RGPD): a user's export, account deletion, and the anonymisation shared with the retention purge."""
import json
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum

from sqlalchemy import delete, func, or_, select

from app.core.time import utcnow
from app.core.transaction import use_case
from app.extensions import db
from app.files import images
from app.files.cvs import delete_cv
from app.models.application import Application, ApplicationNote
from app.models.business import Business
from app.models.candidate import CandidateProfile, CvFile
from app.models.claim import BusinessClaim, ClaimStatus
from app.models.conversation import Message, Side, Thread
from app.models.diagnostic import Assessment, DiagnosticRequest
from app.models.interest import Interest
from app.models.interview import Interview
from app.models.listing import Listing, Offer
from app.models.listing_states import PUBLIC, TRANSITIONS
from app.models.mail import OutgoingMail
from app.models.moderation import Report
from app.models.notification import Notification
from app.models.saved_search import SavedSearch
from app.models.security_log import SecurityEvent
from app.models.user import Role, User, new_session_token
from app.services.accounts import security_log
from app.services.accounts.users import AccountError, verify_password
from app.services.conversations.subjects import kind_of, subject_of
from app.services.listings import lifecycle as listings
from app.services.messaging import notifications
from app.services.training import favourites, spontaneous

SELF_SERVICE_ROLES = (Role.ARTISAN, Role.APPRENTICE, Role.PARTNER)
DELETED_EMAIL_DOMAIN = "supprime.invalid"  # .invalid never resolves: no e-mail can reach a deleted account
MSG_STAFF = ("Les comptes des conseillers et des administrateurs sont gérés par votre chambre : demandez à un "
             "administrateur de désactiver votre compte.")
MSG_CONFIRM = "Cochez la case pour confirmer que vous avez compris que la suppression est définitive."
MSG_PASSWORD = "Mot de passe incorrect : votre compte n’a pas été supprimé."
ACCOUNT_SECRETS = ("password_hash", "session_token")


# --- export ----------------------------------------------------------------------------------------------------

def _value(value):
    """A JSON value for a column value."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _row(obj, exclude: tuple[str, ...] = ()) -> dict:
    """Every column of a row except `exclude`, as JSON values."""
    return {column.key: _value(getattr(obj, column.key)) for column in obj.__table__.columns
            if column.key not in exclude and hasattr(obj, column.key)}


def _events(item) -> list[dict]:
    """The status history of an application or interest, without internal ids."""
    return [{"status": event.status.value, "status_label": event.status.label, "at": _value(event.at),
             "message": event.message} for event in item.events]


def _application(application: Application) -> dict:
    """An application as its candidate sees it: never the artisan's private notes."""
    offer = application.offer
    return {**_row(application), "offer": {"id": offer.id, "title": offer.title, "business": offer.business.name},
            "events": _events(application)}


def _interest(interest: Interest) -> dict:
    """A partner's proposal with its history."""
    return {**_row(interest), "project": {"id": interest.project_id, "title": interest.project.title},
            "events": _events(interest)}


def _message(message: Message, user: User) -> dict:
    """A message of one of the user's threads: what it is about, who wrote it, its text (none for a received message
    the chamber hid), and the report the user made of it."""
    subject = subject_of(message.thread)
    listing = getattr(subject, "offer", None) or getattr(subject, "project", None)  # none for the other kinds
    mine = message.author_id == user.id
    hidden_from_me = message.hidden_at is not None and not mine
    row = {"id": message.id, "about": kind_of(subject).name, "subject_id": subject.id,
           "listing": listing.title if listing is not None else None,
           "business": kind_of(subject).business(subject).name, "side": message.side.value, "written_by_you": mine,
           "at": _value(message.created_at), "body": "" if hidden_from_me else message.body,
           "hidden_at": _value(message.hidden_at), "erased_at": _value(message.erased_at)}
    if message.reported_by_id == user.id:
        row |= {"reported_by_you_at": _value(message.reported_at), "report_comment": message.report_comment}
    return row


def _messages(user: User) -> list[Message]:
    """Messages the user wrote, and those written to them in the threads of their own applications, proposals and
    diagnostic requests (by the business, the chamber or Passerelle); never what candidates wrote to the user's
    business (their data, not the user's)."""
    own_threads = select(Thread.id).outerjoin(Application, Thread.application_id == Application.id) \
        .outerjoin(Interest, Thread.interest_id == Interest.id) \
        .outerjoin(DiagnosticRequest, Thread.diagnostic_id == DiagnosticRequest.id) \
        .where(or_(Application.candidate_id == user.id, Interest.partner_id == user.id,
                   DiagnosticRequest.user_id == user.id))
    return _all(Message, or_(Message.author_id == user.id, Message.reported_by_id == user.id,
                             Message.thread_id.in_(own_threads) & (Message.side != Side.APPLICANT)))


def _erase_messages(user: User, now: datetime) -> int:
    """Erase the text of every message the user wrote (the thread stays readable for the other side) and the
    comments of their reports; the number of messages erased."""
    written = _all(Message, Message.author_id == user.id, Message.erased_at.is_(None))
    for message in written:
        message.body, message.erased_at = "", now
    for message in _all(Message, Message.reported_by_id == user.id):
        message.report_comment = None
    return len(written)


def _saved_searches(user: User) -> list[SavedSearch]:
    """Alerts saved by the account, or with its address before signing in."""
    return _all(SavedSearch, or_(SavedSearch.user_id == user.id, SavedSearch.email == user.email))


def _all(model, *conditions) -> list:
    """Every row of a model matching the conditions, oldest first."""
    return list(db.session.scalars(select(model).where(*conditions).order_by(model.id)))


def _interviews(user: User) -> list[Interview]:
    """The interviews of the user's own applications."""
    return _all(Interview, Interview.application_id.in_(select(Application.id)
                                                        .where(Application.candidate_id == user.id)))


def export_data(user: User) -> dict:
    """Everything Passerelle holds about the user, as JSON values (no password hash, no one else's notes)."""
    profile = db.session.scalar(select(CandidateProfile).filter_by(user_id=user.id))
    businesses = _all(Business, Business.owner_id == user.id)
    return {
        "generated_at": utcnow().isoformat(),
        "about": "Données personnelles que Passerelle conserve sur votre compte, au format JSON.",
        "account": _row(user, exclude=ACCOUNT_SECRETS),
        "candidate_profile": _row(profile) if profile else None,
        "cv_files": [_row(cv, exclude=("stored_name",)) for cv in _all(CvFile, CvFile.owner_id == user.id)],
        "applications": [_application(a) for a in _all(Application, Application.candidate_id == user.id)],
        "interests": [_interest(i) for i in _all(Interest, Interest.partner_id == user.id)],
        "businesses": [{**_row(b), "listings": [_row(listing) for listing in b.listings]} for b in businesses],
        "notes_written": [_row(n) for n in _all(ApplicationNote, ApplicationNote.author_id == user.id)],
        "messages": [_message(m, user) for m in _messages(user)],
        "interviews": [{**_row(i), "slots": [_value(slot.starts_at) for slot in i.slots]} for i in _interviews(user)],
        "business_claims": [_row(c, exclude=("code_hash",))
                            for c in _all(BusinessClaim, BusinessClaim.user_id == user.id)],
        "notifications": [_row(n) for n in _all(Notification, Notification.user_id == user.id)],
        "reports": [_row(r, exclude=("reporter_key",)) for r in _all(Report, Report.reporter_id == user.id)],
        "saved_searches": [_row(s, exclude=("unsubscribe_token",)) for s in _saved_searches(user)],
        "security_events": [_row(e) for e in _all(SecurityEvent, SecurityEvent.user_id == user.id)],
        "spontaneous_applications": spontaneous.export_for_user(user),
        "favourites": favourites.export_for_user(user),
        "diagnostic_assessments": [_row(a) for a in _all(Assessment, Assessment.user_id == user.id)],
        "diagnostic_requests": [_row(r) for r in _all(DiagnosticRequest, DiagnosticRequest.user_id == user.id)],
    }


def export_json(user: User) -> str:
    """The user's export as an indented JSON document; records an « export » security event."""
    document = json.dumps(export_data(user), ensure_ascii=False, indent=2)
    security_log.record_now("export", user)
    return document


# --- consent ---------------------------------------------------------------------------------------------------

def consenting_applications(user: User) -> list[Application]:
    """The user's applications whose CV they agreed to keep up to 2 years."""
    return _all(Application, Application.candidate_id == user.id, Application.keep_cv_consent_at.is_not(None))


@use_case
def withdraw_cv_consent(user: User) -> int:
    """Withdraw the consent to keep CVs on every application of the user; the 3-month rule applies again."""
    found = consenting_applications(user)
    for application in found:
        application.keep_cv_consent_at = None
    if found:
        security_log.record("consent_withdrawn", user, applications=len(found))
    return len(found)


# --- anonymisation (deletion and purge) ------------------------------------------------------------------------

def anonymise_application(application: Application, now: datetime) -> CvFile | None:
    """Erase what the candidate wrote and sent, and the notes about them; keep the row and its dates."""
    cv = application.cv
    application.message = ""
    application.answers = []
    application.cv = None
    application.keep_cv_consent_at = None
    application.anonymised_at = now
    for event in application.events:
        event.message = None  # the artisan's messages greet the candidate by name
    application.notes.clear()
    _erase_applicant_messages(application, now)
    for interview in _all(Interview, Interview.application_id == application.id):
        interview.answer = ""  # the candidate's own words when declining or asking another slot
    # The artisan's notices name the candidate (« Nouvelle candidature de Léa Martin… »).
    inbox_path = notifications.path_for("inbox.application", fallback="", application_id=application.id)
    if inbox_path:
        db.session.execute(delete(Notification).where(Notification.url == inbox_path))
    return cv


def _erase_applicant_messages(subject: Application | Interest, now: datetime) -> None:
    """Erase the text of what the candidate or partner wrote in the subject's thread (the other side's stay)."""
    column = Thread.application_id if isinstance(subject, Application) else Thread.interest_id
    for message in _all(Message, Message.thread_id.in_(select(Thread.id).where(column == subject.id)),
                        Message.side == Side.APPLICANT, Message.erased_at.is_(None)):
        message.body, message.erased_at = "", now


def cv_in_use(cv: CvFile) -> bool:
    """True while an application, a spontaneous application or a profile still carries the CV."""
    used = db.session.scalar(select(func.count(Application.id)).where(Application.cv_file_id == cv.id))
    used = used or spontaneous.cv_in_use(cv)
    return bool(used) or db.session.scalar(
        select(func.count(CandidateProfile.id)).where(CandidateProfile.cv_file_id == cv.id)) > 0


def drop_unused_cvs(cvs) -> list[str]:
    """Delete the rows of the CVs nobody uses any more; return their file names to remove after the commit."""
    db.session.flush()
    names = []
    for cv in {cv for cv in cvs if cv is not None}:
        if not cv_in_use(cv):
            names.append(cv.stored_name)
            db.session.delete(cv)
    return names


def remove_files(cv_names: list[str], image_names: list[str] = ()) -> None:
    """Remove files once the transaction that forgot them has committed."""
    for name in cv_names:
        delete_cv(name)
    for name in image_names:
        images.delete_image(name)


# --- account deletion ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Deletion:
    """What the deletion of an account did."""

    applications: int
    interests: int
    listings_withdrawn: int
    businesses_released: int
    businesses_deleted: int
    cv_files: int


def can_delete_self(user: User) -> bool:
    """Staff and admin accounts are managed by their chamber, the others may delete themselves."""
    return user.role in SELF_SERVICE_ROLES


def _withdraw_listings(user: User, now: datetime) -> int:
    """Withdraw through the state machine every listing of the user's businesses that can still be withdrawn."""
    withdraw = TRANSITIONS["withdraw"]
    count = 0
    for listing in listings.owner_listings(user):
        if withdraw.allows(listing.status, listing.type):
            listings.transition(listing, "withdraw", user, now=now)
            count += 1
    return count


def _release_businesses(user: User) -> tuple[int, int, list[str]]:
    """Businesses with listings stay without owner (like imported ones); the others are deleted."""
    released, deleted, logos = 0, 0, []
    for business in _all(Business, Business.owner_id == user.id):
        for listing in business.listings:
            if isinstance(listing, Offer):
                listing.contact_email = None  # usually the artisan's own address
        if business.listings:
            business.owner_id = None
            released += 1
        else:
            logos.append(business.logo_path)
            db.session.delete(business)
            deleted += 1
    return released, deleted, [logo for logo in logos if logo]


def _forget_account(user: User, now: datetime) -> None:
    """Keep the row (applications, history and the audit log point to it) without anything personal."""
    db.session.execute(delete(OutgoingMail).where(OutgoingMail.to == user.email))
    user.email = f"compte-{user.id}@{DELETED_EMAIL_DOMAIN}"
    user.display_name = ""
    user.password_hash = "!" + secrets.token_hex(16)  # not an argon2 hash: no password ever matches
    user.session_token = new_session_token()  # every session and remember cookie stops working
    user.is_active_account = False
    user.email_confirmed_at = None
    user.last_login_at = None
    user.chamber_code = None
    user.deleted_at = now


def _forget_claims(user: User, now: datetime) -> None:
    """The user's claims lose what they told the chamber; a pending one is cancelled (the chamber no longer sees it)."""
    for claim in _all(BusinessClaim, BusinessClaim.user_id == user.id):
        claim.evidence, claim.code_hash, claim.code_sent_to = "", None, None
        if claim.status == ClaimStatus.PENDING:
            claim.status, claim.decided_at = ClaimStatus.CANCELLED, now


def delete_account(user: User, password: str, confirmed: bool, now: datetime | None = None) -> Deletion:
    """Delete the user's account after checking the password; raise AccountError (French) when refused."""
    if not can_delete_self(user):
        raise AccountError(MSG_STAFF)
    if not confirmed:
        raise AccountError(MSG_CONFIRM, field="confirm")
    if not verify_password(user, password or ""):
        security_log.record_now("account_deletion_refused", user)
        raise AccountError(MSG_PASSWORD, field="password")
    summary, cv_names, logos = _erase(user, now or utcnow())
    remove_files(cv_names, logos)  # after the commit: a failed deletion keeps the files its rows point to
    return summary


def erase_account(user: User, now: datetime, reason: str) -> Deletion:
    """Delete an account exactly as its owner's deletion does, without the password check (e.g. inactivity)."""
    summary, cv_names, logos = _erase(user, now, reason=reason)
    remove_files(cv_names, logos)
    return summary


@use_case
def _erase(user: User, now: datetime, **details) -> tuple[Deletion, list[str], list[str]]:
    """Everything account deletion changes, in one transaction (a failure in the middle leaves the account as it was)."""
    withdrawn = _withdraw_listings(user, now)  # the owner's own withdrawal, joining this transaction

    applications = _all(Application, Application.candidate_id == user.id)
    cvs = [anonymise_application(application, now) for application in applications]
    interests = _all(Interest, Interest.partner_id == user.id)
    for interest in interests:
        interest.message, interest.contributions, interest.contribution_text = "", [], ""
        interest.anonymised_at = now
        for event in interest.events:
            event.message = None
    profile = db.session.scalar(select(CandidateProfile).filter_by(user_id=user.id))
    if profile is not None:
        cvs.append(profile.cv)
        db.session.delete(profile)
    cvs.extend(_all(CvFile, CvFile.owner_id == user.id))
    spontaneous.erase_for_user(user, now)  # before the CVs go: it lets go of the CV it carried
    favourites.forget(user)
    cv_names = drop_unused_cvs(cvs)
    released, deleted, logos = _release_businesses(user)
    db.session.execute(delete(Notification).where(Notification.user_id == user.id))
    _erase_messages(user, now)
    _forget_claims(user, now)
    for saved in _saved_searches(user):
        db.session.delete(saved)
    role = user.role.value
    _forget_account(user, now)
    summary = Deletion(applications=len(applications), interests=len(interests), listings_withdrawn=withdrawn,
                       businesses_released=released, businesses_deleted=deleted, cv_files=len(cv_names))
    security_log.record("account_deleted", user, at=now, role=role, **summary.__dict__, **details)
    return summary, cv_names, logos


def open_business_listings(user: User) -> int:
    """How many listings of the user's businesses are public now (for the deletion warning)."""
    return db.session.scalar(select(func.count(Listing.id)).join(Listing.business).where(
        Business.owner_id == user.id, Listing.status.in_(PUBLIC))) or 0
