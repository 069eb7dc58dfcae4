"""Production refuses to start without its settings (or with per-worker rate limits); its cookies are __Host-."""
import os
import socket
import subprocess
import sys
import time
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

from app import create_app
from app.extensions import db as _db
from app.services.accounts.users import create_account
from config import BASE_DIR, ProductionConfig

VENV_BIN = Path(sys.executable).parent
PASSWORD = "correct horse battery staple"
# The legal pages' settings production requires (tests/test_legal_pages.py checks each one is required).
LEGAL = {"LEGAL_PUBLISHER_NAME": "CMA France", "LEGAL_PUBLISHER_ADDRESS": "12 avenue Marceau, 75008 Paris",
         "LEGAL_PUBLICATION_DIRECTOR": "Jeanne Directrice", "LEGAL_HOST_NAME": "Hébergeur SAS",
         "LEGAL_HOST_ADDRESS": "1 rue de l’Hébergement, 59100 Roubaix", "LEGAL_HOST_PHONE": "03 20 00 00 00",
         "CONTACT_EMAIL": "contact@cma-france.fr", "DPO_EMAIL": "dpo@cma-france.fr",
         "ACCESSIBILITY_EMAIL": "accessibilite@cma-france.fr"}


def production(tmp_path, **settings):
    """A ProductionConfig with every required setting (overridden by `settings`), on a test database."""
    values = {"INSTANCE_DIR": tmp_path, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'prod.db'}",
              "SQLALCHEMY_ENGINE_OPTIONS": {}, "PUBLIC_URL": "https://passerelle.example",
              "TRUSTED_HOSTS": ["passerelle.example"], "MAIL_DEFAULT_SENDER": "Passerelle <ne-pas-repondre@example.fr>",
              "SEARCH_INDEX_DIR": str(tmp_path / "index"), "MAIL_FILE_DIR": str(tmp_path / "mail"),
              "WTF_CSRF_ENABLED": False, "ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST": 1024, "ARGON2_PARALLELISM": 1,
              **LEGAL}
    values.update(settings)
    return type("Config", (ProductionConfig,), values)


@pytest.fixture
def secret(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "a-real-secret-for-the-test")


@pytest.mark.parametrize("settings, named", [
    ({"PUBLIC_URL": ""}, "PUBLIC_URL"),
    ({"PUBLIC_URL": "http://passerelle.example"}, "PUBLIC_URL"),
    ({"TRUSTED_HOSTS": None}, "TRUSTED_HOSTS"),
    ({"MAIL_DEFAULT_SENDER": ""}, "MAIL_DEFAULT_SENDER"),
])
def test_production_refuses_to_start_without_a_required_setting(tmp_path, secret, settings, named):
    with pytest.raises(RuntimeError, match=named):
        create_app(production(tmp_path, **settings))


def test_production_starts_with_every_setting(tmp_path, secret):
    app = create_app(production(tmp_path))
    assert app.config["PUBLIC_URL"] == "https://passerelle.example"


def test_several_workers_with_memory_limits_are_refused_unless_allowed(tmp_path):
    config = production(tmp_path, RATELIMIT_STORAGE_URI="memory://", RATELIMIT_ALLOW_MEMORY=False)
    config.check_workers(1)
    with pytest.raises(RuntimeError, match="RATELIMIT_ALLOW_MEMORY"):
        config.check_workers(2)
    production(tmp_path, RATELIMIT_STORAGE_URI="memory://", RATELIMIT_ALLOW_MEMORY=True).check_workers(4)
    production(tmp_path, RATELIMIT_STORAGE_URI="redis://localhost:6379/0").check_workers(4)
    production(tmp_path, RATELIMIT_STORAGE_URI="memory://", RATELIMIT_ENABLED=False).check_workers(4)


def test_production_cookies_are_host_prefixed(tmp_path, secret):
    app = create_app(production(tmp_path))
    with app.app_context():
        _db.create_all()
        create_account(email="a@exemple.fr", password=PASSWORD, role="apprentice", confirmed=True)
    client = app.test_client()
    base = "https://passerelle.example"
    response = client.post("/connexion", base_url=base,
                           data={"email": "a@exemple.fr", "password": PASSWORD, "remember": "y"})
    assert response.status_code == 302
    cookies = {}
    for header in response.headers.getlist("Set-Cookie"):
        cookie = SimpleCookie(header)
        cookies.update({name: (morsel, header) for name, morsel in cookie.items()})
    assert set(cookies) == {"__Host-session", "__Host-remember_token"}
    for morsel, header in cookies.values():
        assert morsel["secure"] and morsel["path"] == "/" and not morsel["domain"], header
        assert "domain=" not in header.lower()
    assert client.get("/compte", base_url=base).status_code == 200
    with app.app_context():
        _db.drop_all()


# --- a real gunicorn -------------------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def production_env(tmp_path):
    """The environment of a production node on a fresh, migrated SQLite database (no shared rate-limit storage)."""
    env = {name: value for name, value in os.environ.items()
           if name not in {"DATABASE_URL", "RATELIMIT_STORAGE_URI", "REDIS_URL", "RATELIMIT_ALLOW_MEMORY"}}
    env.update(PASSERELLE_ENV="production", SECRET_KEY="a-real-secret-for-the-test",
               PUBLIC_URL="https://passerelle.example", TRUSTED_HOSTS="passerelle.example",
               MAIL_DEFAULT_SENDER="Passerelle <ne-pas-repondre@example.fr>", PASSERELLE_INSTANCE_DIR=str(tmp_path),
               DATABASE_URL=f"sqlite:///{tmp_path / 'prod.db'}", SEARCH_INDEX_DIR=str(tmp_path / "index"),
               SEARCH_CATCHUP_SECONDS="0", GUNICORN_ACCESS_LOG="", **LEGAL)
    subprocess.run([str(VENV_BIN / "flask"), "--app", "wsgi", "db", "upgrade", "heads"], cwd=BASE_DIR, env=env, check=True,
                   capture_output=True, timeout=120)
    return env


def _gunicorn(env, port, workers):
    return subprocess.Popen([str(VENV_BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "--workers", str(workers),
                             "--bind", f"127.0.0.1:{port}", "wsgi:app"], cwd=BASE_DIR, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_gunicorn_refuses_two_workers_with_memory_limits(production_env):
    server = _gunicorn(production_env, _free_port(), workers=2)
    try:
        _out, err = server.communicate(timeout=120)
    finally:
        server.kill()
    assert server.returncode != 0
    assert "RATELIMIT_ALLOW_MEMORY" in err and "2 workers" in err


def test_gunicorn_starts_when_told_and_is_healthy_on_a_fresh_database(production_env):
    """Told explicitly (RATELIMIT_ALLOW_MEMORY=1), two workers start; the start built the empty index."""
    port = _free_port()
    server = _gunicorn({**production_env, "RATELIMIT_ALLOW_MEMORY": "1"}, port, workers=2)
    try:
        request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers={"Host": "passerelle.example"})
        deadline = time.monotonic() + 120  # how long the server may take to start on a busy machine
        while True:
            assert server.poll() is None, server.stderr.read()
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    status, body = response.status, response.read()
                break
            except urllib.error.HTTPError as error:
                status, body = error.code, error.read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert status == 200, body
        assert b'"search":"ok"' in body.replace(b" ", b"")
    finally:
        server.terminate()
        server.communicate(timeout=60)
