"""Failed logins counted per account in the database: a lockout every worker sees, reset by a success."""
from datetime import timedelta

import pytest

from app import create_app
from app.core.time import utcnow
from app.extensions import db as _db
from app.models.user import User
from app.services.accounts.lockout import lockout_seconds
from app.services.accounts.users import create_account
from config import TestingConfig

RIGHT = "correct horse battery staple"
WRONG = "mauvais mot de passe long"


@pytest.fixture
def no_memory_limits(app):
    """Lift the in-memory rate limits so that only the per-account lockout in the database is at work."""
    app.config["RATELIMIT_LOGIN_IP"] = app.config["RATELIMIT_LOGIN_ACCOUNT"] = "1000 per minute"


def signed_in(client) -> bool:
    return client.get("/compte").status_code == 200


def test_the_right_password_is_refused_once_the_account_is_locked(app, client, make_user, login, no_memory_limits):
    make_user(email="a@exemple.fr")
    for _ in range(5):
        assert login("a@exemple.fr", WRONG).status_code == 200
    locked = login("a@exemple.fr", RIGHT)
    assert locked.status_code == 429
    text = locked.get_data(as_text=True)
    assert "Trop de tentatives de connexion ont échoué pour ce compte" in text and "15\u00a0minutes" in text
    assert int(locked.headers["Retry-After"]) > 14 * 60
    assert not signed_in(client)
    user = _db.session.scalar(_db.select(User).filter_by(email="a@exemple.fr"))
    assert user.failed_login_count == 5 and user.locked_until > utcnow()


def test_a_success_resets_the_count(app, client, make_user, login, no_memory_limits):
    make_user(email="a@exemple.fr")
    for _ in range(4):
        login("a@exemple.fr", WRONG)
    assert login("a@exemple.fr", RIGHT).status_code == 200 and signed_in(client)
    user = _db.session.scalar(_db.select(User).filter_by(email="a@exemple.fr"))
    assert user.failed_login_count == 0 and user.locked_until is None
    client.post("/deconnexion")
    for _ in range(4):
        login("a@exemple.fr", WRONG)
    assert login("a@exemple.fr", RIGHT).status_code == 200 and signed_in(client)


def test_the_account_opens_again_when_the_lockout_ends(app, client, make_user, login, no_memory_limits):
    user = make_user(email="a@exemple.fr")
    for _ in range(5):
        login("a@exemple.fr", WRONG)
    assert login("a@exemple.fr", RIGHT).status_code == 429
    user = _db.session.get(User, user.id)
    user.locked_until = utcnow() - timedelta(seconds=1)
    _db.session.commit()
    assert login("a@exemple.fr", RIGHT).status_code == 200 and signed_in(client)


def test_a_failure_after_a_lockout_locks_again_for_longer(app, client, make_user, login, no_memory_limits):
    user = make_user(email="a@exemple.fr")
    for _ in range(5):
        login("a@exemple.fr", WRONG)
    user = _db.session.get(User, user.id)
    user.locked_until = utcnow() - timedelta(seconds=1)
    _db.session.commit()
    login("a@exemple.fr", WRONG)
    locked = login("a@exemple.fr", RIGHT)
    assert locked.status_code == 429 and "30\u00a0minutes" in locked.get_data(as_text=True)


def test_lockout_durations(app):
    assert [lockout_seconds(n) for n in (0, 4, 5, 6, 7)] == [0, 0, 900, 1800, 3600]
    assert lockout_seconds(40) == lockout_seconds(1000) == 24 * 3600


def test_a_request_refused_by_the_rate_limit_never_signs_in(app, client, make_user, login):
    app.config["LOGIN_LOCKOUT_THRESHOLD"] = 1000
    app.config["RATELIMIT_LOGIN_ACCOUNT"] = "2 per minute"
    make_user(email="a@exemple.fr")
    login("a@exemple.fr", WRONG)
    login("a@exemple.fr", WRONG)
    for _ in range(3):
        refused = login("a@exemple.fr", RIGHT, follow=False)
        assert refused.status_code == 429
        assert not signed_in(client)
    user = _db.session.scalar(_db.select(User).filter_by(email="a@exemple.fr"))
    assert user.last_login_at is None


@pytest.fixture
def two_workers(tmp_path):
    """Two apps on one database, each with its own in-memory rate limits, as two gunicorn workers are."""
    shared = TestingConfig.SQLALCHEMY_DATABASE_URI
    if shared == "sqlite://":
        shared = f"sqlite:///{tmp_path / 'shared.db'}"

    def make(name):
        class Config(TestingConfig):
            INSTANCE_DIR = tmp_path / name
            SQLALCHEMY_DATABASE_URI = shared
            MAIL_FILE_DIR = str(tmp_path / name / "mail")
            SEARCH_INDEX_DIR = str(tmp_path / name / "search-index")
            RATELIMIT_LOGIN_IP = RATELIMIT_LOGIN_ACCOUNT = "1000 per minute"

        return create_app(Config)

    first, second = make("a"), make("b")
    with first.app_context():
        _db.create_all()
        create_account(email="a@exemple.fr", password=RIGHT, role="apprentice", confirmed=True)
    yield first, second
    with first.app_context():
        _db.session.remove()
        _db.drop_all()


def test_every_worker_sees_the_failures_of_the_others(two_workers):
    first, second = two_workers
    one, other = first.test_client(), second.test_client()
    for client in (one, other, one, other, one):
        assert client.post("/connexion", data={"email": "a@exemple.fr", "password": WRONG}).status_code == 200
    for client in (one, other):
        locked = client.post("/connexion", data={"email": "a@exemple.fr", "password": RIGHT})
        assert locked.status_code == 429
        assert client.get("/compte").status_code == 302
