"""Telling each side of an interview: the French words of each step, in-site notices, e-mails and their .ics."""
from dataclasses import dataclass
from datetime import datetime

from app.core.formatting import moment_fr
from app.geo import zone_label
from app.mail.outbox import external_url, queue_mail
from app.models.application import Application
from app.models.interview import Interview, InterviewMode, InterviewSlot
from app.services.conversations import interview_ics, routing
from app.services.messaging import notifications

SUBJECTS = {
    "interview_proposed": "Entretien proposé pour « {title} »",
    "interview_moved": "Entretien déplacé pour « {title} »",
    "interview_confirmed": "Entretien confirmé pour « {title} » : {when}",
    "interview_accepted": "Entretien confirmé avec {candidate} : {when}",
    "interview_declined": "Entretien décliné par {candidate}",
    "interview_countered": "{candidate} demande un autre créneau d’entretien",
    "interview_cancelled": "Entretien annulé pour « {title} »",
    "interview_reminder": "Rappel : entretien pour « {title} », {when}",
}


@dataclass(frozen=True)
class Person:
    """Where one side of an interview is told: an account (notified in the site too) or a contact address."""

    email: str | None
    url: str | None  # the page of the application for this side (a signed link for a contact address)
    user: object | None = None
    ics_link: str | None = None  # the page named in the .ics (never a signed link: calendars get shared)


def when(interview: Interview, slot: InterviewSlot | None = None) -> str:
    """A slot in French, in the interview's zone: « mardi 8 décembre à 15 h », with the zone's name overseas."""
    slot = slot or interview.chosen_slot
    if slot is None:
        return ""
    label = zone_label(interview.timezone)
    text = moment_fr(slot.starts_at, interview.timezone)
    return f"{text} ({label})" if label else text


def where(interview: Interview) -> str:
    """The mode and place in French: « sur place : 3 rue… », « par téléphone », « en visioconférence : https://… »."""
    text = interview.mode.label.lower() if interview.mode != InterviewMode.ON_SITE else "sur place"
    return f"{text} : {interview.place}" if interview.place else text


def proposal_text(interview: Interview, moved: bool = False) -> str:
    """The words of a proposal, for the thread and the mails: the slots, the place, the duration, the note."""
    head = "Entretien déplacé, nouveaux créneaux proposés" if moved else "Entretien proposé"
    lines = [f"{head} ({where(interview)}, {interview.duration_minutes} min) :"]
    lines += [f"– {when(interview, slot)}" for slot in interview.slots]
    if interview.note:
        lines += ["", interview.note]
    return "\n".join(lines)


def candidate_of(application: Application) -> Person:
    """The candidate, reached by account (no e-mail once the account is closed)."""
    candidate = application.candidate
    active = candidate is not None and candidate.is_active_account and candidate.deleted_at is None
    url = external_url("candidate.application", application_id=application.id)
    return Person(email=candidate.email if active else None, url=url, user=candidate if active else None,
                  ics_link=url)


def owner_of(application: Application) -> Person:
    """The business: its owner's account, else the contact address that holds the application (signed link)."""
    owner = application.offer.owner
    if owner is not None and owner.is_active_account and owner.deleted_at is None:
        url = external_url("inbox.application", application_id=application.id)
        return Person(email=owner.email, url=url, user=owner, ics_link=url)
    address = routing.contact_address(application)
    if not address:
        return Person(email=None, url=None)
    return Person(email=address, url=routing.contact_url(application, address))


def _names(application: Application, interview: Interview) -> dict:
    """The names the subjects and templates use."""
    return {"title": notifications.shorten(application.offer.title), "candidate": application.candidate_label,
            "business": application.offer.business.name, "when": when(interview)}


def tell(person: Person, kind: str, interview: Interview, *, text: str | None = None,
         calendar: str | None = None, cancelled: Interview | None = None, now: datetime | None = None,
         **context) -> None:
    """Notify `person` in the site (accounts) and by e-mail with template mail/<kind>.txt (no commit).

    `calendar` attaches the interview's .ics with that method; `cancelled` attaches the CANCEL of a moved one.
    """
    application = interview.application
    names = _names(application, interview)
    if person.user is not None and text:
        path = (notifications.path_for("inbox.application", application_id=application.id)
                if person.user.id != application.candidate_id
                else notifications.path_for("candidate.application", application_id=application.id))
        notifications.notify(person.user, kind, text, path)
    if not person.email:
        return
    attachments = []
    if cancelled is not None and cancelled.chosen_slot is not None:
        attachments.append(interview_ics.attachment(cancelled, interview_ics.CANCEL, person.email,
                                                    person.ics_link, now))
    if calendar is not None:
        attachments.append(interview_ics.attachment(interview, calendar, person.email, person.ics_link, now))
    queue_mail(person.email, SUBJECTS[kind].format(**names), kind, attachments=attachments or None,
               application=application, interview=interview, url=person.url, names=names,
               when=names["when"], where=where(interview), proposal=proposal_text(interview), **context)
