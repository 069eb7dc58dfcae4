"""Interviews through HTTP (#14 item 4): the artisan proposes slots, the candidate accepts one (both get the .ics),
declines or asks another; either side cancels, the artisan moves; bad input is refused with what was typed kept."""
import re
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from app.extensions import db as _db
from app.models.application import Application
from app.models.application_states import ApplicationStatus
from app.models.conversation import Message, Side
from app.models.interview import Interview, InterviewStatus
from app.models.mail import OutgoingMail
from app.models.notification import Notification
from app.models.user import User
from app.services.conversations import interviews
from tests.application_factories import apply_to, make_artisan_offer, make_candidate, sign_in
from tests.factories import make_business, make_offer
from tests.test_html_validity import _validate as validate_html
from tests.test_html_validity import missing_requirement

DAY = date.today() + timedelta(days=10)
OTHER_DAY = DAY + timedelta(days=1)
ADDRESS = "12 rue des Tanneurs, 75011 Paris"


def proposal(first=DAY, second=OTHER_DAY, mode="on_site", place=ADDRESS, **extra) -> dict:
    """The proposal form: two slots (15 h and 9 h 30), on site by default."""
    data = {"slot1_date": first.isoformat() if first else "", "slot1_time": "15:00",
            "slot2_date": second.isoformat() if second else "", "slot2_time": "09:30" if second else "",
            "mode": mode, "place": place, "duration": "45", "note": "Demandez Paul à l’accueil."}
    return {**data, **extra}


def mails_to(address: str) -> list[OutgoingMail]:
    """The mails queued for an address, oldest first."""
    return list(_db.session.scalars(select(OutgoingMail).where(OutgoingMail.to == address).order_by(OutgoingMail.id)))


def ics_of(mail: OutgoingMail) -> Calendar:
    """The .ics attached to a mail, parsed back."""
    (attachment,) = [item for item in mail.attachments or () if item["content_type"] == "text/calendar"]
    assert attachment["filename"] == "entretien.ics"
    return Calendar.from_ical(attachment["content"])


def event_of(calendar: Calendar):
    (event,) = calendar.walk("VEVENT")
    return event


def platform_lines(application) -> list[str]:
    return list(_db.session.scalars(select(Message.body).join(Message.thread).where(
        Message.side == Side.PLATFORM).order_by(Message.id)))


def fresh(application) -> Application:
    return _db.session.get(Application, application.id)


@pytest.fixture
def received(app, make_user):
    """An artisan, their published offer in Paris, one application from Léa, and both signed in."""
    artisan, offer = make_artisan_offer(make_user)
    candidate = make_candidate(make_user)
    application = apply_to(offer, candidate)
    return artisan, candidate, application, sign_in(app, artisan), sign_in(app, candidate)


def propose(owner_client, application, **form):
    return owner_client.post(f"/espace-artisan/candidatures/{application.id}/entretien", data=proposal(**form))


def accept(candidate_client, application, slot_index=0):
    interview = interviews.current(fresh(application))
    slot = interview.slots[slot_index]
    return candidate_client.post(f"/candidatures/{application.id}/entretien/accepter",
                                 data={"accept-slot": str(slot.id)})


