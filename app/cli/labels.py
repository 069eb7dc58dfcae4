"""`flask labels expire`: warn a month before a verified label ends, and turn ended ones back into declared."""
from datetime import date

import click
from flask.cli import AppGroup

from app.core.time import today
from app.services.storefronts import labels

labels_cli = AppGroup("labels", help="Labels et engagements des entreprises.")


@labels_cli.command("expire")
@click.option("--today", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Jour de référence (AAAA-MM-JJ), aujourd’hui par défaut.")
def expire_command(on) -> None:
    """Warn owners 30 days before a verification ends; verifications past their date become declared."""
    day: date = on.date() if on else today()
    run = labels.expire(day)
    click.echo(f"prévenues {run.warned}, expirées {run.expired}")
