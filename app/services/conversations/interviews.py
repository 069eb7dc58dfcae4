"""Interviews of an application: the artisan proposes slots, the candidate accepts one, declines or asks another;
either side cancels, the artisan moves a confirmed one. Each step is written in the thread and told to the other side.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from app.core.errors import Conflict, NotAllowed, NotFound, Refused
from app.core.time import utcnow
from app.core.transaction import use_case
from app.extensions import db
from app.geo import timezone_for
from app.models.application import Application
from app.models.application_states import ApplicationStatus, Party
from app.models.conversation import Side
from app.models.interview import Interview, InterviewMode, InterviewSlot, InterviewStatus
from app.services.access import ContactActor, application_party
from app.services.conversations import interview_ics
from app.services.conversations import interview_notices as notices
from app.services.conversations import threads
from app.services.conversations.interview_checks import (
    ANSWER_MAX,
    DEFAULT_DURATION,
    DURATIONS,
    NOTE_MAX,
    clean_place,
    clean_slots,
    clean_text,
    to_utc,
)
from app.services.responses import applications
from app.services.responses.moves import AlreadyMoved, take_move

S = InterviewStatus


class AlreadyAnswered(AlreadyMoved):
    """The same answer was just recorded (a form posted twice): it is kept and told once, not again."""

    default_message = "Votre réponse est déjà enregistrée."


@dataclass(frozen=True)
class Proposal:
    """What the artisan typed: local wall times (naive, in the territory's zone), the mode, place, duration, note."""

    slots: list[datetime]
    mode: InterviewMode | str
    place: str = ""
    duration: int = DEFAULT_DURATION
    note: str = ""


# --- reading ---------------------------------------------------------------------------------------------------

def zone_of(application: Application) -> str:
    """The zone the offer's slots are chosen in: Europe/Paris, or the territory's zone overseas."""
    return timezone_for(application.offer.departement)


def current(application: Application) -> Interview | None:
    """The application's latest interview (whatever its status), or None."""
    return db.session.scalar(select(Interview).where(Interview.application_id == application.id)
                             .order_by(Interview.id.desc()).limit(1))


def interview_for(application: Application, interview_id: int) -> Interview:
    """One interview of this application, for its .ics.

    :raise NotFound: not this application's, or never confirmed (no slot to put in a calendar).
    """
    interview = db.session.get(Interview, interview_id)
    if interview is None or interview.application_id != application.id or interview.chosen_slot is None:
        raise NotFound()
    return interview


def ics_download(interview: Interview, link: str | None = None) -> str:
    """The .ics of a confirmed (or cancelled) interview, for a download from the pages."""
    method = interview_ics.CANCEL if interview.status == S.CANCELLED else interview_ics.PUBLISH
    return interview_ics.calendar(interview, method, link=link)


# --- checks ----------------------------------------------------------------------------------------------------

def _party(application: Application, actor, expected: Party | None = None) -> Party:
    """The actor's side; NotFound for a stranger, NotAllowed for the wrong side."""
    party = application_party(application, actor)
    if party is None:
        raise NotFound()
    if expected is not None and party != expected:
        raise NotAllowed("Cette action revient à l’autre partie de la candidature.")
    return party


def _open(application: Application) -> None:
    """Refuse on an application that is over (retained, declined or withdrawn)."""
    if application.is_final:
        raise Conflict(f"Cette candidature est close (« {application.status.label} ») : plus d’entretien possible.")


def _build(application: Application, actor, proposal: Proposal, now: datetime, sequence: int = 0) -> Interview:
    """A new, checked proposal (added to the session, not flushed)."""
    try:
        mode = InterviewMode(proposal.mode)
    except ValueError:
        raise Refused({"mode": "Choisissez où a lieu l’entretien."}) from None
    if proposal.duration not in DURATIONS:
        raise Refused({"duration": "Choisissez une durée dans la liste."})
    zone = zone_of(application)
    errors = {}
    for check in (lambda: clean_slots(proposal.slots, zone, now), lambda: clean_place(mode, proposal.place),
                  lambda: clean_text(proposal.note, "note", NOTE_MAX)):
        try:
            check()
        except Refused as error:
            errors.update(error.errors)
    if errors:
        raise Refused(errors)
    interview = Interview(application=application, mode=mode, place=clean_place(mode, proposal.place),
                          duration_minutes=proposal.duration, timezone=zone, note=clean_text(proposal.note, "note",
                                                                                              NOTE_MAX),
                          created_by_id=None if isinstance(actor, ContactActor) else actor.id, created_at=now,
                          sequence=sequence, status=S.PROPOSED)
    interview.slots = [InterviewSlot(starts_at=moment) for moment in clean_slots(proposal.slots, zone, now)]
    db.session.add(interview)
    return interview


def _take(interview: Interview, target: InterviewStatus, sources: set[InterviewStatus]) -> None:
    """Move the interview once, even when two requests race (a double click): the loser gets AlreadyAnswered."""
    if interview.status == target:
        raise AlreadyAnswered()
    if interview.status not in sources or not take_move(interview, target):
        if interview.status == target:
            raise AlreadyAnswered()
        raise Conflict(f"Cet entretien est « {interview.status.label} » : la page a changé entre-temps.")
    interview.status = target


def _words(application: Application, actor, party: Party, text: str, now: datetime) -> None:
    """What a side wrote with its answer, as its own message in the thread (so that it is exported and erased with
    the writer's other messages, never kept in a Passerelle line)."""
    if not text:
        return
    side = Side.APPLICANT if party == Party.CANDIDATE else Side.OWNER
    if isinstance(actor, ContactActor):
        threads.post(application, side, text, author_email=actor.email, now=now)
    else:
        threads.post(application, side, text, author=actor, now=now)


def _same(interview: Interview, proposal: Proposal, now: datetime) -> bool:
    """True when a pending proposal is the one just typed again (a form posted twice)."""
    zone = interview.timezone
    moments = sorted(filter(None, (to_utc(wall, zone) for wall in proposal.slots if wall is not None)))
    return (interview.status == S.PROPOSED and now - interview.created_at < timedelta(minutes=2)
            and [slot.starts_at for slot in interview.slots] == moments and interview.mode == proposal.mode
            and interview.place == " ".join((proposal.place or "").split()))


# --- the artisan's side ----------------------------------------------------------------------------------------

@use_case
def propose(application: Application, actor, proposal: Proposal, now: datetime | None = None) -> Interview:
    """The business proposes 1 to 5 slots; a pending proposal is replaced; a received application moves to
    « Entretien proposé » (its status message carries the slots to the candidate)."""
    now = now or utcnow()
    _party(application, actor, Party.OWNER)
    _open(application)
    previous = current(application)
    if previous is not None and previous.status == S.ACCEPTED:
        raise Conflict("Un entretien est déjà confirmé : déplacez-le plutôt que d’en proposer un autre.")
    if previous is not None and _same(previous, proposal, now):
        return previous  # the same form posted twice: proposed and told once
    interview = _build(application, actor, proposal, now)
    if previous is not None and previous.status == S.PROPOSED:
        _take(previous, S.CANCELLED, {S.PROPOSED})
        previous.decided_at = now
    db.session.flush()
    text = notices.proposal_text(interview)
    if application.status in (ApplicationStatus.RECEIVED, ApplicationStatus.VIEWED):
        # The status change carries these words to the candidate (e-mail, and the timeline): one message, not two.
        applications.change_status(application, actor, ApplicationStatus.INTERVIEW,
                                   text + "\n\nRépondez depuis votre candidature : choisissez un créneau, "
                                          "déclinez ou proposez-en un autre.", now=now)
    else:
        threads.post_platform(application, text, now)
        notices.tell(notices.candidate_of(application), "interview_proposed", interview, now=now,
                     text=f"Entretien proposé pour « {application.offer.title} » : choisissez un créneau.")
    return interview


@use_case
def move(application: Application, actor, proposal: Proposal, now: datetime | None = None) -> Interview:
    """The business moves a confirmed interview: it is cancelled (the calendars are told) and new slots proposed."""
    now = now or utcnow()
    _party(application, actor, Party.OWNER)
    _open(application)
    previous = current(application)
    if previous is None or previous.status != S.ACCEPTED:
        raise Conflict("Aucun entretien confirmé à déplacer : proposez des créneaux.")
    interview = _build(application, actor, proposal, now, sequence=previous.sequence + 2)
    _take(previous, S.CANCELLED, {S.ACCEPTED})
    previous.sequence += 1
    previous.decided_at = now
    db.session.flush()
    threads.post_platform(application, f"Entretien du {notices.when(previous)} déplacé.\n"
                          + notices.proposal_text(interview, moved=True), now)
    notices.tell(notices.candidate_of(application), "interview_moved", interview, cancelled=previous, now=now,
                 text=f"Votre entretien pour « {application.offer.title} » est déplacé : choisissez un créneau.",
                 previous=notices.when(previous))
    notices.tell(notices.owner_of(application), "interview_moved", interview, cancelled=previous, now=now,
                 previous=notices.when(previous), owner_copy=True)
    return interview


# --- the candidate's side --------------------------------------------------------------------------------------

def _pending(application: Application, actor) -> Interview:
    """The proposal the candidate answers; Conflict when there is none pending."""
    _party(application, actor, Party.CANDIDATE)
    _open(application)
    interview = current(application)
    if interview is None:
        raise Conflict("Aucun entretien n’est proposé pour cette candidature.")
    return interview


@use_case
def accept(application: Application, actor, slot_id: int | None, now: datetime | None = None) -> Interview:
    """The candidate accepts one proposed slot: both sides get the .ics invitation (once, even if posted twice)."""
    now = now or utcnow()
    interview = _pending(application, actor)
    slot = next((slot for slot in interview.slots if slot.id == slot_id), None)
    if interview.status == S.ACCEPTED:
        if interview.chosen_slot_id == slot_id:
            raise AlreadyAnswered()
        raise Conflict(f"Un créneau est déjà confirmé : {notices.when(interview)}.")
    if interview.status == S.PROPOSED and slot is None:
        raise Refused({"slot": "Choisissez l’un des créneaux proposés."})
    if slot is not None and slot.starts_at <= now:
        raise Refused({"slot": "Ce créneau est passé : proposez-en un autre à l’artisan."})
    _take(interview, S.ACCEPTED, {S.PROPOSED})
    interview.chosen_slot = slot
    interview.decided_at = now
    db.session.flush()
    threads.post_platform(application, f"Entretien confirmé : {notices.when(interview)} "
                                       f"({notices.where(interview)}, {interview.duration_minutes} min).", now)
    notices.tell(notices.candidate_of(application), "interview_confirmed", interview,
                 calendar=interview_ics.REQUEST, now=now)
    notices.tell(notices.owner_of(application), "interview_accepted", interview, calendar=interview_ics.REQUEST,
                 text=f"{application.candidate_label} a confirmé l’entretien : {notices.when(interview)}.", now=now)
    return interview


@use_case
def decline(application: Application, actor, answer: str = "", now: datetime | None = None) -> Interview:
    """The candidate declines the proposal, with an optional message to the business."""
    now = now or utcnow()
    interview = _pending(application, actor)
    answer = clean_text(answer, "answer", ANSWER_MAX)
    _take(interview, S.DECLINED, {S.PROPOSED})
    interview.answer, interview.decided_at = answer, now
    threads.post_platform(application, "Entretien décliné par le candidat.", now)
    _words(application, actor, Party.CANDIDATE, answer, now)
    notices.tell(notices.owner_of(application), "interview_declined", interview, now=now,
                 text=f"{application.candidate_label} a décliné l’entretien proposé.", answer=answer)
    return interview


@use_case
def counter(application: Application, actor, answer: str, now: datetime | None = None) -> Interview:
    """The candidate asks for another slot, saying when they are free."""
    now = now or utcnow()
    interview = _pending(application, actor)
    answer = clean_text(answer, "answer", ANSWER_MAX,
                         required="Dites à l’artisan quand vous êtes disponible.")
    _take(interview, S.COUNTERED, {S.PROPOSED})
    interview.answer, interview.decided_at = answer, now
    threads.post_platform(application, "Autre créneau demandé par le candidat.", now)
    _words(application, actor, Party.CANDIDATE, answer, now)
    notices.tell(notices.owner_of(application), "interview_countered", interview, now=now,
                 text=f"{application.candidate_label} demande un autre créneau d’entretien.", answer=answer)
    return interview


# --- either side -----------------------------------------------------------------------------------------------

@use_case
def cancel(application: Application, actor, reason: str = "", now: datetime | None = None) -> Interview:
    """Either side cancels (the business a proposal or a confirmed interview, the candidate a confirmed one);
    the other side is told, and both calendars get the cancellation of a confirmed one."""
    now = now or utcnow()
    party = _party(application, actor)
    interview = current(application)
    if interview is None:
        raise Conflict("Aucun entretien à annuler.")
    reason = clean_text(reason, "reason", ANSWER_MAX)
    sources = {S.PROPOSED, S.ACCEPTED} if party == Party.OWNER else {S.ACCEPTED}
    was_confirmed = interview.status == S.ACCEPTED
    _take(interview, S.CANCELLED, sources)
    interview.decided_at = now
    if was_confirmed:
        interview.sequence += 1
    by = "le candidat" if party == Party.CANDIDATE else application.offer.business.name
    what = f"Entretien du {notices.when(interview)}" if was_confirmed else "Proposition d’entretien"
    threads.post_platform(application, f"{what} annulé par {by}.", now)
    _words(application, actor, party, reason, now)
    other = notices.owner_of(application) if party == Party.CANDIDATE else notices.candidate_of(application)
    method = interview_ics.CANCEL if was_confirmed else None
    notices.tell(other, "interview_cancelled", interview, calendar=method, now=now, reason=reason, by=by,
                 text=f"{what} pour « {application.offer.title} » annulé par {by}.", confirmed=was_confirmed)
    if was_confirmed:  # the one who cancelled has the event in their calendar too
        own = notices.candidate_of(application) if party == Party.CANDIDATE else notices.owner_of(application)
        notices.tell(own, "interview_cancelled", interview, calendar=method, now=now, reason=reason, by=by,
                     confirmed=True, own_copy=True)
    return interview


@applications.on_close
def end_with_application(application: Application, now: datetime) -> None:
    """An application retained, declined or withdrawn ends its pending or confirmed interview (a retained one's
    confirmed interview is kept: it may still take place); both calendars get the cancellation of a confirmed one."""
    interview = current(application)
    if interview is None or interview.status not in (S.PROPOSED, S.ACCEPTED):
        return
    if application.status == ApplicationStatus.ACCEPTED and interview.status == S.ACCEPTED:
        return
    was_confirmed = interview.status == S.ACCEPTED
    _take(interview, S.CANCELLED, {S.PROPOSED, S.ACCEPTED})
    interview.decided_at = now
    what = f"Entretien du {notices.when(interview)}" if was_confirmed else "Proposition d’entretien"
    threads.post_platform(application, f"{what} annulé : la candidature est close.", now)
    if was_confirmed:
        interview.sequence += 1
        for person in (notices.candidate_of(application), notices.owner_of(application)):
            notices.tell(person, "interview_cancelled", interview, calendar=interview_ics.CANCEL, now=now,
                         reason="", by="Passerelle", confirmed=True, closed=True)
