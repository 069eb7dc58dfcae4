"""Online backup of the database (SQLite backup API or pg_dump) and the uploads, with a hashed manifest."""
from __future__ import annotations

import glob
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from flask import current_app
from sqlalchemy import text
from sqlalchemy.engine import URL, Connection

from app.core.files import write_atomically
from app.core.time import utcnow
from app.extensions import db

MANIFEST = "manifest.json"
FORMAT = "passerelle-backup/1"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.dump"
UPLOADS = "uploads"
CHUNK = 1024 * 1024
PG_TIMEOUT = 3600
# Snapshots tried before giving up when CV files keep vanishing between the database copy and the file copy.
ATTEMPTS = 3


class BackupError(RuntimeError):
    """A backup or restore that could not be done; the message is French and meant for the operator."""


# --- helpers -----------------------------------------------------------------------------------------------------

def sha256_file(path: Path) -> str:
    """The SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _url() -> URL:
    return db.engine.url


def database_kind() -> str:
    """The kind of the configured database: sqlite or postgresql."""
    name = _url().get_backend_name()
    if name not in ("sqlite", "postgresql"):
        raise BackupError(f"Base de données « {name} » non prise en charge : SQLite ou PostgreSQL uniquement.")
    return name


def _sqlite_path() -> Path:
    database = _url().database
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        raise BackupError("La base SQLite est en mémoire : il n’y a pas de fichier à sauvegarder ou restaurer.")
    return Path(database).absolute()


def pg_tool(name: str) -> str:
    """The path of a PostgreSQL client program: on PATH, else the newest /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                        key=lambda p: [int(part) if part.isdigit() else 0 for part in Path(p).parts[-3].split(".")])
    if candidates:
        return candidates[-1]
    raise BackupError(f"{name} est introuvable (ni dans le PATH, ni dans /usr/lib/postgresql/*/bin) : installez "
                      "le paquet postgresql-client de la même version que le serveur.")


def _pg_args() -> tuple[str, dict[str, str]]:
    """A libpq connection URI without the password, and an environment carrying it (kept out of `ps`)."""
    url = _url()
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return url.set(drivername="postgresql", password=None).render_as_string(hide_password=False), env


