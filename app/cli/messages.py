"""`flask messages notify`: e-mail each thread side about its new messages, at most once per MESSAGE_NOTICE_MINUTES
(run it every few minutes from cron or a timer)."""
import click
from flask.cli import AppGroup

from app.cli.options import now_option
from app.services.conversations.notices import send_notices

messages_cli = AppGroup("messages", help="Prévenir par e-mail des nouveaux messages des échanges.")


@messages_cli.command("notify")
@now_option("Heure de référence (UTC), pour les essais ; maintenant par défaut.")
def notify(now) -> None:
    """Queue one e-mail per thread and side with new unread messages (never their text), then print how many."""
    sent = send_notices(now)
    click.echo(f"{sent} avis de nouveau message envoyé(s)")
