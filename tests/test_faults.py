"""Faults survived: a full disk during a CV upload, a worker killed mid-application, two workers writing to SQLite."""
import builtins
import errno
import io
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import create_app
from app.core import files as core_files
from app.extensions import db
from app.files import cvs as uploads
from app.files import sweep as upload_sweep
from app.models.application import Application
from app.models.candidate import CvFile
from app.models.listing_states import ListingStatus
from app.models.user import User
from app.services.accounts.users import create_account
from config import TestingConfig
from tests.application_factories import PASSWORD, make_artisan_offer, make_candidate, pdf_bytes, sign_in
from tests.helpers_server import Client, Server
from tests.search_fixtures import artisan, found_ids, place, publish_over_http, sync  # noqa: F401

MESSAGE = "Bonjour, je suis très motivée par le fournil."


def _cv_files(app) -> list[Path]:
    directory = Path(app.config["UPLOAD_DIR"]) / "cvs"
    return sorted(directory.iterdir()) if directory.exists() else []


def _count(model) -> int:
    db.session.rollback()  # a fresh snapshot: other processes wrote since
    return db.session.scalar(select(func.count()).select_from(model))


# --- disk full during a CV upload --------------------------------------------------------------------------------

def _enospc(*_args):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _half_written_then_full(monkeypatch):
    """The file gets half of the bytes, then the disk is full (a partial file really exists on disk)."""
    real_open = open

    def opener(path, mode="r", *args, **kwargs):
        handle = real_open(path, mode, *args, **kwargs)
        real_write = handle.write

        def write(data):
            real_write(data[:len(data) // 2])
            handle.flush()
            _enospc()

        handle.write = write
        return handle

    monkeypatch.setattr(core_files, "open", opener, raising=False)  # CVs are written by app.core.files


@pytest.mark.parametrize("where", ["write", "fsync"])
def test_disk_full_during_an_upload_gives_a_french_form_error_no_row_and_no_file(app, make_user, monkeypatch, where):
    _, offer = make_artisan_offer(make_user)
    candidate = make_candidate(make_user, with_cv=False)
    client = sign_in(app, candidate)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # a crash would show as the 500 page, as in production
    if where == "write":
        _half_written_then_full(monkeypatch)
    else:
        monkeypatch.setattr(core_files.os, "fsync", _enospc)
    response = client.post(f"/offres/{offer.id}/candidater", content_type="multipart/form-data",
                           data={"message": MESSAGE, "cv": (BytesIO(pdf_bytes(50_000)), "cv.pdf")})
    monkeypatch.undo()
    html = response.get_data(as_text=True)
    assert response.status_code == 422  # the form again, not a 500
    assert "Votre CV n’a pas pu être enregistré. Réessayez dans quelques instants." in html
    assert MESSAGE in html  # the candidate's text is kept
    assert _count(Application) == 0 and _count(CvFile) == 0
    assert _cv_files(app) == []  # neither the partial temporary file nor a final one


# --- real server processes ---------------------------------------------------------------------------------------

@pytest.fixture
def file_app(tmp_path):
    """An app on a SQLite file that server processes started by the test share (whatever DATABASE_URL says)."""

    class Config(TestingConfig):
        INSTANCE_DIR = tmp_path
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'shared.db'}"
        UPLOAD_DIR = str(tmp_path / "uploads")
        MAIL_FILE_DIR = str(tmp_path / "mail")
        SEARCH_INDEX_DIR = str(tmp_path / "search-index")

    app = create_app(Config)
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


def _users(prefix: str):
    """A make_user replacement for the factories outside the conftest `app` fixture."""
    counter = iter(range(1, 10_000))

    def make(role="apprentice", email=None, **_):
        return create_account(email=email or f"{prefix}-{role}{next(counter)}@exemple.fr", password=PASSWORD,
                              role=role, confirmed=True)

    return make


def _login(server, email: str) -> Client:
    client = Client(server)
    response = client.post("/connexion", {"email": email, "password": PASSWORD})
    assert response.status == 302, response.text[:300]
    return client


def _wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_worker_killed_during_an_application_leaves_row_and_file_both_or_neither(file_app, tmp_path):
    _, offer = make_artisan_offer(_users("kill"))
    candidate = make_candidate(_users("kill-c"), with_cv=False)
    offer_id, email = offer.id, candidate.email
    db.session.remove()
    marker = tmp_path / "paused"
    cv = pdf_bytes(40_000)
    server = Server(tmp_path, file_app.config["SQLALCHEMY_DATABASE_URI"], pause_before_commit=str(marker),
                    pause_seconds=30)
    with server:
        client = _login(server, email)
        outcome = {}

        def post():
            try:
                outcome["status"] = client.post(f"/offres/{offer_id}/candidater", {"message": MESSAGE},
                                                {"cv": ("cv.pdf", cv)}).status
            except OSError as error:  # the connection dies with the worker
                outcome["error"] = error

        request = threading.Thread(target=post, daemon=True)
        request.start()
        _wait_for(marker.exists, 15, "the worker to pause before its commit")
        # The worst moment: the CV is in place under its final name, its rows are flushed but not committed.
        assert [p.name for p in _cv_files(file_app) if uploads.STORED_NAME.match(p.name)]
        os.kill(int(marker.read_text()), 9)
        request.join(15)
        assert "status" not in outcome, "the request should have died with its worker"

        assert _count(Application) == 0 and _count(CvFile) == 0  # no row...
        orphans = _cv_files(file_app)
        assert [p for p in orphans if p.name.startswith(".tmp-")] == []  # no half-written file either
        # ...and its file, never served (no row points to it), goes at the next sweep once past the grace period.
        runner = file_app.test_cli_runner()
        assert "0 fichier(s) orphelin(s)" in runner.invoke(args=["uploads", "clean"]).output  # may be in flight
        old = time.time() - 2 * 3600
        for path in orphans:
            os.utime(path, (old, old))
        result = runner.invoke(args=["uploads", "clean"])
        assert result.exit_code == 0 and f"{len(orphans)} fichier(s) orphelin(s) supprimé(s)" in result.output
        assert _cv_files(file_app) == []  # neither row nor file

        # gunicorn replaced the worker; the same application now goes through: both row and file.
        response = client.post(f"/offres/{offer_id}/candidater", {"message": MESSAGE}, {"cv": ("cv.pdf", cv)})
        assert response.status == 302, response.text[:300]
    application = db.session.scalar(select(Application))
    assert application is not None and application.message == MESSAGE
    assert uploads.cv_path(application.cv.stored_name).read_bytes() == cv
    assert upload_sweep.sweep(0).removed == []  # a referenced file is never swept


def test_two_workers_writing_at_once_on_sqlite_never_show_database_is_locked(file_app, tmp_path):
    _, offer = make_artisan_offer(_users("busy"))
    candidates = [make_candidate(_users(f"busy-c{i}"), email=f"candidat{i}@exemple.fr") for i in range(30)]
    offer_id, emails = offer.id, [c.email for c in candidates]
    users_before = _count(User)
    db.session.remove()

    def sign_up(i: int, server) -> list[int]:
        client = Client(server)
        response = client.post("/inscription", {
            "role": "apprentice", "display_name": f"Jeune {i}", "email": f"nouveau{i}@exemple.fr",
            "password": PASSWORD, "password_confirm": PASSWORD, "accept_terms": "y"})
        return [response.status] + (["locked"] if "database is locked" in response.text else [])

    def apply(i: int, server) -> list[int]:
        client = Client(server)
        login = client.post("/connexion", {"email": emails[i], "password": PASSWORD})
        answer = client.post(f"/offres/{offer_id}/candidater", {"message": MESSAGE})
        return [login.status, answer.status]

    with Server(tmp_path, file_app.config["SQLALCHEMY_DATABASE_URI"], workers=2, threads=4) as server:
        with ThreadPoolExecutor(max_workers=16) as pool:
            jobs = [pool.submit(sign_up, i, server) for i in range(30)]
            jobs += [pool.submit(apply, i, server) for i in range(30)]
            statuses = [job.result(timeout=60) for job in jobs]
        log = server.log()
    assert all(status == [302] for status in statuses[:30]), statuses[:30]
    assert all(status == [302, 302] for status in statuses[30:]), statuses[30:]
    assert "database is locked" not in log and "OperationalError" not in log, log[-3000:]
    assert _count(User) == users_before + 30 and _count(Application) == 30


def test_the_sweep_removes_only_old_unreferenced_cvs_and_leftover_temporary_files(app, make_user):
    make_candidate(make_user)  # its profile CV is referenced by a row
    directory = uploads.cv_dir()
    kept = _cv_files(app)[0]
    files = {name: directory / name for name in ("a" * 32 + ".pdf", "b" * 32 + ".pdf", ".tmp-old", ".tmp-new",
                                                 "notes.txt")}
    for path in files.values():
        path.write_bytes(b"%PDF-1.4")
    old = time.time() - 2 * 3600
    for path in (kept, files["a" * 32 + ".pdf"], files[".tmp-old"], files["notes.txt"]):
        os.utime(path, (old, old))
    result = upload_sweep.sweep()
    assert result.removed == [".tmp-old", "a" * 32 + ".pdf"]
    assert sorted(p.name for p in _cv_files(app)) == sorted([kept.name, "b" * 32 + ".pdf", ".tmp-new", "notes.txt"])


# --- a read-only search index (the locked and corrupted index are in test_search_sync.py) ------------------------

def _read_only_below(monkeypatch, root: Path) -> None:
    """Make every write under `root` fail with EROFS, as a read-only mount would (chmod does not stop root)."""
    prefix = str(root.absolute())
    writes = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND

    def inside(path) -> bool:
        if isinstance(path, int):
            return False
        path = os.path.abspath(os.fsdecode(path))
        return path == prefix or path.startswith(prefix + os.sep)

    def refuse(path):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), os.fsdecode(path))

    real_open, real_os_open = builtins.open, os.open

    def checked_open(file, mode="r", *args, **kwargs):
        if inside(file) and any(flag in mode for flag in "wax+"):
            refuse(file)
        return real_open(file, mode, *args, **kwargs)

    def checked_os_open(path, flags, *args, **kwargs):
        if inside(path) and flags & writes:
            refuse(path)
        return real_os_open(path, flags, *args, **kwargs)

    def guarded(real):
        def call(*paths, **kwargs):
            touched = [p for p in paths[:2] if inside(p)]
            if touched and real is os.mkdir and os.path.exists(touched[0]):
                raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), os.fsdecode(touched[0]))
            if touched:
                refuse(touched[0])
            return real(*paths, **kwargs)
        return call

    monkeypatch.setattr(builtins, "open", checked_open)
    monkeypatch.setattr(io, "open", checked_open)
    monkeypatch.setattr(os, "open", checked_os_open)
    for name in ("replace", "rename", "remove", "unlink", "rmdir", "mkdir"):
        monkeypatch.setattr(os, name, guarded(getattr(os, name)))


