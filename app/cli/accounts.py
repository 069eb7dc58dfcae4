"""`flask accounts purge-inactive`: warn the accounts unused for 23 months, delete those unused for 24."""
import click
from flask.cli import AppGroup

from app.cli.options import now_option
from app.core.formatting import date_fr
from app.services.accounts.inactivity import purge_inactive

accounts_cli = AppGroup("accounts", help="Tâches sur les comptes (comptes inactifs).")


@accounts_cli.command("purge-inactive")
@click.option("--dry-run", is_flag=True, help="Afficher les comptes qui seraient prévenus ou supprimés, sans rien "
                                              "modifier.")
@now_option("Date de référence au format ISO (pour les essais).")
def purge_inactive_command(dry_run: bool, now) -> None:
    """Warn inactive accounts by e-mail, then delete them a month later unless they signed in."""

    report = purge_inactive(now=now, dry_run=dry_run)
    warned, deleted = ("seraient prévenus", "seraient supprimés") if dry_run else ("prévenus", "supprimés")
    click.echo(f"Comptes inactifs {warned} : {len(report.warned)}")
    for entry in report.warned:
        click.echo(f"  compte n° {entry.user_id} ({entry.role_label}), dernière connexion le "
                   f"{date_fr(entry.last_seen)} : suppression à partir du {date_fr(entry.deletion_on)}")
    click.echo(f"Comptes inactifs {deleted} : {len(report.deleted)}")
    for entry in report.deleted:
        click.echo(f"  compte n° {entry.user_id} ({entry.role_label}), dernière connexion le "
                   f"{date_fr(entry.last_seen)}")
    click.echo("Simulation : rien n’a été modifié." if dry_run else "Suppressions enregistrées dans le journal de "
                                                                      "sécurité.")
