"""`flask backup` and `flask restore`: an online backup of the database and uploads, and its verified restore."""
from pathlib import Path

import click
from flask.cli import with_appcontext

from app.ops import backup as service
from app.ops import restore as restoring
from app.search import reindex


def _size(n: int) -> str:
    """A byte count in French units (1,5 Mo)."""
    for unit, scale in (("Go", 1024 ** 3), ("Mo", 1024 ** 2), ("Ko", 1024)):
        if n >= scale:
            return f"{n / scale:.1f}".replace(".", ",") + f" {unit}"
    return f"{n} o"


@click.command("backup")
@click.option("--dest", type=click.Path(file_okay=False, path_type=Path),
              help="Dossier de la sauvegarde (par défaut instance/backups/AAAAMMJJ-HHMMSS).")
@with_appcontext
def backup_command(dest: Path | None) -> None:
    """Back up the database and the uploaded files while the site keeps running."""
    try:
        path, manifest = service.backup(dest)
    except (service.BackupError, OSError) as error:
        raise click.ClickException(f"sauvegarde impossible : {error}") from error
    database, uploads = manifest["database"], manifest["uploads"]
    kind = "SQLite" if database["kind"] == "sqlite" else "PostgreSQL"
    click.echo(f"Sauvegarde créée dans {path}")
    click.echo(f"  base {kind} (révision {database['alembic_revision'] or 'inconnue'}) : "
               f"{sum(database['counts'].values())} ligne(s) dans {len(database['counts'])} table(s)")
    click.echo(f"  fichiers : {len(uploads['files'])} fichier(s), {_size(uploads['total_bytes'])}")
    if manifest["attempts"] > 1:
        click.echo(f"  {manifest['attempts']} tentatives : des CV ont été supprimés pendant les précédentes")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Écraser une base ou un dossier de fichiers qui n’est pas vide.")
@with_appcontext
def restore_command(source: Path, yes: bool) -> None:
    """Restore a backup made by `flask backup` into an empty database and uploads directory (site stopped)."""
    try:
        result = restoring.restore(source, force=yes)
    except (service.BackupError, OSError) as error:
        raise click.ClickException(f"restauration impossible : {error}") from error
    click.echo(f"Sauvegarde {source} vérifiée et restaurée : {result.rows} ligne(s) dans {result.tables} table(s), "
               f"{result.files} fichier(s)")
    if result.rows_without_file:
        click.echo(f"attention : {len(result.rows_without_file)} CV sans fichier (la sauvegarde ne l’avait pas) : "
                   + ", ".join(result.rows_without_file), err=True)

    try:  # the index is derived from the database: rebuild it rather than trust the old one
        click.echo(f"Index de recherche reconstruit : {reindex()} annonce(s)")
    except Exception as error:  # the restore itself succeeded; the index can be rebuilt later
        reason = str(error).splitlines()[0]
        click.echo(f"attention : index de recherche non reconstruit ({reason}) ; lancez « flask search reindex ».",
                   err=True)
