"""Reminders to the chamber: a request without first contact after 5 working days (French public holidays aside)."""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
from sqlalchemy import select

from app.core.time import utcnow
from app.core.transaction import use_case
from app.extensions import db
from app.mail.outbox import external_url, queue_mail
from app.models.diagnostic import OPEN_STATUSES, DiagnosticRequest
from app.services.conversations.routing import chamber_staff
from app.services.moderation import audit

WORKING_DAYS = 5
PARIS = ZoneInfo("Europe/Paris")


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`: Monday to Friday, French public holidays excepted."""
    if end <= start:
        return 0
    closed = holidays.France(years=range(start.year, end.year + 1))
    count, day = 0, start + timedelta(days=1)
    while day <= end:
        if day.weekday() < 5 and day not in closed:
            count += 1
        day += timedelta(days=1)
    return count


def overdue(request: DiagnosticRequest, now: datetime) -> bool:
    """True for an open request with no first contact WORKING_DAYS working days after it was sent."""
    if request.status not in OPEN_STATUSES or request.first_contact_at is not None:
        return False
    sent, today = request.created_at.astimezone(PARIS).date(), now.astimezone(PARIS).date()
    return working_days_between(sent, today) >= WORKING_DAYS


@use_case
def remind(now: datetime | None = None) -> int:
    """Mail the chamber (the advisor when assigned) about each overdue request, once; returns how many."""
    now = now or utcnow()
    pending = db.session.scalars(select(DiagnosticRequest).where(
        DiagnosticRequest.status.in_(OPEN_STATUSES), DiagnosticRequest.first_contact_at.is_(None),
        DiagnosticRequest.reminded_at.is_(None)).order_by(DiagnosticRequest.id)).all()
    sent = 0
    for request in pending:
        if not overdue(request, now):
            continue
        readers = [request.assignee] if request.assignee is not None else chamber_staff(request.departement)
        for staff in readers:
            queue_mail(staff.email, f"Relance : diagnostic de « {request.business.name} » sans premier contact",
                       "diagnostic_reminder", staff=staff, request=request, days=WORKING_DAYS,
                       request_url=external_url("moderation.diagnostic", request_id=request.id))
        request.reminded_at = now
        audit.record("diagnostic.reminder", None, "diagnostic_request", request.id, at=now,
                     chamber_code=audit.chamber_code_of(request.departement), details={"readers": len(readers)})
        sent += 1
    return sent
