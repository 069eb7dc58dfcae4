"""`flask search sync` and `flask search reindex`: apply the outbox to this node's index, or rebuild it."""
import time

import click
from flask.cli import AppGroup

import app.search as search

search_cli = AppGroup("search", help="Index de recherche des annonces.")


@search_cli.command("sync")
@click.option("--prune", is_flag=True, help="Supprimer aussi les lignes de l’outbox plus anciennes que --days jours.")
@click.option("--days", default=search.RETENTION_DAYS, show_default=True, type=click.IntRange(min=1))
def sync(prune: bool, days: int) -> None:
    """Apply the pending index changes (the outbox) to this node's index, then exit."""
    try:
        result = search.drain()
    except search.IndexBusy as error:
        raise click.ClickException(f"index de recherche occupé par une autre écriture ou une reconstruction ; "
                                   f"rien n’a été appliqué, réessayez (détail : {error})") from error
    except (search.SearchError, OSError) as error:
        raise click.ClickException(f"index de recherche indisponible, rien n’a été appliqué ; s’il est abîmé, "
                                   f"lancez `flask search reindex` (détail : {error})") from error
    if result.rebuilt is not None:
        click.echo(f"Index absent : reconstruit avec {result.rebuilt} annonce(s).")
    click.echo(f"{result.applied} modification(s) appliquée(s)")
    if prune:
        click.echo(f"{search.prune(days)} ligne(s) de plus de {days} jours supprimée(s) de l’outbox")


@search_cli.command("reindex")
def reindex() -> None:
    """Rebuild the search index from the database in a fresh directory and swap it in."""
    started = time.monotonic()
    try:
        count = search.reindex()
    except (search.SearchError, OSError) as error:
        raise click.ClickException(f"reconstruction impossible : {error}") from error
    seconds = f"{time.monotonic() - started:.1f}".replace(".", ",")
    click.echo(f"{count} annonce(s) indexée(s) en {seconds} s")