def test_a_read_only_index_directory_keeps_writes_and_search_working(app, client, runner, login, make_user, place,
                                                                      monkeypatch):
    shown = place(title="Apprenti boulanger du quartier")
    sync()
    waiting = place(status=ListingStatus.SUBMITTED, title="Apprenti fleuriste", trade="fleuriste")
    _read_only_below(monkeypatch, Path(app.config["SEARCH_INDEX_DIR"]))
    with pytest.raises(OSError, match="Read-only file system"):
        open(Path(app.config["SEARCH_INDEX_DIR"]) / "probe", "w")
    assert publish_over_http(client, login, make_user, waiting).status_code == 302
    db.session.refresh(waiting)
    assert waiting.status == ListingStatus.PUBLISHED  # committed although the index cannot be written
    answer = client.get("/api/v1/search", query_string={"q": "boulanger"})
    assert answer.status_code == 200 and [item["id"] for item in answer.get_json()["results"]] == [shown.id]
    assert answer.get_json()["degraded"] is False  # read from the index itself, which needs no write
    assert client.get("/healthz").get_json()["outbox_pending"] >= 1
    failed = runner.invoke(args=["search", "sync"])
    assert failed.exit_code == 1 and "index de recherche indisponible" in failed.output
    monkeypatch.undo()  # the disk is writable again
    assert runner.invoke(args=["search", "sync"]).exit_code == 0
    assert found_ids(client, q="fleuriste") == [waiting.id]
    assert client.get("/healthz").get_json()["outbox_pending"] == 0
