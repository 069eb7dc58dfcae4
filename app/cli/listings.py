"""`flask listings import FILE` and `flask listings expire`: the chamber import and the periodic expiry job."""
from datetime import datetime, timezone

import click
from flask.cli import AppGroup

listings_cli = AppGroup("listings", help="Gérer les annonces (import, expiration).")


@listings_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def import_command(file: str) -> None:
    """Import listings from a JSON Lines file; print `line N: reason` for each bad line, then the summary."""
    from app.services.listings.importer import import_file

    report = import_file(file)
    for message in report.errors:
        click.echo(message)
    click.echo(report.summary)
    raise SystemExit(1 if report.rejected else 0)


@listings_cli.command("expire")
@click.option("--now", "now", default=None, help="Date et heure de référence ISO 8601 (par défaut : maintenant).")
def expire_command(now: str | None) -> None:
    """Expire published listings past their date and send the 7-day reminders."""
    from app.services.listings.lifecycle import expire_listings

    moment = None
    if now:
        try:
            moment = datetime.fromisoformat(now)
        except ValueError as error:
            raise click.BadParameter("date et heure ISO 8601 attendues", param_hint="--now") from error
        moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    counts = expire_listings(moment)
    click.echo(f"Annonces expirées : {counts['expired']} ; rappels envoyés : {counts['reminded']}")
