"""Filtering projects by the partner type they seek: the engine, the API, the search page, the SQL fallback and
saved-search descriptions."""
import re
from pathlib import Path

import pytest
import whoosh.index
from whoosh.fields import ID, Schema

from app.search.engine import EngineQuery, IndexUnavailable, apply_changes, rebuild, search
from tests.search_fixtures import artisan, place, sync  # noqa: F401


def doc(listing_id, kind, partner_types=None, **fields):
    """A minimal search document."""
    return {"kind": kind, "listing_id": listing_id, "title": f"Annonce {listing_id}", "trade": "ebeniste",
            "description": "Création de meubles en chêne massif.", "partner_types": partner_types, **fields}


DOCS = [doc(1, "project", ["designer", "laboratoire"]), doc(2, "project", ["designer"]),
        doc(3, "project", ["financeur"]), doc(4, "project", []), doc(5, "offer")]


@pytest.fixture
def index_dir(tmp_path):
    path = tmp_path / "index"
    rebuild(path, DOCS, procs=1)
    return path


def ids(result):
    return sorted(item.listing_id for item in result.items)


# --- the engine ----------------------------------------------------------------------------------------------------

def test_engine_filters_by_partner_type_or_within_and_with_other_filters(index_dir):
    assert ids(search(index_dir, EngineQuery(partner_types=["designer"]))) == [1, 2]
    assert ids(search(index_dir, EngineQuery(partner_types=["laboratoire", "financeur"]))) == [1, 3]
    assert ids(search(index_dir, EngineQuery(partner_types=["etudiants"]))) == []
    assert ids(search(index_dir, EngineQuery(kinds=["project"], partner_types=["designer"], q="chêne"))) == [1, 2]
    assert ids(search(index_dir, EngineQuery(kinds=["offer"], partner_types=["designer"]))) == []


def test_engine_counts_each_partner_type_over_the_whole_result_set(index_dir):
    assert search(index_dir, EngineQuery()).facets["partner_type"] == {"designer": 2, "financeur": 1,
                                                                       "laboratoire": 1}
    assert search(index_dir, EngineQuery(partner_types=["laboratoire"])).facets["partner_type"] == {
        "designer": 1, "laboratoire": 1}


def test_engine_facets_follow_replaced_and_deleted_documents(index_dir):
    apply_changes(index_dir, [doc(2, "project", ["etudiants"])], ["project:3"])
    assert search(index_dir, EngineQuery()).facets["partner_type"] == {"designer": 1, "etudiants": 1,
                                                                       "laboratoire": 1}


def test_an_index_of_an_older_schema_is_outdated_until_rebuilt(tmp_path):
    root = tmp_path / "index"
    rebuild(root, DOCS, procs=1)
    old = root / "gen-old"
    old.mkdir()
    whoosh.index.create_in(str(old), Schema(key=ID(stored=True, unique=True), kind=ID(stored=True)))
    (root / "CURRENT").write_text("gen-old\n")
    with pytest.raises(IndexUnavailable, match="outdated schema"):
        search(root, EngineQuery())
    with pytest.raises(IndexUnavailable, match="outdated schema"):
        apply_changes(root, [doc(6, "project", ["designer"])], [])
    rebuild(root, DOCS, procs=1)
    assert ids(search(root, EngineQuery(partner_types=["designer"]))) == [1, 2]


# --- over HTTP ---------------------------------------------------------------------------------------------------

@pytest.fixture
def projects(place):
    """Three published projects seeking different partners, and an offer."""
    return {"designer": place(kind="project", title="Chaise en frêne avec un designer",
                              partner_types=["designer", "financeur"]),
            "labo": place(kind="project", title="Céramique et laboratoire", partner_types=["laboratoire"]),
            "none": place(kind="project", title="Projet sans partenaire", partner_types=[]),
            "offer": place(title="Apprenti boulanger")}


def api(client, *params, status=200):
    response = client.get("/api/v1/search", query_string=list(params))
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()


def test_api_filters_by_partner_type_repeated_for_or_and_counts_them(client, projects):
    sync()
    found = api(client, ("partner_type", "designer"))
    assert [item["id"] for item in found["results"]] == [projects["designer"].id]
    either = api(client, ("partner_type", "designer"), ("partner_type", "Laboratoire ou école"))
    assert {item["id"] for item in either["results"]} == {projects["designer"].id, projects["labo"].id}
    everything = api(client, ("type", "project"))
    assert everything["total"] == 3
    assert everything["facets"]["partner_type"] == {"designer": 1, "financeur": 1, "laboratoire": 1}
    assert either["facets"]["partner_type"] == {"designer": 1, "financeur": 1, "laboratoire": 1}


