"""Retention (`flask purge`): erase what is kept longer than the privacy page says, and record what was done."""
import calendar
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, func, or_, select

from app.core.time import utcnow
from app.core.transaction import use_case
from app.extensions import db
from app.models.application import Application
from app.models.application_states import ApplicationStatus
from app.models.candidate import CandidateProfile, CvFile
from app.models.form_token import UsedFormToken
from app.models.listing import Offer
from app.models.listing_states import ENDED
from app.models.mail import OutgoingMail
from app.models.notification import Notification
from app.models.security_log import SecurityEvent
from app.models.training import SpontaneousApplication
from app.services.accounts import privacy, security_log
from app.services.training import spontaneous

# The periods the privacy page (templates/main/privacy.html) announces.
APPLICATION_MONTHS = 3  # unsuccessful applications and their CV, after the end of the recruitment
APPLICATION_CONSENT_MONTHS = 24  # the same when the candidate agreed to keep their CV
SECURITY_LOG_MONTHS = 12
NOTIFICATION_MONTHS = 12
SENT_MAIL_DAYS = 30
FORM_TOKEN_DAYS = 30  # a page kept open longer than this and sent again acts twice: an acceptable edge
ORPHAN_GRACE = timedelta(days=1)  # a CV row nobody uses is left alone that long (files without rows: uploads clean)

UNSUCCESSFUL = (ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN)


@dataclass
class PurgeReport:
    """How many things the purge erased (or would erase, in a dry run)."""

    applications: int = 0
    spontaneous_applications: int = 0
    cv_files: int = 0
    security_events: int = 0
    sent_mails: int = 0
    notifications: int = 0
    form_tokens: int = 0


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (the last day of a shorter month)."""
    years, month_index = divmod(moment.month - 1 - months, 12)
    year, month = moment.year + years, month_index + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def application_end(application: Application) -> datetime | None:
    """When an unsuccessful application ended: declined or withdrawn, or its offer stopped recruiting."""
    if application.status in UNSUCCESSFUL:
        return application.status_changed_at
    if application.status != ApplicationStatus.ACCEPTED and application.offer.status in ENDED:
        return application.offer.status_changed_at
    return None


def application_due(application: Application, now: datetime) -> bool:
    """True once the retention period of an ended application is over (longer with the candidate's consent)."""
    end = application_end(application)
    months = APPLICATION_CONSENT_MONTHS if application.keep_cv_consent_at else APPLICATION_MONTHS
    return end is not None and end <= months_before(now, months)


def due_applications(now: datetime) -> list[Application]:
    """The applications to erase now."""
    candidates = db.session.scalars(
        select(Application).join(Application.offer).where(
            Application.anonymised_at.is_(None),
            or_(Application.status.in_(UNSUCCESSFUL),
                (Application.status != ApplicationStatus.ACCEPTED) & Offer.status.in_(ENDED)))
        .order_by(Application.id))
    return [application for application in candidates if application_due(application, now)]


def due_spontaneous(now: datetime) -> list[SpontaneousApplication]:
    """Spontaneous applications declined or withdrawn longer ago than the period of an unsuccessful application."""
    return list(db.session.scalars(select(SpontaneousApplication).where(
        SpontaneousApplication.anonymised_at.is_(None), SpontaneousApplication.status.in_(UNSUCCESSFUL),
        SpontaneousApplication.status_changed_at <= months_before(now, APPLICATION_MONTHS))
        .order_by(SpontaneousApplication.id)))


def _orphan_cvs(now: datetime) -> list[CvFile]:
    """CV rows that no application and no profile uses any more."""
    used_by_applications = select(Application.cv_file_id).where(Application.cv_file_id.is_not(None))
    used_by_profiles = select(CandidateProfile.cv_file_id).where(CandidateProfile.cv_file_id.is_not(None))
    used_by_spontaneous = select(SpontaneousApplication.cv_file_id).where(
        SpontaneousApplication.cv_file_id.is_not(None))
    return list(db.session.scalars(select(CvFile).where(
        CvFile.id.not_in(used_by_applications), CvFile.id.not_in(used_by_profiles),
        CvFile.id.not_in(used_by_spontaneous),
        CvFile.created_at <= now - ORPHAN_GRACE)))


def _count(model, *conditions) -> int:
    """How many rows match."""
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0


def purge(now: datetime | None = None, dry_run: bool = False) -> PurgeReport:
    """Apply every retention rule; in a dry run, only count. Running it twice erases nothing more."""
    now = now or utcnow()
    if now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    report, cv_names = _purge(now, dry_run)
    privacy.remove_files(cv_names)  # after the commit: a failed purge keeps the files its rows point to
    return report


@use_case
def _purge(now: datetime, dry_run: bool) -> tuple[PurgeReport, list[str]]:
    """The rows the retention rules erase, in one transaction; the CV files to remove once it committed."""
    old_events = SecurityEvent.at < months_before(now, SECURITY_LOG_MONTHS)
    old_mails = OutgoingMail.sent_at < now - timedelta(days=SENT_MAIL_DAYS)
    old_notifications = Notification.created_at < months_before(now, NOTIFICATION_MONTHS)
    old_tokens = UsedFormToken.used_at < now - timedelta(days=FORM_TOKEN_DAYS)
    applications = due_applications(now)
    spontaneous_due = due_spontaneous(now)
    report = PurgeReport(applications=len(applications), spontaneous_applications=len(spontaneous_due),
                         security_events=_count(SecurityEvent, old_events),
                         sent_mails=_count(OutgoingMail, old_mails),
                         notifications=_count(Notification, old_notifications),
                         form_tokens=_count(UsedFormToken, old_tokens))
    cvs = [privacy.anonymise_application(application, now) for application in applications]
    cvs += [spontaneous.anonymise(application, now) for application in spontaneous_due]
    cv_names = privacy.drop_unused_cvs(cvs + _orphan_cvs(now))
    report.cv_files = len(cv_names)
    if dry_run:  # the same work, undone: the counts are exactly what a real run would erase
        db.session.rollback()
        return report, []
    db.session.execute(delete(SecurityEvent).where(old_events))
    db.session.execute(delete(OutgoingMail).where(old_mails))
    db.session.execute(delete(Notification).where(old_notifications))
    db.session.execute(delete(UsedFormToken).where(old_tokens))
    security_log.record("purge", None, at=now, **asdict(report))
    return report, cv_names
