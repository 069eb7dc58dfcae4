"""The per-commit cache of word sets: a repeated word answers the same, and a new commit is seen at once."""
from datetime import datetime, timezone

import pytest

import app.search.engine.docsets as docsets
from app.search.engine import EngineQuery, apply_changes, forget, rebuild, search


def doc(listing_id, title, description, trade="Boulanger"):
    """A search document as the wiring produces it."""
    return {"kind": "offer", "listing_id": listing_id, "title": title, "trade_label": trade, "trade": trade.lower(), "diploma": "CAP", "description": description, "business_name": "Fournil",
            "departement": "69", "commune": "", "lat": None, "lon": None, "highlighted": False,
            "published_at": datetime(2026, 11, 1, listing_id, tzinfo=timezone.utc)}


@pytest.fixture
def index_dir(tmp_path):
    """An index of three listings."""
    forget()
    path = tmp_path / "index"
    rebuild(path, [doc(1, "Apprenti boulanger", "Pain au levain."), doc(2, "Boulangère en BP", "Viennoiseries."),
                   doc(3, "Pâtissier", "Entremets et levain.", "Pâtissier")], procs=1)
    yield path
    forget()


def ids(index_dir, q):
    """The listing ids found for a text, in order."""
    return [item.listing_id for item in search(index_dir, EngineQuery(q=q)).items]


def test_a_repeated_word_finds_the_same_listings(index_dir):
    first = ids(index_dir, "levain")
    assert sorted(first) == [1, 3]
    assert ids(index_dir, "levain") == first
    assert sorted(ids(index_dir, "boulangères levain")) == [1]


def test_a_new_commit_is_seen_by_a_cached_word(index_dir):
    assert sorted(ids(index_dir, "boulangerie")) == [1, 2]
    apply_changes(index_dir, [doc(4, "Boulangers en alternance", "Four à bois.")], [])
    assert 4 in ids(index_dir, "boulangerie")
    apply_changes(index_dir, [], ["offer:4"])
    assert 4 not in ids(index_dir, "boulangerie")


def test_a_tiny_cache_still_answers_right(index_dir, monkeypatch):
    monkeypatch.setattr(docsets, "UNIT_CACHE_IDS", 1)
    for _ in range(2):
        assert sorted(ids(index_dir, "levain")) == [1, 3]
        assert sorted(ids(index_dir, "boulanger levain")) == [1]
