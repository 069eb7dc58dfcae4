"""`flask mail send`: send the queued e-mails and exit (run it from cron or a timer in production)."""
import click
from flask.cli import AppGroup

from app.mail.outbox import MailServerUnavailable, pending_count, send_pending

mail_cli = AppGroup("mail", help="Gérer les e-mails en attente.")


@mail_cli.command("send")
@click.option("--limit", default=1000, show_default=True, help="Nombre maximal de messages à envoyer.")
@click.pass_context
def send(ctx: click.Context, limit: int) -> None:
    """Send the pending e-mails and print how many were sent; exit status 1 when the server cannot be reached."""
    try:
        sent = send_pending(limit=limit)
    except MailServerUnavailable as error:
        click.echo(f"Serveur d’envoi injoignable ({error}) : {pending_count()} message(s) restent en attente.",
                   err=True)
        ctx.exit(1)
    left = pending_count()
    click.echo(f"{sent} message(s) envoyé(s), {left} en attente.")
