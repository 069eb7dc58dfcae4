"""`flask alerts send`: e-mail the new listings of every due saved search (run it hourly from cron or a timer)."""
import click
from flask.cli import AppGroup

from app.cli.options import now_option
from app.services.messaging.alerts import send_due_alerts

alerts_cli = AppGroup("alerts", help="Gérer les alertes e-mail des recherches enregistrées.")


@alerts_cli.command("send")
@now_option("Heure de référence (UTC), pour les essais ; maintenant par défaut.")
def send(now) -> None:
    """Queue one e-mail per due alert that has new listings, then print how many."""

    sent = send_due_alerts(now)
    click.echo(f"{sent} alerte(s) envoyée(s)")