def test_api_refuses_an_unknown_partner_type_in_french(client, projects):
    error = api(client, ("partner_type", "plombier"), status=400)["error"]
    assert error["code"] == "invalid_parameter" and error["field"] == "partner_type"
    assert error["message"].startswith("Type de partenaire inconnu : « plombier ». Valeurs possibles : designer")


def test_the_sql_fallback_filters_by_partner_type_too(app, client, projects):
    sync()
    (Path(app.config["SEARCH_INDEX_DIR"]) / "CURRENT").write_text("cassé")
    found = api(client, ("partner_type", "laboratoire"), ("partner_type", "financeur"))
    assert found["degraded"] is True
    assert {item["id"] for item in found["results"]} == {projects["designer"].id, projects["labo"].id}


def test_openapi_documents_the_partner_type_parameter(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    [parameter] = [p for p in spec["paths"]["/search"]["get"]["parameters"] if p["name"] == "partner_type"]
    assert parameter["schema"]["items"]["enum"][:2] == ["designer", "laboratoire"] and parameter["explode"]


def page(client, *params, status=200):
    response = client.get("/recherche", query_string=list(params))
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    return response.get_data(as_text=True)


def test_the_page_shows_partner_checkboxes_when_projects_are_searched(client, projects):
    sync()
    assert "Partenaire recherché" not in page(client)  # offers and projects: offers seek no partner
    text = page(client, ("type", "project"))
    assert "<legend>Partenaire recherché</legend>" in text
    assert re.search(r'name="partner_type" value="laboratoire" id="partner_type-\d+">\s*<label[^>]*>'
                     r'Laboratoire ou école <span class="count">\(1\)', text)
    filtered = page(client, ("type", "project"), ("partner_type", "designer"))
    assert "<strong>1 projet</strong>" in filtered and "Chaise en frêne avec un designer" in filtered
    assert "Céramique et laboratoire" not in filtered
    assert re.search(r'value="designer" id="partner_type-\d+" checked', filtered)


def test_the_page_refuses_an_unknown_partner_type_next_to_the_field(client, projects):
    text = page(client, ("type", "project"), ("partner_type", "sorcier"), status=400)
    assert re.search(r'href="#filtre-partner_type">Type de partenaire inconnu\s:\s«\ssorcier\s»', text)


def test_a_saved_search_describes_the_partner_types(client, mailbox, projects):
    sync()
    response = client.post("/alertes/nouvelle", data={
        "query": "type=project&partner_type=designer&partner_type=laboratoire", "email": "lea@exemple.fr",
        "frequency": "daily"})
    assert response.status_code == 302
    body = mailbox()[-1].get_content()
    assert "projets d’innovation · partenaire recherché : designer ou laboratoire ou école" in body


def outdate(app):
    """Point the app's index at a generation built with an older schema (no partner_type field)."""
    root = Path(app.config["SEARCH_INDEX_DIR"])
    old = root / "gen-old"
    old.mkdir()
    whoosh.index.create_in(str(old), Schema(key=ID(stored=True, unique=True), kind=ID(stored=True)))
    (root / "CURRENT").write_text("gen-old\n")


def test_an_outdated_index_answers_with_sql_until_the_sync_rebuilds_it(app, client, runner, projects):
    sync()
    outdate(app)
    degraded = api(client, ("partner_type", "laboratoire"))
    assert degraded["degraded"] is True and [item["id"] for item in degraded["results"]] == [projects["labo"].id]
    result = runner.invoke(args=["search", "sync"])
    assert result.exit_code == 0, result.output
    rebuilt = api(client, ("partner_type", "laboratoire"))
    assert not rebuilt.get("degraded") and rebuilt["facets"]["partner_type"] == {"laboratoire": 1}


def test_search_reindex_replaces_an_outdated_index(app, client, runner, projects):
    sync()
    outdate(app)
    assert runner.invoke(args=["search", "reindex"]).exit_code == 0
    assert not api(client, ("type", "project")).get("degraded")
