"""The per-process ticker: an idle node catches up with the shared outbox and writes its view counts by itself."""
import time
from pathlib import Path

import pytest
from werkzeug.datastructures import MultiDict

from app import create_app
from app.extensions import db
from app.models.listing import Listing
from app.models.listing_states import ListingStatus
from app.ops import ticker
from app.search import run_search
from app.search import sync as search_sync
from app.search.params import parse_search_args
from app.services.listings import view_counts
from config import TestingConfig
from tests.conftest import IsolatedClient
from tests.factories import make_business, make_offer

S = ListingStatus
FAST = 0.05  # seconds: the tests poll with a timeout, never sleep a fixed time


def _node(tmp_path: Path, name: str, **settings):
    """An app on the shared SQLite file of tmp_path, with its own index."""

    class Config(TestingConfig):
        INSTANCE_DIR = tmp_path / name
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'shared.db'}"
        SEARCH_INDEX_DIR = str(tmp_path / name / "search-index")
        MAIL_FILE_DIR = str(tmp_path / name / "mail")

    for key, value in settings.items():
        setattr(Config, key, value)
    node = create_app(Config)
    node.test_client_class = IsolatedClient
    return node


def _wait(check, what: str, timeout: float = 10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


@pytest.fixture
def nodes(tmp_path, app):
    """Node A (no ticker) and node B (a fast ticker, not started), on one database; B's ticker stopped at the end."""
    node_a = _node(tmp_path, "a")
    node_b = _node(tmp_path, "b", TICKER_SECONDS=FAST, SEARCH_CATCHUP_SECONDS=FAST, VIEW_COUNT_FLUSH_SECONDS=FAST)
    with node_a.app_context():
        db.create_all()
    yield node_a, node_b
    ticker.stop(node_b)
    with node_a.app_context():
        db.engine.dispose()


def _found(node, q: str) -> list[int]:
    """Ids node's own index finds for q (read straight from the index: no request, so no catch-up)."""
    with node.app_context():
        page = run_search(parse_search_args(MultiDict({"q": q})))
        assert not page.degraded  # B's own index answered, not the SQL fallback
        return [hit.listing.id for hit in page.items]


def test_an_idle_node_applies_the_outbox_without_any_request(nodes, make_user):
    node_a, node_b = nodes
    with node_b.app_context():
        search_sync.drain()  # B's index exists and is up to date: nothing pending
    started = ticker.start(node_b)
    assert started is not None and started.running()
    with node_a.app_context():
        offer = make_offer(make_business(make_user("artisan"), postcode="69100"), S.PUBLISHED,
                           title="Apprenti tapissier", trade="tapissier-d-ameublement")
        offer_id = offer.id
        search_sync.record_change(offer)
        db.session.commit()

    def b_caught_up() -> bool:
        with node_b.app_context():
            return search_sync.pending_count() == 0

    _wait(b_caught_up, "node B's ticker to apply the outbox")
    assert _found(node_b, "tapissier") == [offer_id]
    with node_a.app_context():
        listing = db.session.get(Listing, offer_id)
        listing.status = S.WITHDRAWN
        search_sync.record_change(listing)
        db.session.commit()
    _wait(lambda: _found(node_b, "tapissier") == [], "node B's ticker to remove the withdrawn listing")


def test_the_ticker_writes_the_views_and_keeps_no_connection(nodes, make_user):
    node_a, node_b = nodes
    with node_a.app_context():
        offer = make_offer(make_business(make_user("artisan")), S.PUBLISHED)
        offer_id, path = offer.id, offer.public_path
    started = ticker.start(node_b)
    for _ in range(3):
        assert node_b.test_client().get(path).status_code == 200  # never closed: the ticker writes, not the request

    def written() -> bool:
        with node_a.app_context():
            return db.session.get(Listing, offer_id).views_count == 3

    _wait(written, "node B's ticker to write three views")
    started.stop()
    assert not started.running()
    with node_b.app_context():
        assert db.engine.pool.checkedout() == 0  # each tick gave its connection back


def test_stopping_writes_the_views_left(nodes, make_user):
    node_a, node_b = nodes
    node_b.config["VIEW_COUNT_FLUSH_SECONDS"] = 3600
    with node_a.app_context():
        offer = make_offer(make_business(make_user("artisan")), S.PUBLISHED)
        offer_id = offer.id
    ticker.start(node_b)
    with node_b.app_context():
        view_counts.flush_views_when_due()  # the turn of this hour is taken: only stopping writes now
        view_counts.record_view(db.session.get(Listing, offer_id))
        view_counts.record_view(db.session.get(Listing, offer_id))
    ticker.stop(node_b)  # gunicorn's worker_exit
    with node_a.app_context():
        assert db.session.get(Listing, offer_id).views_count == 2


def test_a_failing_job_is_logged_and_the_ticker_goes_on(nodes, monkeypatch, caplog):
    _node_a, node_b = nodes
    calls = []

    def broken() -> bool:
        calls.append(1)
        raise RuntimeError("index on fire")

    monkeypatch.setattr(ticker, "catch_up_when_due", broken)
    started = ticker.start(node_b)
    _wait(lambda: len(calls) >= 3, "three ticks")
    assert started.running() and "a periodic job failed" in caplog.text


def test_no_ticker_in_commands_nor_without_ticker_seconds(app, client, runner):
    assert ticker.start(app) is None  # TICKER_SECONDS = 0: the tests' default
    app.config["TICKER_SECONDS"] = 3600
    assert runner.invoke(args=["search", "sync"]).exit_code == 0
    assert "ticker" not in app.extensions  # a command serves no request: no thread
    try:
        client.get("/connexion")  # any server's first request starts it (flask run)
        assert app.extensions["ticker"].running()
        assert ticker.start(app) is app.extensions["ticker"]  # one per app and process
    finally:
        ticker.stop(app)