def test_propose_two_slots_then_the_candidate_accepts_one_and_both_get_the_invitation(app, received, mailbox):
    artisan, candidate, application, owner, young = received
    form = owner.get(f"/espace-artisan/candidatures/{application.id}/entretien")
    assert form.status_code == 200 and "Proposer un entretien" in form.text and "Heures de Paris" in form.text
    answer = propose(owner, application)
    assert answer.status_code == 302 and answer.location.endswith(f"/espace-artisan/candidatures/{application.id}"
                                                                   "#entretien")
    assert fresh(application).status == ApplicationStatus.INTERVIEW
    (told,) = [m for m in mails_to(candidate.email) if "Entretien proposé" in m.subject]
    assert "15\u00a0h" in told.body_text and "9\u00a0h\u00a030" in told.body_text and ADDRESS in told.body_text
    page = young.get(f"/candidatures/{application.id}")
    assert page.text.count("Entretien proposé (sur place") == 1  # in the timeline once, with the status change
    assert "Choisissez un créneau" in page.text and "Confirmer ce créneau" in page.text
    assert "Demandez Paul à l’accueil." in page.text or "Demandez Paul" in page.text

    assert accept(young, application, 1).status_code == 302
    interview = interviews.current(fresh(application))
    assert interview.status == InterviewStatus.ACCEPTED and interview.chosen_slot.starts_at == datetime(
        OTHER_DAY.year, OTHER_DAY.month, OTHER_DAY.day, 9, 30, tzinfo=ZoneInfo("Europe/Paris"))
    for address, subject in ((candidate.email, "Entretien confirmé pour"), (artisan.email, "Entretien confirmé avec")):
        (mail,) = [m for m in mails_to(address) if m.subject.startswith(subject)]
        calendar = ics_of(mail)
        event = event_of(calendar)
        assert str(calendar["METHOD"]) == "REQUEST"
        assert event["DTSTART"].params["TZID"] == "Europe/Paris"
        start = event.decoded("DTSTART")
        assert (start.hour, start.minute, start.date()) == (9, 30, OTHER_DAY)
        assert event.decoded("DTEND") - start == timedelta(minutes=45)
        assert str(event["LOCATION"]) == ADDRESS and int(event["SEQUENCE"]) == 0
        assert str(event["UID"]) == f"entretien-{interview.id}@127.0.0.1"
        assert str(event["ATTENDEE"]) == f"mailto:{address}"  # each copy names its own reader only
        assert artisan.email not in calendar.to_ical().decode() or address == artisan.email
        assert calendar.walk("VTIMEZONE")
    (sent,) = [m for m in mailbox() if m["To"] == candidate.email and m["Subject"].startswith("Entretien confirmé")]
    (part,) = [part for part in sent.iter_attachments() if part.get_content_type() == "text/calendar"]
    assert part.get_filename() == "entretien.ics" and "BEGIN:VEVENT" in part.get_content()
    assert _db.session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == artisan.id, Notification.kind == "interview_accepted")) == 1
    assert any(line.startswith("Entretien confirmé :") for line in platform_lines(application))

    shown = young.get(f"/candidatures/{application.id}")
    assert "Confirmé" in shown.text and "Ajouter à mon agenda" in shown.text
    for client, url in ((young, f"/candidatures/{application.id}/entretien/{interview.id}.ics"),
                        (owner, f"/espace-artisan/candidatures/{application.id}/entretien/{interview.id}.ics")):
        download = client.get(url)
        assert download.status_code == 200 and download.mimetype == "text/calendar"
        assert event_of(Calendar.from_ical(download.data))["DTSTART"].params["TZID"] == "Europe/Paris"


def test_an_offer_in_reunion_is_proposed_and_invited_in_reunion_time(app, make_user):
    artisan = make_user("artisan")
    offer = make_offer(make_business(artisan, postcode="97400"), "published")
    candidate = make_candidate(make_user)
    application = apply_to(offer, candidate)
    owner, young = sign_in(app, artisan), sign_in(app, candidate)
    assert "heure de La Réunion" in owner.get(f"/espace-artisan/candidatures/{application.id}/entretien").text
    assert propose(owner, application, place="5 rue de Paris, 97400 Saint-Denis").status_code == 302
    assert "heure de La Réunion" in young.get(f"/candidatures/{application.id}").text
    accept(young, application, 0)
    (mail,) = [m for m in mails_to(candidate.email) if m.subject.startswith("Entretien confirmé")]
    event = event_of(ics_of(mail))
    assert event["DTSTART"].params["TZID"] == "Indian/Reunion"
    start = event.decoded("DTSTART")
    assert (start.hour, start.minute) == (15, 0)
    assert start.astimezone(timezone.utc).hour == 11  # Réunion is UTC+4 all year
    assert "15\u00a0h (heure de La Réunion)" in mail.subject


