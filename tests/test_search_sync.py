"""Durable search sync: changes reach the index after commit, survive a locked, read-only or broken index, a crash
between commit and indexing, and several nodes each with its own index."""
import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import create_app
from app.core.time import utcnow
from app.extensions import db
from app.models.listing_states import ListingStatus
from app.models.search_outbox import SearchOutboxEntry
from app.search import sync as search_sync
from app.search.engine import IndexBusy, IndexUnavailable, forget
from app.search.engine.index import open_index
from app.services.businesses.profiles import set_highlight
from config import BASE_DIR, TestingConfig
from tests.conftest import IsolatedClient
from tests.search_fixtures import artisan, found_ids, place, publish_over_http, sync, withdraw_over_http  # noqa: F401

S = ListingStatus


def _outbox_count() -> int:
    return db.session.scalar(select(func.count()).select_from(SearchOutboxEntry))


def test_a_change_writes_its_outbox_row_in_the_same_transaction(app, place):
    offer = place(status=S.DRAFT)
    before = _outbox_count()
    offer.title = "Titre jamais enregistré"
    search_sync.record_change(offer)
    db.session.rollback()
    assert _outbox_count() == before  # rolled back with the change
    search_sync.record_change(offer)
    db.session.commit()
    assert _outbox_count() == before + 1


def test_a_listing_published_by_staff_is_found_at_once(client, login, make_user, place):
    sync()
    offer = place("69003", status=S.SUBMITTED, title="Apprenti pâtissier (H/F)", trade="patissier")
    assert found_ids(client, q="patisserie") == []
    response = publish_over_http(client, login, make_user, offer)
    assert response.status_code == 302
    answer = client.get("/api/v1/search", query_string={"q": "pâtissière"}).get_json()
    assert [item["id"] for item in answer["results"]] == [offer.id]
    assert answer["degraded"] is False
    assert client.get("/healthz").get_json()["outbox_pending"] == 0


def test_a_withdrawn_listing_leaves_the_results_at_once(client, login, place):
    offer = place(title="Apprenti ébéniste", trade="ebeniste")
    sync()
    assert found_ids(client, q="ebeniste") == [offer.id]
    assert withdraw_over_http(client, login, offer).status_code == 302
    assert found_ids(client, q="ebeniste") == []
    assert client.get("/api/v1/search", query_string={"q": "ebeniste"}).get_json()["degraded"] is False


def test_a_locked_index_delays_indexing_but_never_the_publication(app, client, runner, login, make_user, place):
    app.config["SEARCH_SYNC_LOCK_TIMEOUT"] = 0.2
    shown = place(title="Apprenti boulanger du quartier")
    sync()
    waiting = place(status=S.SUBMITTED, title="Apprenti chocolatier", trade="chocolatier")
    writer = open_index(app.config["SEARCH_INDEX_DIR"]).writer()  # another process holds the write lock
    try:
        assert publish_over_http(client, login, make_user, waiting).status_code == 302
        db.session.refresh(waiting)
        assert waiting.status == S.PUBLISHED  # committed although the index could not be written
        assert withdraw_over_http(client, login, shown).status_code == 302
        # Search still answers from the index; the withdrawn listing is never shown as open.
        answer = client.get("/api/v1/search").get_json()
        assert answer["degraded"] is False
        assert shown.id not in [item["id"] for item in answer["results"]]
        assert client.get("/healthz").get_json()["outbox_pending"] >= 2
        failed = runner.invoke(args=["search", "sync"])
        assert failed.exit_code != 0 and "occupé" in failed.output
    finally:
        writer.cancel()
    result = runner.invoke(args=["search", "sync"])
    assert result.exit_code == 0, result.output
    assert "3 modification(s) appliquée(s)" in result.output  # creation, publication, withdrawal
    assert found_ids(client, q="chocolatier") == [waiting.id]
    assert found_ids(client) == [waiting.id]
    assert client.get("/healthz").get_json()["outbox_pending"] == 0


