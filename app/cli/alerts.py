"""`flask alerts send`: e-mail the new listings of every due saved search (run it hourly from cron or a timer)."""
from datetime import timezone

import click
from flask.cli import AppGroup

alerts_cli = AppGroup("alerts", help="Gérer les alertes e-mail des recherches enregistrées.")


@alerts_cli.command("send")
@click.option("--now", "now", type=click.DateTime(formats=["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S",
                                                           "%Y-%m-%dT%H:%M", "%Y-%m-%d"]),
              default=None, help="Heure de référence (UTC), pour les essais ; maintenant par défaut.")
def send(now) -> None:
    """Queue one e-mail per due alert that has new listings, then print how many."""
    from app.services.messaging.alerts import send_due_alerts

    if now is not None and now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    sent = send_due_alerts(now)
    click.echo(f"{sent} alerte(s) envoyée(s)")