def test_the_candidate_declines_and_the_artisan_is_told(app, received):
    artisan, candidate, application, owner, young = received
    propose(owner, application)
    answer = young.post(f"/candidatures/{application.id}/entretien/decliner",
                        data={"decline-answer": "J’ai trouvé une autre entreprise, merci."})
    assert answer.status_code == 302
    assert interviews.current(fresh(application)).status == InterviewStatus.DECLINED
    (mail,) = [m for m in mails_to(artisan.email) if "décliné" in m.subject]
    assert "J’ai trouvé une autre entreprise" in mail.body_text and not mail.attachments
    assert "Décliné" in owner.get(f"/espace-artisan/candidatures/{application.id}").text
    # The candidate's words are their own message in the thread (exported and erased with their messages).
    assert _db.session.scalar(select(Message.author_id).where(
        Message.side == Side.APPLICANT, Message.body == "J’ai trouvé une autre entreprise, merci.")) == candidate.id
    assert not any("autre entreprise" in line for line in platform_lines(application))


def test_the_candidate_asks_for_another_slot_with_a_message(app, received):
    artisan, candidate, application, owner, young = received
    propose(owner, application)
    url = f"/candidatures/{application.id}/entretien/autre-creneau"
    empty = young.post(url, data={"counter-answer": "  "})
    assert empty.status_code == 422 and "Ce champ est obligatoire" in empty.text
    assert interviews.current(fresh(application)).status == InterviewStatus.PROPOSED
    assert young.post(url, data={"counter-answer": "Je suis libre le lundi après 16 h."}).status_code == 302
    (mail,) = [m for m in mails_to(artisan.email) if "autre créneau" in m.subject]
    assert "Je suis libre le lundi après 16 h." in mail.body_text
    page = owner.get(f"/espace-artisan/candidatures/{application.id}")
    assert "Autre créneau demandé" in page.text and "Je suis libre le lundi" in page.text
    # The artisan answers with new slots: a new proposal.
    assert propose(owner, application, first=DAY + timedelta(days=3), second=None).status_code == 302
    assert interviews.current(fresh(application)).status == InterviewStatus.PROPOSED


def test_a_cancelled_interview_tells_the_other_side_and_both_calendars(app, received):
    artisan, candidate, application, owner, young = received
    propose(owner, application)
    accept(young, application)
    answer = young.post(f"/candidatures/{application.id}/entretien/annuler",
                        data={"cancel-reason": "Je suis malade, désolée."})
    assert answer.status_code == 302
    interview = interviews.current(fresh(application))
    assert interview.status == InterviewStatus.CANCELLED and interview.sequence == 1
    (told,) = [m for m in mails_to(artisan.email) if "annulé" in m.subject]
    assert "Je suis malade" in told.body_text and "annulé par le candidat" in told.body_text
    for mail in (told, [m for m in mails_to(candidate.email) if "annulé" in m.subject][0]):
        calendar = ics_of(mail)
        assert str(calendar["METHOD"]) == "CANCEL"
        event = event_of(calendar)
        assert str(event["UID"]) == f"entretien-{interview.id}@127.0.0.1" and int(event["SEQUENCE"]) == 1
        assert str(event["STATUS"]) == "CANCELLED"
    assert any("annulé par le candidat" in line for line in platform_lines(application))


def test_the_artisan_withdraws_a_pending_proposal(app, received):
    artisan, candidate, application, owner, young = received
    propose(owner, application)
    assert owner.post(f"/espace-artisan/candidatures/{application.id}/entretien/annuler",
                      data={"cancel-reason": ""}).status_code == 302
    (mail,) = [m for m in mails_to(candidate.email) if "annulé" in m.subject]
    assert "proposition d’entretien" in mail.body_text and not mail.attachments


