"""« database is locked »: a write lock held on SQLite past the busy timeout is a French 503 to retry, not a 500."""
import os
import sqlite3

import pytest
from flask import jsonify

from app import create_app
from app.core.transaction import use_case
from app.extensions import db as _db
from app.models import User
from config import TestingConfig
from tests.conftest import IsolatedClient

pytestmark = pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="SQLite's file locks only")


@pytest.fixture
def app(tmp_path):
    """The test app on a SQLite file, which another connection can lock (the suite's default is in memory)."""

    class Config(TestingConfig):
        INSTANCE_DIR = tmp_path
        MAIL_FILE_DIR = str(tmp_path / "mail")
        UPLOAD_DIR = str(tmp_path / "uploads")
        SEARCH_INDEX_DIR = str(tmp_path / "search-index")
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'passerelle.db'}"
        SQLALCHEMY_ENGINE_OPTIONS: dict = {}

    app = create_app(Config)
    app.test_client_class = IsolatedClient

    @use_case
    def rename_everyone():
        _db.session.execute(_db.update(User).values(display_name="Renommé"))

    @app.post("/api/v1/_test/write")
    def api_write():
        rename_everyone()
        return jsonify({"ok": True})

    with app.app_context():
        _db.create_all()
        yield app
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


@pytest.fixture
def hold_write_lock(app):
    """Factory: another connection takes SQLite's write lock (BEGIN IMMEDIATE) and holds it until the test ends."""
    held = []

    def _hold():
        _db.session.remove()  # the test's own connection must hold nothing
        other = sqlite3.connect(_db.engine.url.database, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        held.append(other)

    yield _hold
    for other in held:
        other.execute("ROLLBACK")
        other.close()


def test_login_under_a_held_write_lock_is_a_french_503(app, client, make_user, hold_write_lock):
    email = make_user("apprentice").email
    hold_write_lock()
    response = client.post("/connexion", data={"email": email, "password": "correct horse battery staple"})
    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()
    html = response.get_data(as_text=True).replace("\xa0", " ").replace("\u202f", " ")
    assert "Service momentanément indisponible" in html and "Réessayez dans quelques secondes." in html


def test_an_api_write_under_a_held_write_lock_is_a_json_503(app, client, make_user, hold_write_lock):
    make_user("apprentice")
    hold_write_lock()
    response = client.post("/api/v1/_test/write")
    assert response.status_code == 503 and response.headers["Retry-After"].isdigit()
    assert response.get_json()["error"]["code"] == "unavailable"


def test_the_same_login_works_without_the_lock(app, client, make_user):
    user = make_user("apprentice")
    response = client.post("/connexion", data={"email": user.email, "password": "correct horse battery staple"})
    assert response.status_code == 302
