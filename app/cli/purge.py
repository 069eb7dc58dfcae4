"""`flask purge`: apply the retention periods of the privacy page and print what was erased."""
from datetime import date, datetime, timezone

import click


def _moment(value: str | None) -> datetime | None:
    """An ISO date or date-time (UTC when no offset is given)."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        try:
            moment = datetime.combine(date.fromisoformat(value), datetime.min.time())
        except ValueError:
            raise click.BadParameter("date ISO attendue, par exemple 2027-01-31 ou 2027-01-31T12:00:00") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="Afficher ce qui serait effacé, sans rien effacer.")
@click.option("--now", "now", metavar="DATE", help="Date de référence au format ISO (pour les essais).")
def purge_command(dry_run: bool, now: str | None) -> None:
    """Erase the personal data whose retention period is over."""
    from app.services.accounts.retention import purge

    report = purge(now=_moment(now), dry_run=dry_run)
    verb = "seraient effacé(e)s" if dry_run else "effacé(e)s"
    click.echo(f"Candidatures anonymisées : {report.applications}")
    click.echo(f"CV {verb} : {report.cv_files}")
    click.echo(f"Événements du journal de sécurité {verb} : {report.security_events}")
    click.echo(f"E-mails envoyés {verb} : {report.sent_mails}")
    click.echo(f"Notifications {verb} : {report.notifications}")
    click.echo("Simulation : rien n’a été modifié." if dry_run else "Purge enregistrée dans le journal de sécurité.")
