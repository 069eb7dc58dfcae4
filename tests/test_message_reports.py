"""Reporting a message to the chamber: only the other side's messages, staff see the reported message alone."""
import pytest

from app.models.conversation import Message, Side
from app.models.moderation import AuditEntry
from app.services.conversations import threads
from tests.application_factories import apply_to, make_artisan_offer, make_candidate, sign_in
from tests.test_html_validity import _validate, missing_requirement

ABUSE = "Message insultant à signaler"
PRIVATE = "Le reste de l’échange, privé"


def _text(response) -> str:
    return response.get_data(as_text=True).replace("\xa0", " ").replace("\u202f", " ")


def _setup(make_user):
    artisan, offer = make_artisan_offer(make_user)  # Paris 11e: the IDF chamber
    candidate = make_candidate(make_user)
    application = apply_to(offer, candidate)
    mine = threads.post(application, Side.APPLICANT, PRIVATE, author=candidate)
    abuse = threads.post(application, Side.OWNER, ABUSE, author=artisan)
    return artisan, candidate, application, mine, abuse


def test_a_participant_reports_the_other_sides_message_and_staff_see_only_it(app, db, make_user, mailbox):
    artisan, candidate, application, mine, abuse = _setup(make_user)
    staff = make_user("staff", chamber_code="IDF")
    client = sign_in(app, candidate)
    page = _text(client.get(f"/candidatures/{application.id}"))
    assert f"/messages/{abuse.id}/signaler" in page and f"/messages/{mine.id}/signaler" not in page
    ask = client.get(f"/messages/{abuse.id}/signaler")
    assert ask.status_code == 200 and "Signaler ce message" in _text(ask)
    response = client.post(f"/messages/{abuse.id}/signaler", data={"comment": "Propos déplacés"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/candidatures/{application.id}#message-{abuse.id}")
    reported = db.session.get(Message, abuse.id)
    assert reported.reported_at is not None and reported.reported_by_id == candidate.id
    assert reported.report_comment == "Propos déplacés"
    [mail] = [m for m in mailbox() if m["To"] == staff.email]
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert ABUSE not in body and PRIVATE not in body and "/moderation/messages-signales" in body
    queue = _text(sign_in(app, staff).get("/moderation/messages-signales"))
    assert ABUSE in queue and "Propos déplacés" in queue and "l’entreprise" in queue
    assert PRIVATE not in queue  # never the rest of the thread
    # Staff still never open the thread itself.
    staff_client = sign_in(app, staff)
    assert staff_client.get(f"/candidatures/{application.id}").status_code == 404
    assert staff_client.get(f"/espace-artisan/candidatures/{application.id}").status_code in (403, 404)


def test_hiding_a_message_removes_it_for_both_sides_and_is_audited(app, db, make_user):
    artisan, candidate, application, _mine, abuse = _setup(make_user)
    staff = make_user("staff", chamber_code="IDF")
    sign_in(app, candidate).post(f"/messages/{abuse.id}/signaler", data={"comment": ""})
    staff_client = sign_in(app, staff)
    response = staff_client.post(f"/moderation/messages-signales/{abuse.id}/hide", follow_redirects=True)
    assert "Message masqué" in _text(response) and ABUSE not in _text(response)
    assert db.session.get(Message, abuse.id).hidden_at is not None
    assert db.session.query(AuditEntry).filter_by(action="message.hidden", subject_id=abuse.id).count() == 1
    for client, url in ((sign_in(app, candidate), f"/candidatures/{application.id}"),
                        (sign_in(app, artisan), f"/espace-artisan/candidatures/{application.id}")):
        page = _text(client.get(url))
        assert ABUSE not in page and "Message masqué par la chambre" in page
    again = staff_client.post(f"/moderation/messages-signales/{abuse.id}/close", follow_redirects=True)
    assert "déjà été traité" in _text(again)


def test_closing_a_report_keeps_the_message_and_is_audited(app, db, make_user):
    _artisan, candidate, application, _mine, abuse = _setup(make_user)
    staff = make_user("staff", chamber_code="IDF")
    sign_in(app, candidate).post(f"/messages/{abuse.id}/signaler", data={})
    response = sign_in(app, staff).post(f"/moderation/messages-signales/{abuse.id}/close", follow_redirects=True)
    assert "classé sans suite" in _text(response)
    message = db.session.get(Message, abuse.id)
    assert message.hidden_at is None and message.report_closed_by_id == staff.id
    assert db.session.query(AuditEntry).filter_by(action="message.report_closed", subject_id=abuse.id).count() == 1
    assert ABUSE in _text(sign_in(app, candidate).get(f"/candidatures/{application.id}"))


def test_reports_are_refused_for_strangers_own_messages_and_other_chambers(app, db, make_user):
    artisan, candidate, application, mine, abuse = _setup(make_user)
    client = sign_in(app, candidate)
    assert client.post(f"/messages/{mine.id}/signaler", data={}).status_code == 403  # their own message
    assert sign_in(app, make_candidate(make_user)).post(f"/messages/{abuse.id}/signaler", data={}).status_code == 404
    assert client.post("/messages/999999/signaler", data={}).status_code == 404
    other_staff = make_user("staff", chamber_code="BRE")
    assert sign_in(app, other_staff).post(f"/messages/{abuse.id}/signaler", data={}).status_code == 404
    client.post(f"/messages/{abuse.id}/signaler", data={})
    other = sign_in(app, other_staff)
    assert ABUSE not in _text(other.get("/moderation/messages-signales"))
    assert other.post(f"/moderation/messages-signales/{abuse.id}/hide").status_code == 403
    # A message that was never reported is not reachable by staff at all.
    staff = sign_in(app, make_user("staff", chamber_code="IDF"))
    assert staff.post(f"/moderation/messages-signales/{mine.id}/hide").status_code == 404
    assert db.session.get(Message, mine.id).hidden_at is None


def test_a_second_report_and_a_bad_comment_change_nothing(app, db, make_user):
    _artisan, candidate, _application, _mine, abuse = _setup(make_user)
    client = sign_in(app, candidate)
    bad = client.post(f"/messages/{abuse.id}/signaler", data={"comment": "x" * 1001})
    assert bad.status_code == 422 and "x" * 1001 in _text(bad)
    assert db.session.get(Message, abuse.id).reported_at is None
    client.post(f"/messages/{abuse.id}/signaler", data={"comment": "Une fois"})
    again = client.post(f"/messages/{abuse.id}/signaler", data={"comment": "Deux fois"}, follow_redirects=True)
    assert "déjà signalé" in _text(again)
    assert db.session.get(Message, abuse.id).report_comment == "Une fois"


def test_reports_are_rate_limited(app, db, make_user):
    app.config["RATELIMIT_MESSAGE_REPORT"] = "1 per hour"
    _artisan, candidate, _application, _mine, abuse = _setup(make_user)
    client = sign_in(app, candidate)
    assert client.post(f"/messages/{abuse.id}/signaler", data={}).status_code == 302
    assert client.post(f"/messages/{abuse.id}/signaler", data={}).status_code == 429


def test_thread_report_and_moderation_pages_are_valid_html(app, db, make_user, tmp_path):
    if missing_requirement():
        pytest.skip(missing_requirement())
    artisan, candidate, application, _mine, abuse = _setup(make_user)
    staff = make_user("staff", chamber_code="IDF")
    client = sign_in(app, candidate)
    pages = {"thread (unread)": client.get(f"/candidatures/{application.id}").get_data(as_text=True),
             "thread (refused)": client.post(f"/candidatures/{application.id}", data={"body": " "}).get_data(
                 as_text=True),
             "report": client.get(f"/messages/{abuse.id}/signaler").get_data(as_text=True),
             "report (refused)": client.post(f"/messages/{abuse.id}/signaler", data={"comment": "x" * 1001})
             .get_data(as_text=True)}
    client.post(f"/messages/{abuse.id}/signaler", data={})
    pages["thread (reported)"] = client.get(f"/candidatures/{application.id}").get_data(as_text=True)
    pages["artisan thread"] = sign_in(app, artisan).get(f"/espace-artisan/candidatures/{application.id}").get_data(
        as_text=True)
    pages["reported messages"] = sign_in(app, staff).get("/moderation/messages-signales").get_data(as_text=True)
    folder = tmp_path / "pages"
    folder.mkdir()
    assert _validate(pages, folder) == []
