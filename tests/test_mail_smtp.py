"""`flask mail send` against a real SMTP server (aiosmtpd): marked sent only once accepted, even when killed."""
import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from app import create_app
from app.extensions import db
from app.mail import outbox as mail_service
from app.mail.outbox import queue_mail
from app.models.mail import OutgoingMail
from config import TestingConfig

ROOT = Path(__file__).resolve().parent.parent
SUBJECT = "Réinitialisation de votre mot de passe"


def free_port() -> int:
    """A local TCP port nobody listens on (bound then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Recorder:
    """An SMTP server's handler: keeps what it accepts, refuses some recipients, can hold the answer to DATA."""

    def __init__(self):
        self.messages, self.refused = [], set()
        self.arrived, self.release = threading.Event(), None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 Destinataire inconnu"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        self.arrived.set()
        if self.release is not None:  # the whole message is here, the client waits for our answer
            while not self.release.is_set():
                await asyncio.sleep(0.05)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server():
    """A real SMTP server on a free local port."""
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield recorder, controller.port
    if recorder.release is not None:
        recorder.release.set()
    controller.stop()


def queue_two(people=("a@exemple.fr", "b@exemple.fr")) -> list[int]:
    """Two password-reset mails committed to the queue."""
    for email in people:
        queue_mail(email, SUBJECT, "password_reset", user=None, reset_url="https://passerelle.example/x",
                   max_age_minutes=60)
    db.session.commit()
    return list(db.session.scalars(select(OutgoingMail.id).order_by(OutgoingMail.id)))


def rows() -> list[OutgoingMail]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutgoingMail).order_by(OutgoingMail.id)))


def test_mail_send_delivers_to_the_smtp_server_and_marks_rows_sent(app, db, runner, smtp_server):
    recorder, port = smtp_server
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    queue_two()
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0 and "2 message(s) envoyé(s), 0 en attente." in result.output
    assert [m["To"] for m in recorder.messages] == ["a@exemple.fr", "b@exemple.fr"]
    assert recorder.messages[0]["Subject"] == SUBJECT
    assert recorder.messages[0]["Message-ID"] == mail_service.build_message(rows()[0])["Message-ID"]
    assert all(row.sent_at is not None and row.claimed_until is None and row.attempts == 1 for row in rows())
    assert "0 message(s) envoyé(s)" in runner.invoke(args=["mail", "send"]).output
    assert len(recorder.messages) == 2


def test_mail_send_exits_non_zero_when_the_server_cannot_be_reached(app, db, runner):
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    queue_two()
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 1
    assert "Serveur d’envoi injoignable" in result.output and "2 message(s) restent en attente" in result.output
    first, second = rows()
    assert first.sent_at is None and first.attempts == 1 and "ConnectionRefusedError" in first.last_error
    assert second.attempts == 0  # the run stopped: no point knocking on the same closed door


def test_a_refused_recipient_stays_queued_and_the_others_are_sent(app, db, runner, smtp_server):
    recorder, port = smtp_server
    recorder.refused.add("a@exemple.fr")
    app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    queue_two()
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0 and "1 message(s) envoyé(s), 1 en attente." in result.output
    refused, sent = rows()
    assert refused.sent_at is None and "SMTPRecipientsRefused" in refused.last_error
    assert sent.sent_at is not None and [m["To"] for m in recorder.messages] == ["b@exemple.fr"]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_sender_killed_mid_dialogue_loses_no_mail_and_the_resent_copy_has_the_same_message_id(
        tmp_path, smtp_server, monkeypatch):
    recorder, port = smtp_server
    recorder.release = threading.Event()
    database = f"sqlite:///{tmp_path / 'live.db'}"

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = database
        INSTANCE_DIR = tmp_path
        MAIL_FILE_DIR = str(tmp_path / "mail")
        UPLOAD_DIR = str(tmp_path / "uploads")
        SEARCH_INDEX_DIR = str(tmp_path / "search-index")
        MAIL_BACKEND, MAIL_SERVER, MAIL_PORT = "smtp", "127.0.0.1", port

    app = create_app(Config)
    with app.app_context():
        db.create_all()
        queue_two(people=("a@exemple.fr",))
        env = {**os.environ, "DATABASE_URL": database, "PASSERELLE_ENV": "development", "MAIL_BACKEND": "smtp",
               "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(port), "PASSERELLE_INSTANCE_DIR": str(tmp_path),
               "SEARCH_INDEX_DIR": str(tmp_path / "search-index"), "UPLOAD_DIR": str(tmp_path / "uploads")}
        sender = subprocess.Popen([str(ROOT / ".venv" / "bin" / "flask"), "--app", "wsgi", "mail", "send"],
                                  cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            assert recorder.arrived.wait(60), sender.communicate(timeout=5)[0]
        finally:
            sender.send_signal(signal.SIGKILL)
            sender.wait(30)
        recorder.release.set()

        [row] = rows()
        assert row.sent_at is None and row.attempts == 1 and row.claimed_until is not None
        assert mail_service.send_pending() == 0  # the dead run's lease still holds: no concurrent second copy

        later = mail_service.utcnow() + timedelta(seconds=app.config["MAIL_CLAIM_SECONDS"] + 1)
        monkeypatch.setattr(mail_service, "utcnow", lambda: later)
        assert mail_service.send_pending() == 1
        [row] = rows()
        assert row.sent_at == later and row.attempts == 2 and row.claimed_until is None
        first, second = recorder.messages
        assert first["Message-ID"] == second["Message-ID"]
        assert first.get_body(("plain",)).get_content() == second.get_body(("plain",)).get_content()
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
