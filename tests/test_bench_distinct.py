"""The distinct-query benchmark does not rot: its generator yields distinct queries of every kind, and the FTS5
(and, on PostgreSQL, the PostgreSQL) baselines answer each with a total."""
import os
from datetime import datetime, timedelta

import pytest

from bench.baselines import Fts5, Postgres, document_of
from bench.queries import KINDS, QueryGenerator, misspell

TITLES = ("Apprenti boulanger en alternance", "Apprentie coiffeuse couleur balayage",
          "Boulangerie levain bio recherche apprentie", "Électricien panneaux solaires, CAP",
          "Pâtissier chocolatier pour desserts de fête", "Coiffure mixte au cœur du quartier")
PLACES = (("69003", "69", 45.76, 4.85), ("75011", "75", 48.86, 2.38), ("33000", "33", 44.84, -0.58))


def rows(count=60):
    """Listings rows as bench.baselines.load_rows() yields them."""
    start = datetime(2026, 11, 1)
    result = []
    for i in range(count):
        postcode, departement, lat, lon = PLACES[i % len(PLACES)]
        trade = ("boulanger", "coiffeur", "electricien")[i % 3]
        result.append((i + 1, TITLES[i % len(TITLES)], trade, f"{TITLES[(i + 2) % len(TITLES)]} ; contrat numéro {i}",
                       f"Atelier {i}", "offer" if i % 4 else "project", trade, "CAP" if i % 2 else "",
                       departement, i % 10 == 0, start + timedelta(hours=i), lat + i / 1000, lon, postcode))
    return result


def test_the_generator_yields_distinct_queries_of_every_kind():
    queries = QueryGenerator([document_of(r) for r in rows()]).generate(160)
    assert len({q.query_string for q in queries}) == 160
    assert {q.kind for q in queries} == set(KINDS)
    assert all(q.get("page") in ("2", "3", "4", "5") for q in queries if q.kind == "pages 2-5")
    assert all(q.get("near") and q.get("radius_km") for q in queries if q.kind == "near + radius")


def test_a_misspelt_word_differs_from_the_word_by_one_edit():
    import random

    rng = random.Random(1)
    spelt = {misspell("boulangerie", rng) for _ in range(30)}
    assert "boulangerie" not in spelt and all(abs(len(w) - len("boulangerie")) <= 1 for w in spelt)


def test_every_query_is_valid_for_the_api(client):
    for query in QueryGenerator([document_of(r) for r in rows()]).generate(80):
        response = client.get(f"/api/v1/search?{query.query_string}")
        assert response.status_code == 200, (query.query_string, response.get_json())


def test_fts5_answers_every_kind_with_its_total(tmp_path, app):
    data = rows()
    fts5 = Fts5(tmp_path / "fts5.db", data)
    try:
        queries = QueryGenerator([document_of(r) for r in data]).generate(80)
        totals = {q.query_string: fts5.search(q) for q in queries}
        assert all(isinstance(t, int) and 0 <= t <= len(data) for t in totals.values())
        from bench.queries import Query

        assert fts5.search(Query("one word", [("q", "boulanger")])) == 30  # trade (i % 3 == 0) or description (i % 6 == 4)
        assert fts5.search(Query("filters", [("type", "project")])) == 15
    finally:
        fts5.close()


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgresql"),
                    reason="PostgreSQL baseline: needs DATABASE_URL on PostgreSQL")
def test_postgresql_answers_every_kind_with_its_total(app):
    from bench.queries import Query

    data = rows()
    pg = Postgres(os.environ["DATABASE_URL"], data)
    try:
        for query in QueryGenerator([document_of(r) for r in data]).generate(80):
            assert 0 <= pg.search(query) <= len(data)
        assert pg.search(Query("filters", [("type", "project")])) == 15
    finally:
        pg.close()
