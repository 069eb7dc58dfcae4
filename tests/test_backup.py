"""`flask backup` while the site writes, then `flask restore` into a fresh database and directory: nothing lost."""
import hashlib
import json
import re
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from app import create_app
from app.extensions import db
from app.models.application import Application
from app.models.candidate import CvFile
from app.models.user import User
from app.ops import backup as service
from app.ops import restore as restoring
from app.services.accounts.privacy import delete_account
from app.services.accounts.users import create_account
from app.services.responses import candidate_profiles as candidates
from config import TestingConfig
from tests.application_factories import (
    PASSWORD,
    PROFILE,
    apply_to,
    make_artisan_offer,
    make_candidate,
    pdf_bytes,
    pdf_upload,
    years_ago,
)
from tests.factories import make_offer

PG = TestingConfig.SQLALCHEMY_DATABASE_URI.startswith("postgresql")


def _config(root: Path, uri: str):
    class Config(TestingConfig):
        INSTANCE_DIR = root
        SQLALCHEMY_DATABASE_URI = uri
        UPLOAD_DIR = str(root / "uploads")
        MAIL_FILE_DIR = str(root / "mail")
        SEARCH_INDEX_DIR = str(root / "search-index")

    return Config


def _pg_tools_or_skip() -> None:
    try:
        service.pg_tool("pg_dump")
        service.pg_tool("pg_restore")
    except service.BackupError as error:
        pytest.skip(f"PostgreSQL client programs missing: {error}")


@pytest.fixture
def source(tmp_path):
    """The live site: a SQLite file (or the PostgreSQL test database) with its own uploads directory."""
    if PG:
        _pg_tools_or_skip()
    root = tmp_path / "live"
    uri = TestingConfig.SQLALCHEMY_DATABASE_URI if PG else f"sqlite:///{root / 'live.db'}"
    app = create_app(_config(root, uri))
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def target(tmp_path):
    """A second site with an empty database (a new file, or a new PostgreSQL database) and no uploads."""
    root = tmp_path / "restored"
    admin = None
    if PG:
        url = make_url(TestingConfig.SQLALCHEMY_DATABASE_URI)
        name = f"{url.database}_restore"
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        uri = url.set(database=name).render_as_string(hide_password=False)
    else:
        uri = f"sqlite:///{root / 'restored.db'}"
    app = create_app(_config(root, uri))
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if admin is not None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _users(prefix: str):
    counter = iter(range(1, 10_000))

    def make(role="apprentice", email=None, **_):
        return create_account(email=email or f"{prefix}-{role}{next(counter)}@exemple.fr", password=PASSWORD,
                              role=role, confirmed=True)

    return make


def _load() -> dict:
    """Users, a business with offers, a candidate whose application carries its own CV file."""
    artisan, offer = make_artisan_offer(_users("data"))
    make_offer(offer.business, "draft", title="Apprenti pâtissier (H/F)", trade="patissier")
    candidate = make_candidate(_users("cand"))
    cv = pdf_bytes(30_000)
    application = apply_to(offer, candidate, message="Je veux apprendre le levain.", cv=pdf_upload(cv, "mon cv.pdf"))
    return {"application_id": application.id, "stored_name": application.cv.stored_name, "cv": cv,
            "offer_id": offer.id, "artisan_id": artisan.id}


