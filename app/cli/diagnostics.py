"""`flask diagnostics remind`: remind the chamber of diagnostic requests with no first contact after 5 working days."""
import click
from flask.cli import AppGroup

from app.cli.options import now_option
from app.services.diagnostics.reminders import WORKING_DAYS, remind

diagnostics_cli = AppGroup("diagnostics", help="Demandes de diagnostic de relance.")


@diagnostics_cli.command("remind")
@now_option("Date de référence au format ISO (pour les essais).")
def remind_command(now) -> None:
    """Mail the chamber about each open request without first contact after WORKING_DAYS working days, once."""
    sent = remind(now=now)
    click.echo(f"Relances envoyées : {sent} (demandes sans premier contact après {WORKING_DAYS} jours ouvrés)")