def test_the_artisan_moves_a_confirmed_interview(app, received):
    artisan, candidate, application, owner, young = received
    propose(owner, application)
    accept(young, application)
    first = interviews.current(fresh(application))
    page = owner.get(f"/espace-artisan/candidatures/{application.id}/entretien")
    assert "Déplacer l’entretien" in page.text
    assert propose(owner, application, first=DAY + timedelta(days=5), second=None).status_code == 302
    old = _db.session.get(Interview, first.id)
    assert old.status == InterviewStatus.CANCELLED and old.sequence == 1
    moved = interviews.current(fresh(application))
    assert moved.id != first.id and moved.status == InterviewStatus.PROPOSED and moved.sequence == 2
    (mail,) = [m for m in mails_to(candidate.email) if "déplacé" in m.subject]
    cancelled = ics_of(mail)
    assert str(cancelled["METHOD"]) == "CANCEL" and str(event_of(cancelled)["UID"]).startswith(f"entretien-{old.id}@")
    assert any(m for m in mails_to(artisan.email) if "déplacé" in m.subject and m.attachments)
    accept(young, application)
    (confirmed,) = [m for m in mails_to(candidate.email) if m.subject.startswith("Entretien confirmé")][-1:]
    assert int(event_of(ics_of(confirmed))["SEQUENCE"]) == 2


def test_past_and_invalid_slots_and_a_bad_video_link_are_refused_keeping_the_input(app, received):
    artisan, candidate, application, owner, young = received
    url = f"/espace-artisan/candidatures/{application.id}/entretien"
    past = owner.post(url, data=proposal(first=date.today() - timedelta(days=2)))
    assert past.status_code == 422 and "Ce créneau est déjà passé" in past.text
    assert f'value="{(date.today() - timedelta(days=2)).isoformat()}"' in past.text and ADDRESS in past.text
    video = owner.post(url, data=proposal(mode="video", place="meet.example.org/abc def"))
    assert video.status_code == 422 and "https://" in video.text and 'value="meet.example.org/abc def"' in video.text
    plain = owner.post(url, data=proposal(mode="video", place="http://visio.example.org/salle"))
    assert plain.status_code == 422
    nothing = owner.post(url, data=proposal(first=None, second=None, slot1_time=""))
    assert nothing.status_code == 422 and "au moins un créneau" in nothing.text
    half = owner.post(url, data=proposal(slot2_time=""))
    assert half.status_code == 422 and "Indiquez aussi l’heure" in half.text
    nonsense = owner.post(url, data=proposal(slot1_date="31/02/2027", slot1_time="25:00", duration="7"))
    assert nonsense.status_code == 422 and "Indiquez une date valide" in nonsense.text
    for odd in ({"slot1_date": "0001-01-01"}, {"slot1_date": "9999-12-31", "slot1_time": "23:59"},
                {"mode": "ailleurs"}, {"slot1_time": "15:00:00", "slot2_time": "\x00"}, {"duration": "quarante"}):
        answer = owner.post(url, data=proposal(**odd))
        assert answer.status_code == 422, odd
        assert "Le formulaire contient des erreurs" in answer.text and "Not a valid" not in answer.text
    no_place = owner.post(url, data=proposal(place=""))
    assert no_place.status_code == 422 and "adresse du rendez-vous" in no_place.text
    assert interviews.current(fresh(application)) is None
    assert fresh(application).status == ApplicationStatus.RECEIVED
    phone = owner.post(url, data=proposal(mode="phone", place=""))
    assert phone.status_code == 302
    video_ok = owner.post(url, data=proposal(mode="video", place="https://visio.example.org/salle-12"))
    assert video_ok.status_code == 302 and interviews.current(fresh(application)).place.startswith("https://")