def test_a_read_only_index_keeps_changes_for_the_next_sync(app, client, runner, login, make_user, place, monkeypatch):
    sync()
    offer = place(status=S.SUBMITTED, title="Apprenti fleuriste", trade="fleuriste")

    def read_only(*args, **kwargs):
        raise IndexUnavailable("Read-only file system")

    monkeypatch.setattr(search_sync, "apply_changes", read_only)
    assert publish_over_http(client, login, make_user, offer).status_code == 302
    assert found_ids(client, q="fleuriste") == []
    assert client.get("/healthz").get_json()["outbox_pending"] >= 1
    monkeypatch.undo()
    assert runner.invoke(args=["search", "sync"]).exit_code == 0
    assert found_ids(client, q="fleuriste") == [offer.id]


def test_rows_left_by_a_crash_between_commit_and_indexing_are_applied_by_sync(app, client, runner, login,
                                                                              make_user, place):
    sync()
    offer = place(status=S.SUBMITTED, title="Apprentie coiffeuse", trade="coiffeur")
    app.config["SEARCH_SYNC_AFTER_COMMIT"] = False  # the process dies right after the commit
    assert publish_over_http(client, login, make_user, offer).status_code == 302
    assert found_ids(client, q="coiffeuse") == []
    assert client.get("/healthz").get_json()["outbox_pending"] >= 1
    result = runner.invoke(args=["search", "sync"])
    assert result.exit_code == 0 and "modification(s) appliquée(s)" in result.output
    assert found_ids(client, q="coiffeuse") == [offer.id]
    assert client.get("/healthz").get_json()["outbox_pending"] == 0


def _break_pointer(index_dir: Path) -> None:
    (index_dir / "CURRENT").write_text("n’importe quoi\n")


def _garble_files(index_dir: Path) -> None:
    for path in index_dir.glob("gen-*/**/*"):
        if path.is_file():  # Whoosh's files and the flat postings beside them
            path.write_bytes(b"\x00garbage" * 64)
    forget(index_dir)  # as after a restart: no searcher opened before the damage


@pytest.mark.parametrize("damage", [_break_pointer, _garble_files])
def test_a_corrupted_index_degrades_search_then_reindex_repairs_it(app, client, runner, place, damage):
    offer = place(title="Apprenti maçon", trade="macon")
    sync()
    damage(Path(app.config["SEARCH_INDEX_DIR"]))
    answer = client.get("/api/v1/search", query_string={"q": "maçon"})
    assert answer.status_code == 200
    assert answer.get_json()["degraded"] is True
    assert [item["id"] for item in answer.get_json()["results"]] == [offer.id]  # plain SQL still finds it
    health = client.get("/healthz")
    assert health.status_code == 503 and health.get_json()["search"] == "unavailable"
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "1 annonce(s) indexée(s) en" in result.output
    answer = client.get("/api/v1/search", query_string={"q": "macon"}).get_json()
    assert answer["degraded"] is False and [item["id"] for item in answer["results"]] == [offer.id]
    assert client.get("/healthz").status_code == 200


def test_highlighting_a_business_reaches_its_listings_in_the_index(app, client, make_user, place):
    offer = place("35000", commune="Rennes", title="Apprenti boucher", trade="boucher")
    sync()
    assert found_ids(client, highlighted="1") == []
    set_highlight(offer.business, make_user("staff", chamber_code="BRE"), True, commitments=["circuit-court"])
    sync()
    assert found_ids(client, highlighted="1") == [offer.id]


def test_a_rebuilt_index_carries_the_outbox_position_of_its_snapshot(app, client, runner, place):
    place(title="Apprenti glacier", trade="glacier")
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    state = json.loads((Path(app.config["SEARCH_INDEX_DIR"]) / search_sync.STATE_FILE).read_text())
    assert state["position"] == db.session.scalar(select(func.max(SearchOutboxEntry.id)))
    assert client.get("/healthz").get_json() == {"database": "ok", "search": "ok", "outbox_pending": 0}