class Writer(threading.Thread):
    """Keeps signing people up, one committed transaction after another, and records the ids in commit order."""

    def __init__(self, app):
        super().__init__(daemon=True)
        self.app, self.committed, self.stop, self.error = app, [], threading.Event(), None

    def run(self):
        with self.app.app_context():
            try:
                n = 0
                while not self.stop.is_set():
                    n += 1
                    user = create_account(email=f"ecrivain{n}@exemple.fr", password=PASSWORD, role="apprentice",
                                          confirmed=True)
                    self.committed.append(user.id)
            except Exception as error:  # reported by the test
                self.error = error
            finally:
                db.session.remove()

    def wait_for(self, count: int, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while len(self.committed) < count and self.error is None:
            assert time.monotonic() < deadline, "the writer made no progress"
            time.sleep(0.01)


def _foreign_key_problems() -> list:
    if db.engine.dialect.name == "sqlite":
        return db.session.execute(text("PRAGMA foreign_key_check")).all()
    # pg_restore re-creates each foreign key with ALTER TABLE, which checks every row: count what was re-created.
    return []


def _foreign_keys() -> int:
    if db.engine.dialect.name == "sqlite":
        tables = db.session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'table'")).all()
        return sum(len(db.session.execute(text(f'PRAGMA foreign_key_list("{t}")')).all()) for t in tables)
    return db.session.scalar(text("SELECT count(*) FROM information_schema.table_constraints "
                                  "WHERE constraint_type = 'FOREIGN KEY' AND table_schema = current_schema()"))


def test_an_online_backup_restored_elsewhere_loses_nothing_committed_before_it(source, target, tmp_path):
    facts = _load()
    foreign_keys = _foreign_keys()
    writer = Writer(source)
    writer.start()
    try:
        writer.wait_for(3)
        before = list(writer.committed)
        result = source.test_cli_runner().invoke(args=["backup", "--dest", str(tmp_path / "saved")])
        writer.wait_for(len(writer.committed) + 3)  # the site kept writing
    finally:
        writer.stop.set()
        writer.join(15)
    assert writer.error is None, writer.error
    assert result.exit_code == 0, result.output
    assert f"Sauvegarde créée dans {tmp_path / 'saved'}" in result.output and "ligne(s) dans" in result.output
    manifest = json.loads((tmp_path / "saved" / "manifest.json").read_text())
    assert manifest["database"]["kind"] == ("postgresql" if PG else "sqlite") and manifest["missing_files"] == []
    saved_files = {entry["path"]: entry for entry in manifest["uploads"]["files"]}
    assert saved_files[f"cvs/{facts['stored_name']}"]["sha256"] == hashlib.sha256(facts["cv"]).hexdigest()
    assert len(saved_files) == 2  # the profile CV and the one sent with the application

    with target.app_context():
        result = target.test_cli_runner().invoke(args=["restore", str(tmp_path / "saved")])
        assert result.exit_code == 0, result.output
        assert "vérifiée et restaurée" in result.output and "2 fichier(s)" in result.output
        assert restoring.current_counts() == manifest["database"]["counts"]
        writers = set(db.session.scalars(select(User.id).where(User.email.like("ecrivain%"))))
        assert set(before) <= writers  # every sign-up committed before the backup is there...
        assert writers == set(writer.committed[:len(writers)])  # ...and the snapshot has no hole
        application = db.session.get(Application, facts["application_id"])
        assert application.message == "Je veux apprendre le levain." and application.offer_id == facts["offer_id"]
        assert application.cv.stored_name == facts["stored_name"]
        assert (Path(target.config["UPLOAD_DIR"]) / "cvs" / facts["stored_name"]).read_bytes() == facts["cv"]
        assert _foreign_key_problems() == [] and _foreign_keys() == foreign_keys

        again = target.test_cli_runner().invoke(args=["restore", str(tmp_path / "saved")])
        assert again.exit_code == 1 and "n’est pas vide" in again.output and "--yes" in again.output
        forced = target.test_cli_runner().invoke(args=["restore", str(tmp_path / "saved"), "--yes"])
        assert forced.exit_code == 0, forced.output
        assert db.session.scalar(select(func.count(Application.id))) == 1


def test_a_tampered_backup_is_refused_before_anything_is_restored(source, target, tmp_path):
    facts = _load()
    assert source.test_cli_runner().invoke(args=["backup", "--dest", str(tmp_path / "saved")]).exit_code == 0
    (tmp_path / "saved" / "uploads" / "cvs" / facts["stored_name"]).write_bytes(b"%PDF-1.4 autre chose")
    with target.app_context():
        result = target.test_cli_runner().invoke(args=["restore", str(tmp_path / "saved")])
        assert result.exit_code == 1 and "altérée" in result.output
        assert not any(restoring.current_counts().values())
        assert not (Path(target.config["UPLOAD_DIR"]) / "cvs").exists()
        missing = target.test_cli_runner().invoke(args=["restore", str(tmp_path)])
        assert missing.exit_code == 1 and "Pas de manifest.json" in missing.output


def test_backup_goes_to_a_timestamped_directory_and_never_into_a_used_one(source):
    runner = source.test_cli_runner()
    result = runner.invoke(args=["backup"])
    assert result.exit_code == 0, result.output
    made = list((Path(source.instance_path) / "backups").iterdir())
    assert len(made) == 1 and re.fullmatch(r"\d{8}-\d{6}", made[0].name)
    again = runner.invoke(args=["backup", "--dest", str(made[0])])
    assert again.exit_code == 1 and "n’est pas vide" in again.output


def test_missing_pg_dump_gives_a_clear_french_error(app, monkeypatch):
    monkeypatch.setattr(service.shutil, "which", lambda name: None)
    monkeypatch.setattr(service.glob, "glob", lambda pattern: [])
    with pytest.raises(service.BackupError, match="pg_dump est introuvable.*postgresql-client"):
        service.pg_tool("pg_dump")


@pytest.mark.skipif(PG, reason="an in-memory database only exists on SQLite")
def test_an_in_memory_database_cannot_be_backed_up(app, runner):
    result = runner.invoke(args=["backup"])
    assert result.exit_code == 1 and "en mémoire" in result.output


def _during_the_file_copy(monkeypatch, action):
    """Run `action` once per backup attempt, between the database snapshot and the copy of the files."""
    copy = service._backup_uploads
    calls = []

    def racing(target):
        calls.append(target)
        action(len(calls))
        return copy(target)

    monkeypatch.setattr(service, "_backup_uploads", racing)
    return calls


def test_a_cv_replaced_while_the_backup_runs_is_still_in_it(source, target, tmp_path, monkeypatch):
    candidate = make_candidate(_users("cand"))
    old = candidates.profile_cv(candidate).stored_name

    def replace(attempt):
        if attempt == 1:
            candidates.save_profile(candidate, cv_upload=pdf_upload(pdf_bytes(3000), "nouveau.pdf"),
                                    **{**PROFILE, "birth_date": years_ago(20)})

    calls = _during_the_file_copy(monkeypatch, replace)
    result = source.test_cli_runner().invoke(args=["backup", "--dest", str(tmp_path / "saved")])
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "saved" / "manifest.json").read_text())
    assert len(calls) == 1 and manifest["missing_files"] == []
    assert f"cvs/{old}" in {entry["path"] for entry in manifest["uploads"]["files"]}
    with target.app_context():
        restored = target.test_cli_runner().invoke(args=["restore", str(tmp_path / "saved")])
        assert restored.exit_code == 0 and "sans fichier" not in restored.output, restored.output
        assert db.session.scalars(select(CvFile.stored_name)).all() == [old]


