"""`flask mail send`: send the queued e-mails and exit (run it from cron or a timer in production)."""
import click
from flask.cli import AppGroup

from app.mail.outbox import pending_count, send_pending

mail_cli = AppGroup("mail", help="Gérer les e-mails en attente.")


@mail_cli.command("send")
@click.option("--limit", default=1000, show_default=True, help="Nombre maximal de messages à envoyer.")
def send(limit: int) -> None:
    """Send the pending e-mails and print how many were sent."""

    sent = send_pending(limit=limit)
    left = pending_count()
    click.echo(f"{sent} message(s) envoyé(s), {left} en attente.")