def test_ids_committed_out_of_order_are_not_skipped(app, client, place):
    """On PostgreSQL an earlier id may commit after a later one: the node keeps it as a gap and applies it."""
    first = place(title="Apprenti menuisier", trade="menuisier")
    late = place(title="Apprenti carreleur", trade="carreleur")
    sync()
    top = db.session.scalar(select(func.max(SearchOutboxEntry.id)))
    db.session.add(SearchOutboxEntry(id=top + 2, listing_id=first.id, kind="offer"))
    db.session.commit()
    late.status = S.WITHDRAWN
    db.session.commit()  # the row of this change (top + 1) commits after row top + 2 was applied
    assert sync() == 1
    assert found_ids(client, q="carreleur") == []  # the DB re-check hides it...
    assert search_sync.read_state(Path(app.config["SEARCH_INDEX_DIR"])).gaps.keys() == {top + 1}
    db.session.add(SearchOutboxEntry(id=top + 1, listing_id=late.id, kind="offer"))
    db.session.commit()
    assert sync() == 1  # ...and the late row removes it from the index
    state = search_sync.read_state(Path(app.config["SEARCH_INDEX_DIR"]))
    assert state.position == top + 2 and state.gaps == {}
    assert client.get("/healthz").get_json()["outbox_pending"] == 0


def test_sync_prune_deletes_old_rows_but_the_newest(app, runner, place):
    place()
    place()
    sync()
    for entry in db.session.scalars(select(SearchOutboxEntry)):
        entry.created_at = utcnow() - timedelta(days=10)
    db.session.commit()
    result = runner.invoke(args=["search", "sync", "--prune"])
    assert result.exit_code == 0, result.output
    assert "0 modification(s) appliquée(s)" in result.output
    assert "supprimée(s) de l’outbox" in result.output
    assert _outbox_count() == 1


def _node(tmp_path: Path, database_url: str, name: str):
    class Config(TestingConfig):
        INSTANCE_DIR = tmp_path / name
        SQLALCHEMY_DATABASE_URI = database_url
        SEARCH_INDEX_DIR = str(tmp_path / name / "search-index")
        MAIL_FILE_DIR = str(tmp_path / name / "mail")

    node = create_app(Config)
    node.test_client_class = IsolatedClient
    return node


def test_two_nodes_with_their_own_index_catch_up_from_the_shared_outbox(app, tmp_path, make_user):
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    node_a, node_b = _node(tmp_path, url, "a"), _node(tmp_path, url, "b")
    with node_a.app_context():
        db.create_all()
        from tests.factories import make_business, make_offer

        owner = make_user("artisan")
        offer = make_offer(make_business(owner, postcode="69100"), S.PUBLISHED, title="Apprenti tapissier",
                           trade="tapissier-d-ameublement")
        offer_id = offer.id
    for node in (node_a, node_b):
        with node.app_context():
            result = node.test_cli_runner().invoke(args=["search", "sync"])
            assert result.exit_code == 0, result.output
            assert node.test_client().get("/healthz").get_json()["outbox_pending"] == 0
            assert found_ids(node.test_client(), q="tapissier") == [offer_id]
    with node_a.app_context():
        from app.models.listing import Listing

        db.session.get(Listing, offer_id).status = S.WITHDRAWN
        db.session.commit()
        search_sync.record_change(db.session.get(Listing, offer_id))
        db.session.commit()
    with node_b.app_context():
        assert node_b.test_client().get("/healthz").get_json()["outbox_pending"] == 1
    for node in (node_a, node_b):
        with node.app_context():
            assert node.test_cli_runner().invoke(args=["search", "sync"]).exit_code == 0
            client = node.test_client()
            assert client.get("/healthz").get_json() == {"database": "ok", "search": "ok", "outbox_pending": 0}
            answer = client.get("/api/v1/search", query_string={"q": "tapissier"}).get_json()
            assert answer["total"] == 0 and answer["degraded"] is False