def test_a_cv_deleted_while_the_backup_runs_makes_it_start_again(source, tmp_path, monkeypatch):
    candidate = make_candidate(_users("cand"))
    cv = Path(source.config["UPLOAD_DIR"]) / "cvs" / candidates.profile_cv(candidate).stored_name

    def delete(attempt):
        if attempt == 1:  # account deletion removes the files at once: the snapshot still names this one
            delete_account(candidate, PASSWORD, confirmed=True)

    calls = _during_the_file_copy(monkeypatch, delete)
    result = source.test_cli_runner().invoke(args=["backup", "--dest", str(tmp_path / "saved")])
    assert result.exit_code == 0, result.output
    assert len(calls) == 2 and "2 tentatives" in result.output and not cv.exists()
    manifest = json.loads((tmp_path / "saved" / "manifest.json").read_text())
    assert manifest["attempts"] == 2 and manifest["missing_files"] == [] and manifest["uploads"]["files"] == []
    assert manifest["database"]["counts"]["cv_files"] == 0


def test_a_backup_whose_cv_files_stay_missing_fails_and_leaves_nothing(source, tmp_path):
    candidate = make_candidate(_users("cand"))
    stored = candidates.profile_cv(candidate).stored_name
    (Path(source.config["UPLOAD_DIR"]) / "cvs" / stored).unlink()
    result = source.test_cli_runner().invoke(args=["backup", "--dest", str(tmp_path / "saved")])
    assert result.exit_code == 1 and f"cvs/{stored}" in result.output and "3 tentatives" in result.output
    assert not (tmp_path / "saved").exists()


def test_restore_reports_the_rows_whose_file_the_backup_lacks(source, target, tmp_path):
    candidate = make_candidate(_users("cand"))
    cv = candidates.profile_cv(candidate)
    assert source.test_cli_runner().invoke(args=["backup", "--dest", str(tmp_path / "saved")]).exit_code == 0
    # As a backup made before the retries could be: the row is saved, its file is not.
    manifest_path = tmp_path / "saved" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["uploads"]["files"] = []
    manifest_path.write_text(json.dumps(manifest))
    (tmp_path / "saved" / "uploads" / "cvs" / cv.stored_name).unlink()
    with target.app_context():
        result = target.test_cli_runner().invoke(args=["restore", str(tmp_path / "saved")])
        assert result.exit_code == 0, result.output
        assert f"1 CV sans fichier (la sauvegarde ne l’avait pas) : cv_files {cv.id} ({cv.stored_name})" \
            in result.output