def _run(args: list[str], env: dict[str, str], what: str) -> None:
    try:
        result = subprocess.run(args, env=env, capture_output=True, text=True, timeout=PG_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise BackupError(f"{what} impossible : {error}") from error
    if result.returncode != 0:
        raise BackupError(f"{what} a échoué (code {result.returncode}) : {result.stderr.strip()[-2000:]}")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# --- what a database holds (read in the snapshot being saved) ---------------------------------------------------

def _sqlite_tables(connection: sqlite3.Connection) -> list[str]:
    return [row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]


def _sqlite_facts(connection: sqlite3.Connection) -> tuple[dict[str, int], str | None]:
    return _facts(_sqlite_tables(connection), lambda sql: connection.execute(sql).fetchall())


def _pg_tables(connection: Connection) -> list[str]:
    return list(connection.execute(text(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
        "AND table_type = 'BASE TABLE' ORDER BY table_name")).scalars())


def _pg_facts(connection: Connection) -> tuple[dict[str, int], str | None]:
    return _facts(_pg_tables(connection), lambda sql: connection.execute(text(sql)).all())


def _facts(tables: list[str], query) -> tuple[dict[str, int], str | None]:
    """Row counts per table (alembic_version apart) and the Alembic revision, if any."""
    counts = {table: query(f"SELECT COUNT(*) FROM {_quote(table)}")[0][0]
              for table in tables if table != "alembic_version"}
    revision = None
    if "alembic_version" in tables:
        rows = query("SELECT version_num FROM alembic_version")
        revision = ",".join(sorted(row[0] for row in rows)) or None
    return counts, revision


# --- backup ------------------------------------------------------------------------------------------------------

def default_destination() -> Path:
    """instance/backups/<YYYYmmdd-HHMMSS> (UTC), with a suffix if that name is taken."""
    base = Path(current_app.instance_path) / "backups" / utcnow().strftime("%Y%m%d-%H%M%S")
    path, n = base, 1
    while path.exists():
        n += 1
        path = base.with_name(f"{base.name}-{n}")
    return path


def _backup_sqlite(target: Path) -> tuple[dict, list[str]]:
    """Copy the live SQLite database with the online backup API: one consistent snapshot, writers keep going."""
    source = _sqlite_path()
    if not source.is_file():
        raise BackupError(f"Base SQLite introuvable : {source}")
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(target)
    try:
        src.execute("PRAGMA busy_timeout=30000")
        src.backup(dst)  # all pages in one step, inside one read transaction: never a torn copy
        dst.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file, no -wal beside it
        counts, revision = _sqlite_facts(dst)
        cv_names = [row[0] for row in dst.execute("SELECT stored_name FROM cv_files")] \
            if "cv_files" in counts else []
    except sqlite3.Error as error:
        raise BackupError(f"Copie de la base SQLite impossible : {error}") from error
    finally:
        dst.close()
        src.close()
    return {"kind": "sqlite", "file": target.name, "counts": counts, "alembic_revision": revision}, cv_names


def _backup_postgresql(target: Path) -> tuple[dict, list[str]]:
    """pg_dump in custom format, from a snapshot shared with the row counts of the manifest."""
    pg_dump = pg_tool("pg_dump")
    dbname, env = _pg_args()
    with db.engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection:
        snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
        counts, revision = _pg_facts(connection)
        cv_names = list(connection.execute(text("SELECT stored_name FROM cv_files")).scalars()) \
            if "cv_files" in counts else []
        _run([pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
              f"--file={target}", f"--dbname={dbname}"], env, "pg_dump")
        connection.rollback()
    return {"kind": "postgresql", "file": target.name, "counts": counts, "alembic_revision": revision}, cv_names


def _copy_into(source: Path, writer) -> str:
    """Copy a file into an open binary file, returning the SHA-256 of the bytes written."""
    digest = hashlib.sha256()
    with open(source, "rb") as reader:
        while chunk := reader.read(CHUNK):
            digest.update(chunk)
            writer.write(chunk)
    return digest.hexdigest()


def _copy_hashed(source: Path, target: Path) -> str:
    """Copy a file to a new file, flushed to disk, returning the SHA-256 of the bytes written."""
    with open(target, "xb") as writer:
        digest = _copy_into(source, writer)
        writer.flush()
        os.fsync(writer.fileno())
    return digest


def _upload_files(root: Path) -> list[Path]:
    """Stored upload files under `root`, as relative paths; hidden names are temporary files still being written."""
    if not root.is_dir():
        return []
    return sorted(path.relative_to(root) for path in root.rglob("*")
                  if path.is_file() and not path.is_symlink()
                  and not any(part.startswith(".") for part in path.relative_to(root).parts))


def _backup_uploads(target: Path) -> list[dict]:
    """Copy the upload files (immutable once written under a random name) with their sizes and hashes."""
    root = Path(current_app.config["UPLOAD_DIR"])
    entries = []
    for relative in _upload_files(root):
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            digest = _copy_hashed(root / relative, destination)
        except FileNotFoundError:  # deleted since the listing (account removed): it is not in the snapshot either
            continue
        entries.append({"path": relative.as_posix(), "size": destination.stat().st_size, "sha256": digest})
    return entries


def _write_json(path: Path, data: dict) -> None:
    write_atomically(path, json.dumps(data, ensure_ascii=False, indent=2))


def backup(destination: Path | None = None) -> tuple[Path, dict]:
    """Save the database, then the uploads, into `destination`; the manifest is written last and marks it complete.

    A CV row of the snapshot whose file was deleted before it could be copied (an account deleted meanwhile) makes
    the attempt start again; after ATTEMPTS such attempts the backup fails rather than save rows without files.
    """
    kind = database_kind()
    destination = Path(destination) if destination else default_destination()
    if destination.exists() and any(destination.iterdir()):
        raise BackupError(f"Le dossier {destination} n’est pas vide : choisissez un autre --dest.")
    created = not destination.exists()
    destination.mkdir(parents=True, exist_ok=True)
    try:
        for attempt in range(1, ATTEMPTS + 1):
            manifest = _attempt(kind, destination, attempt)
            if not manifest["missing_files"]:
                break
            _empty(destination)
        else:
            missing = manifest["missing_files"]
            raise BackupError(f"{len(missing)} CV de la base ont disparu du disque pendant chacune des {ATTEMPTS} "
                              "tentatives (" + ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
                              + ") : vérifiez le dossier des fichiers, puis relancez la sauvegarde.")
        _write_json(destination / MANIFEST, manifest)
    except BaseException:
        if created:
            shutil.rmtree(destination, ignore_errors=True)
        else:
            _empty(destination)
        raise
    return destination, manifest


def _attempt(kind: str, destination: Path, attempt: int) -> dict:
    """One copy of the database then of the uploads into `destination`; the manifest it would write."""
    # Database first: every CV row in the snapshot had its file on disk before it committed.
    if kind == "sqlite":
        database, cv_names = _backup_sqlite(destination / SQLITE_FILE)
    else:
        database, cv_names = _backup_postgresql(destination / PG_FILE)
    database_file = destination / database["file"]
    database.update(size=database_file.stat().st_size, sha256=sha256_file(database_file))
    files = _backup_uploads(destination / UPLOADS)
    return {
        "format": FORMAT,
        "created_at": utcnow().isoformat(timespec="seconds"),
        "attempts": attempt,
        "database": database,
        "uploads": {"dir": UPLOADS, "files": files, "total_bytes": sum(entry["size"] for entry in files)},
        # CVs named by the saved rows but deleted before they could be copied: the attempt is started again.
        "missing_files": sorted({f"cvs/{name}" for name in cv_names} - {entry["path"] for entry in files}),
    }


def _empty(directory: Path) -> None:
    for child in directory.iterdir():
        if child.is_dir():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