def test_strangers_get_404_and_the_wrong_side_403(app, received, make_user):
    artisan, candidate, application, owner, young = received
    propose(owner, application)
    stranger_artisan = sign_in(app, make_user("artisan"))
    stranger_candidate = sign_in(app, make_candidate(make_user))
    assert stranger_artisan.get(f"/espace-artisan/candidatures/{application.id}/entretien").status_code == 404
    assert stranger_artisan.post(f"/espace-artisan/candidatures/{application.id}/entretien",
                                 data=proposal()).status_code == 404
    assert stranger_candidate.post(f"/candidatures/{application.id}/entretien/decliner",
                                   data={"decline-answer": ""}).status_code == 404
    assert owner.post(f"/candidatures/{application.id}/entretien/decliner",
                      data={"decline-answer": ""}).status_code == 403
    assert young.get(f"/espace-artisan/candidatures/{application.id}/entretien").status_code == 403
    assert interviews.current(fresh(application)).status == InterviewStatus.PROPOSED
    assert stranger_candidate.get(f"/candidatures/{application.id}/entretien/1.ics").status_code == 404
    odd = young.post(f"/candidatures/{application.id}/entretien/accepter", data={"accept-slot": "abc"})
    assert odd.status_code == 422 and "Choisissez l’un des créneaux proposés." in odd.text
    other = young.post(f"/candidatures/{application.id}/entretien/accepter", data={"accept-slot": "99999"})
    assert other.status_code == 422 and "Choisissez l’un des créneaux proposés." in other.text
    assert interviews.current(fresh(application)).status == InterviewStatus.PROPOSED


def test_a_double_accept_records_one_acceptance_and_sends_one_mail(app, received):
    artisan, candidate, application, owner, young = received
    propose(owner, application)
    answers = [accept(young, application) for _ in range(2)]
    assert all(answer.status_code == 302 for answer in answers)
    assert len([m for m in mails_to(candidate.email) if m.subject.startswith("Entretien confirmé")]) == 1
    assert len([m for m in mails_to(artisan.email) if m.subject.startswith("Entretien confirmé")]) == 1
    assert sum(line.startswith("Entretien confirmé") for line in platform_lines(application)) == 1


def test_two_accepts_racing_record_one(app, received):
    """The second click read the proposal before the first one committed its acceptance."""
    artisan, candidate, application, owner, young = received
    propose(owner, application)
    stale = interviews.current(fresh(application))
    slot_id = stale.slots[0].id
    with app.app_context():  # the first click, in another worker: its own session, committed
        interviews.accept(_db.session.get(Application, application.id), _db.session.get(User, candidate.id), slot_id)
        _db.session.remove()
    assert stale.status == InterviewStatus.PROPOSED  # what the second click still believes
    with pytest.raises(interviews.AlreadyAnswered):
        interviews.accept(fresh(application), _db.session.get(User, candidate.id), slot_id)
    assert len([m for m in mails_to(candidate.email) if m.subject.startswith("Entretien confirmé")]) == 1


def test_a_final_application_takes_no_interview(app, received):
    artisan, candidate, application, owner, young = received
    young.post(f"/candidatures/{application.id}/retirer", data={"confirm": "1"})
    assert fresh(application).status == ApplicationStatus.WITHDRAWN
    answer = owner.post(f"/espace-artisan/candidatures/{application.id}/entretien", data=proposal(),
                        follow_redirects=True)
    assert "Cette candidature est close" in answer.text and interviews.current(fresh(application)) is None


def test_the_contact_address_proposes_through_its_link_and_gets_the_invitation(app, make_user, client):
    contact = "atelier@example.org"
    _, offer = make_artisan_offer(make_user, owner=False, contact_email=contact)
    candidate = make_candidate(make_user)
    application = apply_to(offer, candidate)
    body = mails_to(contact)[-1].body_text
    link = re.search(r"https?://[^/\s]+(/contact/[\w.\-]+)", body).group(1)
    page = client.get(f"{link}/entretien")
    assert page.status_code == 200 and page.headers["Referrer-Policy"] == "no-referrer"
    assert client.post(f"{link}/entretien", data=proposal()).status_code == 302
    assert fresh(application).status == ApplicationStatus.INTERVIEW
    young = sign_in(app, candidate)
    assert accept(young, application).status_code == 302
    (mail,) = [m for m in mails_to(contact) if m.subject.startswith("Entretien confirmé")]
    assert "/contact/" in mail.body_text  # the signed link to answer, in the mail
    ics = ics_of(mail).to_ical().decode()
    assert "/contact/" not in ics and candidate.email not in ics  # never the link nor the other's address
    interview = interviews.current(fresh(application))
    download = client.get(f"{link}/entretien/{interview.id}.ics")
    assert download.status_code == 200 and download.mimetype == "text/calendar"
    assert client.post(f"{link}/entretien/annuler", data={"cancel-reason": "Fermeture exceptionnelle."}
                       ).status_code == 302
    (told,) = [m for m in mails_to(candidate.email) if "annulé" in m.subject]
    assert "Fermeture exceptionnelle." in told.body_text and ics_of(told)
    forged = client.get("/contact/forged-token/entretien")
    assert forged.status_code == 400


