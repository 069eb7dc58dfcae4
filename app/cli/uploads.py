"""`flask uploads clean`: remove the CV files that no application or profile references (after a crash)."""
import click
from flask.cli import AppGroup

from app.files import sweep as upload_sweep

uploads_cli = AppGroup("uploads", help="Fichiers envoyés (CV).")


@uploads_cli.command("clean")
@click.option("--older-than", "minutes", default=upload_sweep.GRACE_MINUTES, show_default=True,
              type=click.FloatRange(min=0), help="Ne supprimer que les fichiers plus anciens (minutes).")
def clean(minutes: float) -> None:
    """Delete unreferenced CV files and leftover temporary files older than --older-than minutes."""
    result = upload_sweep.sweep(minutes)
    click.echo(f"{len(result.removed)} fichier(s) orphelin(s) supprimé(s), {result.kept} CV conservé(s)")
