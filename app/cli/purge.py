"""`flask purge`: apply the retention periods of the privacy page and print what was erased."""
import click

from app.cli.options import now_option
from app.services.accounts.retention import purge


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="Afficher ce qui serait effacé, sans rien effacer.")
@now_option("Date de référence au format ISO (pour les essais).")
def purge_command(dry_run: bool, now) -> None:
    """Erase the personal data whose retention period is over."""

    report = purge(now=now, dry_run=dry_run)
    verb = "seraient effacé(e)s" if dry_run else "effacé(e)s"
    click.echo(f"Candidatures anonymisées : {report.applications}")
    click.echo(f"Candidatures spontanées anonymisées : {report.spontaneous_applications}")
    click.echo(f"CV {verb} : {report.cv_files}")
    click.echo(f"Événements du journal de sécurité {verb} : {report.security_events}")
    click.echo(f"E-mails envoyés {verb} : {report.sent_mails}")
    click.echo(f"Notifications {verb} : {report.notifications}")
    click.echo(f"Jetons de formulaire {verb} : {report.form_tokens}")
    click.echo("Simulation : rien n’a été modifié." if dry_run else "Purge enregistrée dans le journal de sécurité.")