def test_the_interview_pages_are_valid_html(app, received, tmp_path):
    reason = missing_requirement()
    if reason:
        pytest.skip(reason)
    artisan, candidate, application, owner, young = received
    app.config["WTF_CSRF_ENABLED"] = True  # forms render their hidden token fields, as in production
    url = f"/espace-artisan/candidatures/{application.id}/entretien"
    pages = {"propose": owner.get(url).text, "inbox, none yet": owner.get(
        f"/espace-artisan/candidatures/{application.id}").text}
    app.config["WTF_CSRF_ENABLED"] = False
    pages["propose with errors"] = owner.post(url, data=proposal(first=date.today() - timedelta(days=1),
                                                                 mode="video", place="nope")).text
    propose(owner, application)
    pages["candidate, proposed"] = young.get(f"/candidatures/{application.id}").text
    pages["candidate, counter with errors"] = young.post(f"/candidatures/{application.id}/entretien/autre-creneau",
                                                         data={"counter-answer": ""}).text
    pages["candidate, accept with errors"] = young.post(f"/candidatures/{application.id}/entretien/accepter",
                                                        data={}).text
    pages["inbox, proposed"] = owner.get(f"/espace-artisan/candidatures/{application.id}").text
    accept(young, application)
    pages["candidate, accepted"] = young.get(f"/candidatures/{application.id}").text
    pages["inbox, accepted"] = owner.get(f"/espace-artisan/candidatures/{application.id}").text
    pages["move"] = owner.get(url).text
    folder = tmp_path / "pages"
    folder.mkdir()
    findings = validate_html(pages, folder)
    assert not findings, "\n".join(findings)


def test_a_proposal_posted_twice_is_sent_once(app, received):
    artisan, candidate, application, owner, young = received
    assert [propose(owner, application).status_code for _ in range(2)] == [302, 302]
    assert _db.session.scalar(select(func.count(Interview.id)).where(Interview.application_id == application.id)) == 1
    assert len([m for m in mails_to(candidate.email) if "Entretien proposé" in m.subject]) == 1


def test_declining_an_application_cancels_its_confirmed_interview_in_both_calendars(app, make_user):
    from app.services.conversations import interviews as service
    from app.services.responses import applications as responses

    artisan, offer = make_artisan_offer(make_user)
    candidate = make_candidate(make_user)
    application = apply_to(offer, candidate)
    slot = (datetime.now() + timedelta(days=6)).replace(hour=15, minute=0, second=0, microsecond=0)
    interview = service.propose(application, artisan, service.Proposal(slots=[slot], mode="phone"))
    service.accept(application, candidate, interview.slots[0].id)
    before = _db.session.query(OutgoingMail).count()
    responses.change_status(application, artisan, "declined", "Nous avons retenu un autre profil.")
    assert _db.session.get(Interview, interview.id).status == InterviewStatus.CANCELLED
    cancels = [mail for mail in _db.session.query(OutgoingMail).order_by(OutgoingMail.id).all()[before:]
               if mail.attachments and "METHOD:CANCEL" in mail.attachments[0]["content"]]
    assert sorted(mail.to for mail in cancels) == sorted([candidate.email, artisan.email])
    assert "la candidature est close (non retenue)" in cancels[0].body_text
