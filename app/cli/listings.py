"""`flask listings import FILE` and `flask listings expire`: the chamber import and the periodic expiry job."""
import click
from flask.cli import AppGroup

from app.cli.options import now_option
from app.services.listings.importer import import_file
from app.services.listings.lifecycle import expire_listings

listings_cli = AppGroup("listings", help="Gérer les annonces (import, expiration).")


@listings_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def import_command(file: str) -> None:
    """Import listings from a JSON Lines file; print `line N: reason` for each bad line, then the summary."""

    report = import_file(file)
    for message in report.errors:
        click.echo(message)
    click.echo(report.summary)
    raise SystemExit(1 if report.rejected else 0)


@listings_cli.command("expire")
@now_option("Date et heure de référence ISO 8601 (par défaut : maintenant).")
def expire_command(now) -> None:
    """Expire published listings past their date and send the 7-day reminders."""

    counts = expire_listings(now)
    click.echo(f"Annonces expirées : {counts['expired']} ; rappels envoyés : {counts['reminded']}")
