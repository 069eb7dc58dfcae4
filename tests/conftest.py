"""Shared pytest fixtures: a fresh app and database per test, a client, a CLI runner and a login helper."""
import contextvars
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from flask import has_app_context
from flask.testing import FlaskClient

from app import create_app
from app.extensions import db as _db
from config import TestingConfig


class IsolatedClient(FlaskClient):
    """A test client whose requests each run as a fresh worker would run them, in their own app context.

    The app fixture keeps an app context pushed so that tests can use the database directly; each request runs
    in a new, empty `contextvars.Context` (as a new thread does), so Flask pushes a context of its own and `g`
    (where Flask-Login caches the current user) and the database session never leak between requests.
    """

    def run_wsgi_app(self, environ, buffered=False):
        """Run the request in an empty context, then expire the test's objects so that they reload."""
        response = contextvars.Context().run(super().run_wsgi_app, environ, buffered=buffered)
        if has_app_context():
            _db.session.expire_all()
        return response


@pytest.fixture
def app(tmp_path):
    """A new application with an empty database and its own instance folder."""

    class Config(TestingConfig):
        INSTANCE_DIR = tmp_path
        MAIL_FILE_DIR = str(tmp_path / "mail")
        UPLOAD_DIR = str(tmp_path / "uploads")
        SEARCH_INDEX_DIR = str(tmp_path / "search-index")

    app = create_app(Config)
    app.test_client_class = IsolatedClient
    with app.app_context():
        _db.create_all()
        yield app
        _db.session.remove()
        _db.drop_all()


@pytest.fixture
def db(app):
    """The database bound to the test app."""
    return _db


@pytest.fixture
def client(app):
    """A test client for HTTP requests."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A runner for the `flask` commands."""
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    """Factory: create a confirmed user of the given role and return it."""
    from app.services.accounts.users import create_account

    counter = {"n": 0}

    def _make(role="apprentice", email=None, password="correct horse battery staple", chamber_code=None,
              confirmed=True, display_name=""):
        counter["n"] += 1
        email = email or f"{role}{counter['n']}@exemple.fr"
        if role == "staff" and chamber_code is None:
            chamber_code = "IDF"
        return create_account(email=email, password=password, role=role, chamber_code=chamber_code,
                              display_name=display_name, confirmed=confirmed)

    return _make


@pytest.fixture
def mailbox(app):
    """Helper: the e-mails written by the file mail backend, oldest first, as EmailMessage objects."""

    def _read():
        directory = Path(app.config["MAIL_FILE_DIR"])
        return [message_from_bytes(path.read_bytes(), policy=policy.default)
                for path in sorted(directory.glob("*.eml"))] if directory.exists() else []

    return _read


@pytest.fixture
def login(client):
    """Helper: sign a user in through the login form; returns the response."""

    def _login(email, password="correct horse battery staple", remember=False, follow=True):
        data = {"email": email, "password": password}
        if remember:
            data["remember"] = "y"
        return client.post("/connexion", data=data, follow_redirects=follow)

    return _login
