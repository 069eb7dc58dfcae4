"""/healthz: 200 with the contract's shape when the database and the index work, 503 naming what fails."""
from pathlib import Path

from app.extensions import db
from tests.search_fixtures import artisan, place, sync  # noqa: F401


def test_healthy(client, place):
    place()
    sync()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"database": "ok", "search": "ok", "outbox_pending": 0}
    assert response.headers["Cache-Control"] == "no-store"


def test_healthy_on_an_empty_index(client):
    sync()
    assert client.get("/healthz").get_json() == {"database": "ok", "search": "ok", "outbox_pending": 0}


def test_pending_outbox_rows_are_counted(app, client, place):
    sync()
    app.config["SEARCH_SYNC_AFTER_COMMIT"] = False
    place()
    place()
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json()["outbox_pending"] == 2


def test_no_index_yet_is_unhealthy(client):
    response = client.get("/healthz")
    assert response.status_code == 503 and response.get_json()["search"] == "unavailable"


def test_a_broken_index_is_unhealthy(app, client, place):
    place()
    sync()
    (Path(app.config["SEARCH_INDEX_DIR"]) / "CURRENT").write_text("gen-disparu\n")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"database": "ok", "search": "unavailable", "outbox_pending": 0}


def test_an_unreachable_database_is_unhealthy(app, client, monkeypatch):
    sync()

    def down(*args, **kwargs):
        raise ConnectionError("connection refused")

    monkeypatch.setattr(db.session, "execute", down)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"database": "unavailable", "search": "ok", "outbox_pending": None}


def test_no_sign_in_needed(client, make_user, login):
    sync()
    assert client.get("/healthz").status_code == 200
    login(make_user("apprentice").email)
    assert client.get("/healthz").status_code == 200
