"""`flask interviews remind`: e-mail both sides the day before each confirmed interview (run it every morning)."""
import click
from flask.cli import AppGroup

from app.cli.options import now_option
from app.services.conversations.interview_reminders import send_reminders

interviews_cli = AppGroup("interviews", help="Gérer les entretiens proposés aux candidats.")


@interviews_cli.command("remind")
@now_option()
def remind(now) -> None:
    """Queue the reminder of each confirmed interview that takes place tomorrow (or later today), once."""
    sent = send_reminders(now)
    click.echo(f"{sent} rappel(s) d’entretien envoyé(s)")