def test_a_node_in_another_process_brings_its_own_index_up_to_date(app, tmp_path, make_user):
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    node_a = _node(tmp_path, url, "a")
    with node_a.app_context():
        db.create_all()
        from tests.factories import make_business, make_offer

        offer_id = make_offer(make_business(make_user("artisan"), postcode="33000"), S.PUBLISHED,
                              title="Apprenti luthier", trade="luthier").id
        assert found_ids(node_a.test_client(), q="luthier") == [offer_id]  # degraded SQL or index alike
    env = {**os.environ, "DATABASE_URL": url, "SEARCH_INDEX_DIR": str(tmp_path / "b" / "index"),
           "PASSERELLE_INSTANCE_DIR": str(tmp_path / "b"), "PASSERELLE_ENV": "development"}
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    done = subprocess.run([*flask, "search", "sync"], cwd=BASE_DIR, env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Index absent : reconstruit avec 1 annonce(s)." in done.stdout
    node_b = _node(tmp_path, url, "b")
    node_b.config["SEARCH_INDEX_DIR"] = env["SEARCH_INDEX_DIR"]
    with node_b.app_context():
        client = node_b.test_client()
        assert client.get("/healthz").get_json() == {"database": "ok", "search": "ok", "outbox_pending": 0}
        answer = client.get("/api/v1/search", query_string={"q": "luthier"}).get_json()
        assert answer["degraded"] is False and [item["id"] for item in answer["results"]] == [offer_id]


def test_a_listings_import_command_indexes_what_it_imported(app, tmp_path):
    from tests.factories import make_siret

    url = f"sqlite:///{tmp_path / 'shared.db'}"
    with _node(tmp_path, url, "a").app_context():
        db.create_all()
    line = {"type": "offer", "external_id": "cma-ara-000001", "title": "Apprenti glacier (H/F)", "status": "published",
            "description": "Sorbets et crèmes glacées de saison : vous apprenez le métier de glacier.",
            "trade": "Glacier", "diploma": "CAP", "business": {"siret": make_siret(), "name": "Glaces du Rhône",
                                                                "postcode": "69003"}}
    (tmp_path / "import.jsonl").write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    env = {**os.environ, "DATABASE_URL": url, "SEARCH_INDEX_DIR": str(tmp_path / "c" / "index"),
           "PASSERELLE_INSTANCE_DIR": str(tmp_path / "c"), "PASSERELLE_ENV": "development"}
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "listings", "import",
                           str(tmp_path / "import.jsonl")], cwd=BASE_DIR, env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    node_c = _node(tmp_path, url, "c")
    node_c.config["SEARCH_INDEX_DIR"] = env["SEARCH_INDEX_DIR"]
    with node_c.app_context():
        answer = node_c.test_client().get("/api/v1/search", query_string={"q": "glacier"}).get_json()
        assert answer["degraded"] is False and answer["total"] == 1
        assert node_c.test_client().get("/healthz").get_json()["outbox_pending"] == 0


def test_a_node_that_only_reads_catches_up_at_most_once_per_interval(app, tmp_path, make_user, monkeypatch):
    from app.core import throttle
    from app.models.listing import Listing
    from app.search import catchup as search_catchup
    from tests.factories import make_business, make_offer

    clock = [1000.0]
    monkeypatch.setattr(throttle, "clock", lambda: clock[0])
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    node_a, node_b = _node(tmp_path, url, "a"), _node(tmp_path, url, "b")
    node_b.config["SEARCH_CATCHUP_SECONDS"] = 2
    with node_a.app_context():
        db.create_all()
        offer_id = make_offer(make_business(make_user("artisan"), postcode="69100"), S.PUBLISHED,
                              title="Apprenti tapissier", trade="tapissier-d-ameublement").id
    with node_b.app_context():
        client = node_b.test_client()
        client.get("/connexion").close()  # the catch-up runs when the response is closed, i.e. sent
        assert search_sync.pending_count() == 0
        assert found_ids(client, q="tapissier") == [offer_id]
    with node_a.app_context():
        listing = db.session.get(Listing, offer_id)
        listing.status = S.WITHDRAWN
        search_sync.record_change(listing)
        db.session.commit()
    with node_b.app_context():
        client.get("/connexion").close()
        assert search_sync.pending_count() == 1  # within the interval: no second look at the outbox
        clock[0] += 2
        warnings = []
        monkeypatch.setattr(search_sync, "drain", lambda **_: (_ for _ in ()).throw(IndexBusy("held")))
        monkeypatch.setattr(search_catchup.log, "warning", lambda *args: warnings.append(args))
        response = client.get("/connexion")
        response.close()
        assert response.status_code == 200 and search_sync.pending_count() == 1
        assert len(warnings) == 1  # logged; the next catch-up retries
        monkeypatch.undo()
        monkeypatch.setattr(throttle, "clock", lambda: clock[0])
        clock[0] += 2
        client.get("/connexion").close()
        assert search_sync.pending_count() == 0
        assert client.get("/api/v1/search", query_string={"q": "tapissier"}).get_json()["total"] == 0
