"""The outgoing mail queue: queued in the caller's transaction, sent once, retried after a failure."""
import pytest
from sqlalchemy import select

from app.mail import outbox as mail_service
from app.mail.outbox import queue_mail, send_pending
from app.models.mail import OutgoingMail


@pytest.fixture
def queued(app, db, make_user):
    """Two messages committed to the queue (password-reset mails to two users)."""
    user = make_user(email="a@exemple.fr", display_name="Aline")
    other = make_user(email="b@exemple.fr")
    for recipient in (user, other):
        queue_mail(recipient.email, "Réinitialisation de votre mot de passe", "password_reset", user=recipient,
                   reset_url="https://passerelle.example/mot-de-passe/reinitialiser/x", max_age_minutes=60)
    db.session.commit()
    return db.session.scalars(select(OutgoingMail).order_by(OutgoingMail.id)).all()


def test_queue_mail_only_adds_to_the_transaction(app, db, mailbox):
    queue_mail("a@exemple.fr", "Sujet", "password_changed", user=None, reset_url="https://x.example/")
    db.session.rollback()
    assert db.session.scalar(select(OutgoingMail)) is None
    assert send_pending() == 0 and mailbox() == []


def test_send_pending_writes_each_message_once(queued, mailbox):
    assert send_pending() == 2
    messages = mailbox()
    assert [message["To"] for message in messages] == ["a@exemple.fr", "b@exemple.fr"]
    body = messages[0].get_body(("plain",)).get_content()
    assert body.startswith("Bonjour Aline,") and "valable une heure" in body
    assert messages[0]["From"] == "Passerelle <ne-pas-repondre@passerelle.local>"
    assert all(row.sent_at is not None and row.attempts == 1 for row in queued)
    assert send_pending() == 0
    assert len(mailbox()) == 2


def test_cli_sends_once_never_twice(runner, queued, mailbox):
    first = runner.invoke(args=["mail", "send"])
    assert first.exit_code == 0 and "2 message(s) envoyé(s), 0 en attente." in first.output
    second = runner.invoke(args=["mail", "send"])
    assert "0 message(s) envoyé(s)" in second.output
    assert len(mailbox()) == 2


def test_failed_send_stays_queued_with_its_error_and_a_later_run_sends_it(runner, db, queued, mailbox, monkeypatch):
    def broken(message, row):
        raise OSError("disque plein")

    monkeypatch.setitem(mail_service.BACKENDS, "file", broken)
    result = runner.invoke(args=["mail", "send"])
    assert "0 message(s) envoyé(s), 2 en attente." in result.output
    row = db.session.get(OutgoingMail, queued[0].id)
    assert row.sent_at is None and row.attempts == 1 and "disque plein" in row.last_error
    assert mailbox() == []

    monkeypatch.undo()
    result = runner.invoke(args=["mail", "send"])
    assert "2 message(s) envoyé(s), 0 en attente." in result.output
    row = db.session.get(OutgoingMail, queued[0].id)
    assert row.sent_at is not None and row.attempts == 2 and row.last_error is None
    assert len(mailbox()) == 2


def test_a_row_being_sent_by_one_run_is_not_sent_by_another(db, queued, mailbox, monkeypatch):
    """A second `mail send` starting while the first is in its dialogue for row 1 skips that row."""
    write = mail_service.BACKENDS["file"]
    second_run = []

    def slow(message, row):
        if row.to == "a@exemple.fr":
            second_run.append(send_pending())
        write(message, row)

    monkeypatch.setitem(mail_service.BACKENDS, "file", slow)
    assert send_pending() == 1 and second_run == [1]
    assert sorted(message["To"] for message in mailbox()) == ["a@exemple.fr", "b@exemple.fr"]
    db.session.expire_all()
    assert [(row.attempts, row.sent_at is not None) for row in queued] == [(1, True), (1, True)]


def test_the_message_id_is_stable_and_on_the_senders_domain(app, db, queued, mailbox, monkeypatch):
    def broken(message, row):
        raise OSError("disque plein")

    monkeypatch.setitem(mail_service.BACKENDS, "file", broken)
    first = mail_service.build_message(queued[0])["Message-ID"]
    send_pending()
    monkeypatch.undo()
    send_pending()
    ids = [message["Message-ID"] for message in mailbox()]
    assert ids[0] == first and ids[0] != ids[1]
    assert first.endswith("@passerelle.local>")
    app.config["MAIL_DEFAULT_SENDER"] = "Passerelle <ne-pas-repondre@passerelle.artisanat.fr>"
    assert mail_service.build_message(queued[0])["Message-ID"].endswith("@passerelle.artisanat.fr>")
    app.config["MAIL_MESSAGE_ID_DOMAIN"] = "mail.passerelle.fr"
    assert mail_service.build_message(queued[0])["Message-ID"].endswith("@mail.passerelle.fr>")


def test_rows_that_failed_too_often_are_left_alone(db, queued):
    queued[0].attempts = mail_service.MAX_ATTEMPTS
    db.session.commit()
    assert send_pending() == 1


def test_mail_is_sent_after_the_request_when_configured(app, client, make_user, mailbox):
    make_user(email="a@exemple.fr")
    client.post("/mot-de-passe-oublie", data={"email": "a@exemple.fr"})
    assert len(mailbox()) == 1


def test_mail_waits_for_the_cli_when_not_sent_after_requests(app, client, runner, make_user, mailbox):
    app.config["MAIL_SEND_AFTER_REQUEST"] = False
    make_user(email="a@exemple.fr")
    client.post("/mot-de-passe-oublie", data={"email": "a@exemple.fr"})
    assert mailbox() == []
    assert "1 message(s) envoyé(s)" in runner.invoke(args=["mail", "send"]).output
    assert len(mailbox()) == 1
