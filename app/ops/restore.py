"""Restore of a backup made by app/ops/backup.py: verified against its manifest, files first, then the database."""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import text

from app.core.files import atomic_writer
from app.extensions import db
from app.ops.backup import (
    FORMAT,
    MANIFEST,
    BackupError,
    _copy_into,
    _pg_args,
    _pg_facts,
    _run,
    _sqlite_facts,
    _sqlite_path,
    _upload_files,
    database_kind,
    pg_tool,
    sha256_file,
)


@dataclass(frozen=True)
class RestoreResult:
    """What a restore put back, and the CV rows whose file is missing (from a backup that lacked them)."""

    rows: int
    tables: int
    files: int
    rows_without_file: list[str]


# --- restore -----------------------------------------------------------------------------------------------------

def read_manifest(source: Path) -> dict:
    """The manifest of a backup directory; BackupError if it is missing or not ours."""
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"Pas de {MANIFEST} dans {source} : sauvegarde absente ou inachevée.") from None
    except (OSError, ValueError) as error:
        raise BackupError(f"{MANIFEST} illisible dans {source} : {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{source} n’est pas une sauvegarde Passerelle reconnue (format {FORMAT} attendu).")
    try:
        complete = ({"kind", "file", "counts", "size", "sha256"} <= manifest["database"].keys()
                    and isinstance(manifest["uploads"]["dir"], str)
                    and all({"path", "size", "sha256"} <= entry.keys() for entry in manifest["uploads"]["files"]))
    except (KeyError, TypeError, AttributeError):
        complete = False
    if not complete:
        raise BackupError(f"{MANIFEST} incomplet dans {source}.")
    return manifest


def verify(source: Path, manifest: dict) -> None:
    """Check the size and SHA-256 of the database file and of every upload against the manifest."""
    uploads = manifest["uploads"]["dir"]
    entries = [(manifest["database"]["file"], manifest["database"])]
    entries += [(f"{uploads}/{entry['path']}", entry) for entry in manifest["uploads"]["files"]]
    for name in [uploads, manifest["database"]["file"]] + [entry["path"] for entry in manifest["uploads"]["files"]]:
        if not name or Path(name).is_absolute() or ".." in Path(name).parts:  # never read or write outside
            raise BackupError(f"Manifeste refusé : le chemin « {name} » sort de la sauvegarde.")
    for relative, entry in entries:
        path = source / relative
        if not path.is_file():
            raise BackupError(f"Sauvegarde incomplète : {relative} manque.")
        if path.stat().st_size != entry["size"] or sha256_file(path) != entry["sha256"]:
            raise BackupError(f"Sauvegarde altérée : l’empreinte SHA-256 de {relative} diffère du manifeste.")


def current_counts() -> dict[str, int]:
    """Row counts per table of the configured database (alembic_version apart)."""
    with db.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            return _sqlite_facts(connection.connection.driver_connection)[0]
        return _pg_facts(connection)[0]


def _restore_sqlite(file: Path) -> None:
    """Replace the whole SQLite database with the saved one, page by page, through SQLite itself."""
    target = _sqlite_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    db.engine.dispose()  # no pooled connection may keep the old schema
    src = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    dst = sqlite3.connect(target, timeout=30)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=WAL")
    except sqlite3.Error as error:
        raise BackupError(f"Restauration de la base SQLite impossible : {error}") from error
    finally:
        dst.close()
        src.close()


def _restore_postgresql(file: Path) -> None:
    """pg_restore in one transaction: the database gets all of the dump or nothing."""
    pg_restore = pg_tool("pg_restore")
    dbname, env = _pg_args()
    db.session.remove()
    db.engine.dispose()
    _run([pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          f"--dbname={dbname}", str(file)], env, "pg_restore")


def _restore_uploads(source: Path, files: list[dict]) -> None:
    """Put every saved upload back in place atomically, checking the bytes written against the manifest."""
    root = Path(current_app.config["UPLOAD_DIR"])
    for entry in files:
        target = root / entry["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_writer(target) as writer:  # an altered copy raises before the rename: the target is untouched
            if _copy_into(source / entry["path"], writer) != entry["sha256"]:
                raise BackupError(f"Copie altérée de {entry['path']} : restauration interrompue.")


def restore(source: Path, force: bool = False) -> RestoreResult:
    """Verify a backup, then restore its uploads and database; refuse a non-empty target unless `force`."""
    source = Path(source)
    manifest = read_manifest(source)
    kind = database_kind()
    saved = manifest["database"]
    if saved["kind"] != kind:
        raise BackupError(f"Sauvegarde {saved['kind']} : elle ne peut être restaurée que dans une base du même type "
                          f"(base configurée : {kind}).")
    verify(source, manifest)
    if kind == "sqlite":
        _sqlite_path()
    if not force:
        busy = sorted(table for table, count in current_counts().items() if count)
        if busy:
            raise BackupError("La base de destination n’est pas vide (tables : " + ", ".join(busy[:5])
                              + (" …" if len(busy) > 5 else "") + ") : ajoutez --yes pour l’écraser.")
        if _upload_files(Path(current_app.config["UPLOAD_DIR"])):
            raise BackupError(f"Le dossier des fichiers {current_app.config['UPLOAD_DIR']} n’est pas vide : "
                              "ajoutez --yes pour le compléter.")
    db.session.remove()
    # Files before rows: a failure in between leaves unused files, never a row whose file is missing.
    _restore_uploads(source / manifest["uploads"]["dir"], manifest["uploads"]["files"])
    if kind == "sqlite":
        _restore_sqlite(source / saved["file"])
    else:
        _restore_postgresql(source / saved["file"])
    counts = current_counts()
    wrong = sorted(table for table, count in saved["counts"].items() if counts.get(table) != count)
    if wrong:
        raise BackupError("Restauration incohérente : le nombre de lignes diffère du manifeste pour "
                          + ", ".join(wrong) + ".")
    return RestoreResult(rows=sum(saved["counts"].values()), tables=len(saved["counts"]),
                         files=len(manifest["uploads"]["files"]), rows_without_file=rows_without_file())


def rows_without_file() -> list[str]:
    """The CV rows of the configured database whose file is not in UPLOAD_DIR, as « cv_files <id> (<name>) »."""
    directory = Path(current_app.config["UPLOAD_DIR"]) / "cvs"
    with db.engine.connect() as connection:
        if "cv_files" not in current_counts():
            return []
        rows = connection.execute(text("SELECT id, stored_name FROM cv_files ORDER BY id")).all()
    return [f"cv_files {row.id} ({row.stored_name})" for row in rows if not (directory / row.stored_name).is_file()]
