"""`flask interviews remind` (#14 item 4): the day before a confirmed interview each side gets one reminder, once;
nothing for later interviews, cancelled ones or withdrawn applications."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from app.extensions import db as _db
from app.models.application import Application
from app.models.interview import Interview
from app.models.mail import OutgoingMail
from app.models.notification import Notification
from app.models.user import User
from app.services.conversations import interviews
from app.services.responses import applications
from tests.application_factories import apply_to, make_artisan_offer, make_candidate
from tests.factories import make_business, make_offer

UTC = timezone.utc
# Proposed on 1 December 2026, for Thursday 10 December at 10 h and Friday 11 December at 14 h (Paris, UTC+1).
PROPOSED_AT = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
THURSDAY_10H = datetime(2026, 12, 10, 10, 0)
FRIDAY_14H = datetime(2026, 12, 11, 14, 0)


@pytest.fixture
def confirmed(app, make_user):
    """An interview confirmed for Thursday 10 December at 10 h, Paris time."""
    artisan, offer = make_artisan_offer(make_user)
    candidate = make_candidate(make_user)
    application = apply_to(offer, candidate)
    interview = interviews.propose(application, artisan, interviews.Proposal(
        slots=[THURSDAY_10H, FRIDAY_14H], mode="on_site", place="3 place du Marché, 75011 Paris"), now=PROPOSED_AT)
    interviews.accept(application, candidate, interview.slots[0].id, now=PROPOSED_AT)
    return artisan, candidate, application, interview


def reminders() -> list[OutgoingMail]:
    return list(_db.session.scalars(select(OutgoingMail).where(OutgoingMail.subject.startswith("Rappel"))
                                    .order_by(OutgoingMail.id)))


def remind(runner, now: str):
    result = runner.invoke(args=["interviews", "remind", "--now", now])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_day_before_each_side_gets_one_reminder_once(runner, confirmed):
    artisan, candidate, application, interview = confirmed
    assert remind(runner, "2026-12-08T06:00:00") == "0 rappel(s) d’entretien envoyé(s)\n"  # two days before
    assert reminders() == []
    assert remind(runner, "2026-12-09T06:00:00") == "1 rappel(s) d’entretien envoyé(s)\n"
    sent = reminders()
    assert sorted(mail.to for mail in sent) == sorted([artisan.email, candidate.email])
    for mail in sent:
        assert mail.subject == ("Rappel : entretien pour « Apprenti boulanger (H/F) – CAP Boulanger », "
                                "jeudi 10 décembre à 10\u00a0h")
        assert "a lieu demain" in mail.body_text and "3 place du Marché" in mail.body_text
    assert "votre entretien avec Léa Martin" in next(m for m in sent if m.to == artisan.email).body_text
    assert _db.session.get(Interview, interview.id).reminder_sent_at == datetime(2026, 12, 9, 6, 0, tzinfo=UTC)
    assert _db.session.scalar(select(Notification.text).where(
        Notification.user_id == candidate.id, Notification.kind == "interview_reminder")).startswith("Rappel")
    assert remind(runner, "2026-12-09T18:00:00") == "0 rappel(s) d’entretien envoyé(s)\n"
    assert len(reminders()) == 2


def test_an_interview_accepted_after_the_morning_run_is_reminded_the_same_day(runner, confirmed):
    remind(runner, "2026-12-10T06:00:00")  # the day itself, 10 h is still to come
    assert len(reminders()) == 2 and all("a lieu aujourd’hui" in mail.body_text for mail in reminders())


def test_a_past_interview_is_not_reminded(runner, confirmed):
    assert remind(runner, "2026-12-10T12:00:00") == "0 rappel(s) d’entretien envoyé(s)\n"


def test_a_cancelled_interview_or_a_withdrawn_application_gets_no_reminder(app, runner, make_user, confirmed):
    artisan, candidate, application, interview = confirmed
    interviews.cancel(application, candidate, "Je ne peux plus.", now=PROPOSED_AT + timedelta(hours=1))
    other_artisan, offer = make_artisan_offer(make_user)
    other = apply_to(offer, candidate)
    proposed = interviews.propose(other, other_artisan, interviews.Proposal(
        slots=[THURSDAY_10H], mode="phone"), now=PROPOSED_AT)
    interviews.accept(other, candidate, proposed.slots[0].id, now=PROPOSED_AT)
    applications.withdraw(_db.session.get(Application, other.id), _db.session.get(User, candidate.id),
                          now=PROPOSED_AT + timedelta(hours=2))
    assert remind(runner, "2026-12-09T06:00:00") == "0 rappel(s) d’entretien envoyé(s)\n"
    assert reminders() == []


def test_overseas_the_local_calendar_day_decides(app, runner, make_user):
    """In Réunion (UTC+4) an interview on Thursday at 8 h is « demain » from Wednesday morning local time."""
    artisan = make_user("artisan")
    offer = make_offer(make_business(artisan, postcode="97400"), "published")
    candidate = make_candidate(make_user)
    application = apply_to(offer, candidate)
    interview = interviews.propose(application, artisan, interviews.Proposal(
        slots=[datetime(2026, 12, 10, 8, 0)], mode="phone"), now=PROPOSED_AT)
    interviews.accept(application, candidate, interview.slots[0].id, now=PROPOSED_AT)
    assert _db.session.get(Interview, interview.id).chosen_slot.starts_at == datetime(2026, 12, 10, 4, 0, tzinfo=UTC)
    assert remind(runner, "2026-12-08T06:00:00") == "0 rappel(s) d’entretien envoyé(s)\n"  # Tuesday 10 h there
    assert remind(runner, "2026-12-09T06:00:00") == "1 rappel(s) d’entretien envoyé(s)\n"  # Wednesday 10 h there
    assert all("heure de La Réunion" in mail.subject for mail in reminders())


def test_the_command_refuses_a_bad_date(runner):
    result = runner.invoke(args=["interviews", "remind", "--now", "demain"])
    assert result.exit_code == 2 and "date ISO attendue" in result.output
