"""The .ics file (RFC 5545) of an interview: an invitation, its update, its cancellation or a plain download."""
from datetime import date, datetime, timedelta
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from flask import current_app
from icalendar import Calendar, Event, vCalAddress

from app.core.time import utcnow
from app.core.urls import public_host
from app.models.interview import Interview, InterviewMode, InterviewStatus

PRODID = "-//Passerelle//Entretiens//FR"
FILENAME = "entretien.ics"
CONTENT_TYPE = "text/calendar"
REQUEST, CANCEL, PUBLISH = "REQUEST", "CANCEL", "PUBLISH"


def uid(interview: Interview) -> str:
    """The event's UID: stable for one interview, so that an update or a cancellation replaces the same event."""
    return f"entretien-{interview.id}@{public_host()}"


def location(interview: Interview) -> str:
    """Where it takes place, as both sides were told: the address, the video link, or « Par téléphone »."""
    if interview.mode == InterviewMode.PHONE:
        return f"Par téléphone ({interview.place})" if interview.place else "Par téléphone"
    return interview.place


def summary(interview: Interview) -> str:
    """The event's title: the offer and the business."""
    offer = interview.application.offer
    return f"Entretien : {offer.title} ({offer.business.name})"


def description(interview: Interview, link: str | None = None) -> str:
    """What both sides already know: the offer, the business, the candidate's name, the mode and the place."""
    application = interview.application
    lines = [f"Entretien pour l’offre « {application.offer.title} » entre {application.candidate_label} et "
             f"{application.offer.business.name}.",
             f"{interview.mode.label}, {interview.duration_minutes} min.",
             ]
    if interview.place:
        lines.append(f"{'Lien' if interview.mode == InterviewMode.VIDEO else 'Lieu'} : {location(interview)}")
    if link:
        lines.append(f"Sur Passerelle : {link}")
    return "\n".join(lines)


def _organizer() -> vCalAddress:
    """Passerelle's sender address: neither side's private address appears in the other's file."""
    address = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1] or f"ne-pas-repondre@{public_host()}"
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = "Passerelle"
    return organizer


def calendar(interview: Interview, method: str, attendee: str | None = None, link: str | None = None,
             now: datetime | None = None) -> str:
    """The .ics text of the interview's chosen slot with `method` (REQUEST, CANCEL or PUBLISH).

    `attendee` is the address of the one who receives this copy (never the other side's), `link` their page.
    """
    slot = interview.chosen_slot
    if slot is None:
        raise ValueError("an interview without a chosen slot has no calendar event")
    zone = ZoneInfo(interview.timezone)
    start = slot.starts_at.astimezone(zone)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", method)
    event = Event()
    event.add("uid", uid(interview))
    event.add("dtstamp", now or utcnow())
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=interview.duration_minutes))
    event.add("sequence", interview.sequence)
    event.add("summary", summary(interview))
    event.add("description", description(interview, link))
    if location(interview):
        event.add("location", location(interview))
    if interview.mode == InterviewMode.VIDEO and interview.place:
        event.add("url", interview.place)
    cancelled = method == CANCEL or interview.status == InterviewStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if method != PUBLISH:
        event.add("organizer", _organizer())
        if attendee:
            person = vCalAddress(f"mailto:{attendee}")
            person.params["partstat"] = "ACCEPTED"
            person.params["role"] = "REQ-PARTICIPANT"
            event.add("attendee", person)
    cal.add_component(event)
    # The zone's rules around the event only (a whole 1970-2038 history makes the file ten times larger).
    cal.add_missing_timezones(first_date=date(start.year - 1, 1, 1), last_date=date(start.year + 2, 1, 1))
    return cal.to_ical().decode()


def attachment(interview: Interview, method: str, attendee: str | None = None, link: str | None = None,
               now: datetime | None = None) -> dict:
    """The .ics as a mail attachment for queue_mail."""
    return {"filename": FILENAME, "content_type": CONTENT_TYPE,
            "content": calendar(interview, method, attendee, link, now)}
