"""`flask users create`: create an account of any role from the command line."""
import click
from flask.cli import AppGroup

from app.services.accounts.users import AccountError, create_account

users_cli = AppGroup("users", help="Gérer les comptes.")


@users_cli.command("create")
@click.option("--email", required=True, help="Adresse électronique.")
@click.option("--password", required=True, help="Mot de passe (12 caractères au moins).")
@click.option("--role", required=True, type=click.Choice(["artisan", "apprentice", "partner", "staff", "admin"]))
@click.option("--chamber", "chamber", default=None, help="Code de la chambre (obligatoire pour staff).")
@click.option("--name", "display_name", default="", help="Nom affiché.")
def create_user(email: str, password: str, role: str, chamber: str | None, display_name: str) -> None:
    """Create a confirmed account; staff need --chamber."""

    try:
        user = create_account(email=email, password=password, role=role, chamber_code=chamber,
                              display_name=display_name, confirmed=True)
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Compte créé : {user.email} ({user.role.value}{', ' + user.chamber_code if user.chamber_code else ''})")
