"""Outgoing mail: queue French template messages in the caller's transaction, send them later (file or SMTP)."""
import logging
import smtplib
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path

from flask import Response, current_app, render_template, request
from jinja2 import TemplateNotFound
from sqlalchemy import or_, select, update

from app.core.time import utcnow
from app.core.transaction import use_case
from app.core.urls import public_base, public_url
from app.extensions import db
from app.models.mail import OutgoingMail

log = logging.getLogger(__name__)

# A message that failed this many times is left alone until someone looks at last_error.
MAX_ATTEMPTS = 10


def external_url(endpoint: str, **values) -> str:
    """Absolute URL of an endpoint on PUBLIC_URL, for links in mails (app/core/urls.py builds it)."""
    return public_url(endpoint, **values)


def queue_mail(to: str, subject: str, template: str, headers: dict[str, str] | None = None,
               attachments: list[dict] | None = None, **context) -> OutgoingMail:
    """Render mail/<template>.txt (and .html if present) and add the message to the session; the caller commits.

    `attachments` are small text files: {"filename": …, "content_type": "text/calendar", "content": "…"}.
    """
    context.setdefault("base_url", public_base())
    body_text = render_template(f"mail/{template}.txt", subject=subject, **context)
    try:
        body_html = render_template(f"mail/{template}.html", subject=subject, **context)
    except TemplateNotFound:
        body_html = None
    mail = OutgoingMail(to=to, subject=subject, body_text=body_text, body_html=body_html, headers=headers,
                        attachments=attachments or None, attempts=0)
    db.session.add(mail)
    return mail


def message_id(mail: OutgoingMail) -> str:
    """The row's Message-ID, the same at every attempt: a message resent after a crash is a recognisable duplicate."""
    config = current_app.config
    domain = config["MAIL_MESSAGE_ID_DOMAIN"] or parseaddr(config["MAIL_DEFAULT_SENDER"])[1].rpartition("@")[2]
    created = mail.created_at or utcnow()
    return f"<mail-{mail.id}.{created:%Y%m%d%H%M%S}@{domain or 'localhost'}>"


def build_message(mail: OutgoingMail) -> EmailMessage:
    """The RFC 5322 message for a queued row."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(mail.created_at or utcnow())
    message["Message-ID"] = message_id(mail)
    for name, value in (mail.headers or {}).items():
        message[name] = value
    message.set_content(mail.body_text)
    if mail.body_html:
        message.add_alternative(mail.body_html, subtype="html")
    for attachment in mail.attachments or ():
        maintype, _, subtype = attachment["content_type"].partition("/")
        message.add_attachment(attachment["content"].encode(), maintype=maintype, subtype=subtype,
                               filename=attachment["filename"])
    return message


class MailServerUnavailable(RuntimeError):
    """The mail server could not be reached or refused the session: the run stopped, the rows stay queued."""


# Refusals of one message by a server that works: the other messages are still worth trying.
MESSAGE_REFUSALS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


def _send_file(message: EmailMessage, mail: OutgoingMail) -> None:
    """Write the message as an .eml file under MAIL_FILE_DIR (development and tests)."""
    directory = Path(current_app.config["MAIL_FILE_DIR"])
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{utcnow():%Y%m%d-%H%M%S}-{mail.id:06d}.eml"
    path.write_bytes(message.as_bytes())
    log.info("mail %s to %s written to %s", mail.id, mail.to, path)


def _send_smtp(message: EmailMessage, mail: OutgoingMail) -> None:
    """Send the message through the configured SMTP server."""
    config = current_app.config
    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    try:
        with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
            if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            smtp.send_message(message)
    except MESSAGE_REFUSALS:
        raise
    except OSError as error:  # smtplib's errors are OSErrors too: no connection, no session, or a cut dialogue
        raise MailServerUnavailable(f"{config['MAIL_SERVER']}:{config['MAIL_PORT']} : "
                                    f"{type(error).__name__}: {error}") from error
    log.info("mail %s to %s sent by SMTP", mail.id, mail.to)


BACKENDS = {"file": _send_file, "smtp": _send_smtp}


def send_pending(limit: int = 100) -> int:
    """Send up to `limit` unsent messages, each marked sent only once the server accepted it; return how many.

    A message refused by the server stays queued with its error. When the server cannot be reached the run stops
    and raises MailServerUnavailable (the rows stay queued for the next run).
    """
    backend = BACKENDS[current_app.config["MAIL_BACKEND"]]
    ids = db.session.scalars(
        select(OutgoingMail.id)
        .where(OutgoingMail.sent_at.is_(None), OutgoingMail.attempts < MAX_ATTEMPTS)
        .order_by(OutgoingMail.id)
        .limit(limit)
    ).all()
    sent = 0
    for mail_id in ids:
        if not _claim(mail_id, utcnow()):
            continue  # sent or being sent by another run
        mail = db.session.get(OutgoingMail, mail_id)
        try:
            backend(build_message(mail), mail)
        except Exception as error:  # any backend failure must leave the row for the next run
            log.warning("mail %s to %s not sent: %s", mail.id, mail.to, error)
            _settle(mail, f"{type(error).__name__}: {error}"[:2000])
            if isinstance(error, MailServerUnavailable):
                raise  # the next messages would fail the same way
            continue
        _settle(mail, None)
        sent += 1
    return sent


@use_case
def _claim(mail_id: int, now: datetime) -> bool:
    """Take a lease on an unsent row that no live sender holds, so that two runs do not send it at the same time."""
    lease = now + timedelta(seconds=current_app.config["MAIL_CLAIM_SECONDS"])
    result = db.session.execute(
        update(OutgoingMail)
        .where(OutgoingMail.id == mail_id, OutgoingMail.sent_at.is_(None),
               or_(OutgoingMail.claimed_until.is_(None), OutgoingMail.claimed_until <= now))
        .values(claimed_until=lease, attempts=OutgoingMail.attempts + 1)
    )
    return result.rowcount == 1


@use_case
def _settle(mail: OutgoingMail, error: str | None) -> None:
    """Record how a send ended: sent now, or queued again with its error; the lease ends either way."""
    mail.last_error = error
    mail.claimed_until = None
    if error is None:
        mail.sent_at = utcnow()


def pending_count() -> int:
    """How many messages wait to be sent."""
    return db.session.scalar(
        select(db.func.count()).select_from(OutgoingMail).where(OutgoingMail.sent_at.is_(None))
    )


def send_after_request(response: Response) -> Response:
    """after_request: when MAIL_SEND_AFTER_REQUEST is set (development), send the queued mail."""
    if not current_app.config["MAIL_SEND_AFTER_REQUEST"] or request.endpoint == "static":
        return response
    # Never commit a view's unfinished work along with the mail rows.
    if db.session.new or db.session.dirty or db.session.deleted:
        return response
    try:
        send_pending()
    except Exception:  # sending mail must never break the page the user asked for
        log.exception("sending queued mail after the request failed")
        db.session.rollback()
    return response
