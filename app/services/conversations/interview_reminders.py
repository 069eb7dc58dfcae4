"""The reminder the day before a confirmed interview: one e-mail to each side, once (`flask interviews remind`)."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from app.core.time import utcnow
from app.core.transaction import use_case
from app.extensions import db
from app.models.application import Application
from app.models.application_states import ApplicationStatus
from app.models.interview import Interview, InterviewSlot, InterviewStatus
from app.services.conversations import interview_notices as notices

WINDOW = timedelta(hours=48)  # look this far ahead; the local calendar day then decides (« la veille »)
OVER = (ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN)


def _day_word(interview: Interview, now: datetime) -> str | None:
    """« demain » or « aujourd’hui » in the interview's zone, None when it is later than tomorrow."""
    zone = ZoneInfo(interview.timezone)
    days = (interview.chosen_slot.starts_at.astimezone(zone).date() - now.astimezone(zone).date()).days
    return {0: "aujourd’hui", 1: "demain"}.get(days)


def due(now: datetime | None = None) -> list[Interview]:
    """Confirmed interviews not reminded yet that start later today or tomorrow (local time), within 48 hours."""
    now = now or utcnow()
    query = (select(Interview).join(InterviewSlot, Interview.chosen_slot_id == InterviewSlot.id)
             .join(Application, Interview.application_id == Application.id)
             .where(Interview.status == InterviewStatus.ACCEPTED, Interview.reminder_sent_at.is_(None),
                    InterviewSlot.starts_at > now, InterviewSlot.starts_at <= now + WINDOW,
                    Application.status.not_in(OVER))
             .order_by(InterviewSlot.starts_at, Interview.id))
    return [interview for interview in db.session.scalars(query) if _day_word(interview, now)]


@use_case
def remind(interview: Interview, now: datetime) -> bool:
    """Send the reminder of one interview to both sides unless another run just did (a conditional update)."""
    taken = db.session.execute(
        update(Interview).where(Interview.id == interview.id, Interview.reminder_sent_at.is_(None),
                                Interview.status == InterviewStatus.ACCEPTED).values(reminder_sent_at=now),
        execution_options={"synchronize_session": False})
    if taken.rowcount != 1:
        return False
    interview.reminder_sent_at = now
    application = interview.application
    day_word = _day_word(interview, now)
    notices.tell(notices.candidate_of(application), "interview_reminder", interview, now=now, day_word=day_word,
                 candidate_copy=True,
                 text=f"Rappel : entretien {day_word} pour « {application.offer.title} », {notices.when(interview)}.")
    notices.tell(notices.owner_of(application), "interview_reminder", interview, now=now, day_word=day_word,
                 text=f"Rappel : entretien {day_word} avec {application.candidate_label}, {notices.when(interview)}.")
    return True


def send_reminders(now: datetime | None = None) -> int:
    """Remind every due interview once; return how many interviews were reminded."""
    now = now or utcnow()
    return sum(1 for interview in due(now) if remind(interview, now))
