"""Two gunicorn nodes with their own search indexes share one database: changes on one reach the other in seconds."""
import json
import time
from contextlib import contextmanager
from urllib.parse import urlencode

import pytest
from werkzeug.datastructures import MultiDict

from app import create_app
from app.extensions import db
from app.models.listing_states import ListingStatus
from app.search import pending_count, run_search
from app.search.params import parse_search_args
from app.services.accounts.users import create_account
from app.services.moderation.review import review_token
from config import TestingConfig
from tests.application_factories import PASSWORD
from tests.factories import make_business, make_offer
from tests.helpers_server import Client, Server

CATCHUP = 1


@pytest.fixture
def shared(tmp_path):
    """The shared SQLite file database, created by the test process (a third writer)."""

    class Config(TestingConfig):
        INSTANCE_DIR = tmp_path
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'shared.db'}"
        SEARCH_INDEX_DIR = str(tmp_path / "test-index")

    app = create_app(Config)
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


def _node(tmp_path, url: str, name: str, **config) -> Server:
    root = tmp_path / name
    root.mkdir()
    return Server(root, url, config={"SEARCH_CATCHUP_SECONDS": CATCHUP, **config})


@contextmanager
def _index_of(server: Server, url: str):
    """An app context on the shared database and a node's own index, read from this process: no request to it."""

    class Config(TestingConfig):
        INSTANCE_DIR = server.root / "reader"
        SQLALCHEMY_DATABASE_URI = url
        SEARCH_INDEX_DIR = str(server.root / "search-index")

    reader = create_app(Config)
    with reader.app_context():
        yield
        db.session.remove()


def _json(client: Client, path: str, **params) -> tuple[int, dict]:
    response = client.get(f"{path}?{urlencode(params)}" if params else path)
    return response.status, json.loads(response.text)


def _wait(check, timeout: float, what: str):
    """Poll `check` (a request to a node, which also lets its catch-up run) until it returns a true value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def _login(server: Server, email: str) -> Client:
    client = Client(server)
    response = client.post("/connexion", {"email": email, "password": PASSWORD})
    assert response.status == 302, response.text[:300]
    return client


def _submitted_offer() -> tuple[int, str, str, str]:
    """An offer waiting for review, and its chamber's advisor: (offer id, review token, owner's and advisor's
    addresses); the session is closed so the nodes see a quiet database."""
    artisan = create_account(email="artisan@exemple.fr", password=PASSWORD, role="artisan", confirmed=True)
    offer = make_offer(make_business(artisan, postcode="69003"), ListingStatus.SUBMITTED,
                       title="Apprenti tapissier en siège", trade="tapissier-d-ameublement")
    staff = create_account(email="conseil@exemple.fr", password=PASSWORD, role="staff", confirmed=True,
                           chamber_code=offer.business.chamber.code)
    found = offer.id, review_token(offer), artisan.email, staff.email
    db.session.remove()
    return found


def test_a_listing_published_on_one_node_is_searchable_on_the_other_within_seconds(shared, tmp_path):
    offer_id, token, owner, staff_email = _submitted_offer()
    url = shared.config["SQLALCHEMY_DATABASE_URI"]
    node_a, node_b = _node(tmp_path, url, "a"), _node(tmp_path, url, "b")
    try:
        node_a.start()
        node_b.start()
        reader = Client(node_b)

        def b_health():
            status, body = _json(reader, "/healthz")
            return status == 200 and body["outbox_pending"] == 0

        def b_found() -> tuple[list[int], bool]:
            status, body = _json(reader, "/api/v1/search", q="tapissier")
            assert status == 200, body
            return [item["id"] for item in body["results"]], body["degraded"]

        _wait(b_health, 10, "node B to build its own index")  # the catch-up after its first requests
        assert b_found() == ([], False)

        response = _login(node_a, staff_email).post(f"/moderation/annonces/{offer_id}/decision/publish",
                                                    {"publish-token": token, "publish-action": "publish"})
        assert response.status == 302, response.text[:300]
        published = time.monotonic()
        # Found by node B's own index (degraded False: not the SQL fallback), without any `search sync`.
        _wait(lambda: b_found() == ([offer_id], False), 10, "node B to find the published listing")
        assert time.monotonic() - published < CATCHUP + 4
        assert _json(reader, "/healthz") == (200, {"database": "ok", "search": "ok", "outbox_pending": 0})
        assert _json(Client(node_a), "/healthz")[1]["outbox_pending"] == 0  # node A drained after its own write

        response = _login(node_a, owner).post(f"/espace-artisan/annonces/{offer_id}/withdraw", {"confirm": "1"})
        assert response.status == 302, response.text[:300]
        withdrawn = time.monotonic()
        # Search already hides a listing the database no longer publishes: the outbox mark shows B's index caught up.
        _wait(lambda: b_found() == ([], False) and b_health(), 10, "node B to remove the withdrawn listing")
        assert time.monotonic() - withdrawn < CATCHUP + 4
        assert "Traceback" not in node_a.log() + node_b.log()
    finally:
        node_a.stop()
        node_b.stop()
    assert (tmp_path / "a" / "search-index").is_dir() and (tmp_path / "b" / "search-index").is_dir()


def test_a_node_that_receives_no_request_applies_a_change_made_on_the_other(shared, tmp_path):
    offer_id, token, _, staff_email = _submitted_offer()
    url = shared.config["SQLALCHEMY_DATABASE_URI"]
    node_a, node_b = _node(tmp_path, url, "a"), _node(tmp_path, url, "b", TICKER_SECONDS=0.2)

    def b_index(q: str) -> tuple[int, list[int], bool]:
        """Outbox rows B has not applied, what B's own index finds, and whether the SQL fallback answered instead."""
        with _index_of(node_b, url):
            page = run_search(parse_search_args(MultiDict({"q": q})))
            return pending_count(), [hit.listing.id for hit in page.items], page.degraded

    try:
        node_a.start()
        node_b.start()  # its only request ever: the start-up probe, which also starts its ticker
        _wait(lambda: b_index("tapissier") == (0, [], False), 10, "node B to build its own index")
        response = _login(node_a, staff_email).post(f"/moderation/annonces/{offer_id}/decision/publish",
                                                    {"publish-token": token, "publish-action": "publish"})
        assert response.status == 302, response.text[:300]
        published = time.monotonic()
        _wait(lambda: b_index("tapissier") == (0, [offer_id], False), 10, "node B's ticker to index the listing")
        assert time.monotonic() - published < CATCHUP + 4
        assert "Traceback" not in node_a.log() + node_b.log()
        assert node_b.log().count("passerelle.access") == 1  # the access log: no request reached B but the probe
    finally:
        node_a.stop()
        node_b.stop()
