"""`flask demo load`: load the demo data; running it twice changes nothing."""
import click
from flask.cli import AppGroup

from app.demo.loader import load_demo

demo_cli = AppGroup("demo", help="Données de démonstration.")


@demo_cli.command("load")
def load() -> None:
    """Create the demo accounts and data that do not exist yet, then print the logins."""

    report = load_demo()
    click.echo(f"Données de démonstration : {report.created} élément(s) créé(s), {report.existing} déjà présent(s).")
    click.echo("Comptes de démonstration (e-mail / mot de passe / rôle) :")
    for account in report.accounts:
        click.echo(f"  {account.email:<42} {account.password:<32} {account.title} ({account.role})")
