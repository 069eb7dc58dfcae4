"""The public JSON API as CONTRACT.md describes it: search parameters, answers, facets, distances, errors, listings."""
import json
from collections import Counter

import pytest

from app.extensions import db
from app.geo import distance_km, resolve_place
from app.models.listing import Listing
from app.models.listing_states import ListingStatus
from tests.search_fixtures import artisan, found_ids, place, sync  # noqa: F401

S = ListingStatus
PASTRY = "Au laboratoire, vous apprenez la pâtisserie : entremets, viennoiseries, chocolat et tartes du jour."
BREAD = "Au fournil, vous apprenez le pain au levain, les viennoiseries et la cuisson au feu de bois."


@pytest.fixture
def listings(place):
    """Published pastry offers in Lyon 3e, Villeurbanne and Paris, bakery offers, a project; and hidden ones."""
    made = {
        "lyon": place("69003", title="Apprenti pâtissier (H/F) – CAP", trade="patissier", diploma="CAP",
                      description=PASTRY, days_ago=1),
        "villeurbanne": place("69100", title="Apprentie pâtissière en BP", trade="patissier", diploma="BP",
                              description=PASTRY, days_ago=3),
        "paris": place("75011", title="Pâtisserie de quartier : apprenti CAP", trade="patissier", diploma="CAP",
                       description=PASTRY, days_ago=2),
        "lyon_bread": place("69003", title="Apprenti boulanger", trade="boulanger", diploma="CAP",
                            description=BREAD, days_ago=5, highlighted=True, business_name="Fournil des Pentes"),
        "marseille_bread": place("13001", title="Boulanger en BP", trade="boulanger", diploma="BP",
                                 description=BREAD, days_ago=4),
        "project": place("35000", commune="Rennes", kind="project", days_ago=6),
        "draft": place("69003", status=S.DRAFT, title="Pâtissier brouillon", trade="patissier",
                       description=PASTRY),
        "withdrawn": place("69003", status=S.WITHDRAWN, title="Pâtissier retiré", trade="patissier",
                           description=PASTRY),
    }
    sync()
    return {name: listing.id for name, listing in made.items()}


def search(client, **params) -> dict:
    response = client.get("/api/v1/search", query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_done_when_pastry_around_lyon_3e_nearest_first_with_counts(client, listings):
    answer = search(client, q="patisserie", near="69003", radius_km="20", sort="distance")
    assert [item["id"] for item in answer["results"]] == [listings["lyon"], listings["villeurbanne"]]
    assert answer["total"] == 2 and answer["degraded"] is False
    assert answer["facets"]["trade"] == {"Pâtissier": 2}
    assert answer["facets"]["diploma"] == {"BP": 1, "CAP": 1}
    assert answer["facets"]["type"] == {"offer": 2}
    lyon, villeurbanne = answer["results"]
    assert lyon["distance_km"] <= 2  # filed under Lyon, measured from the 3rd arrondissement (near=69003)
    expected = distance_km(resolve_place("69003")[0].lat, resolve_place("69003")[0].lon,
                           resolve_place("69100")[0].lat, resolve_place("69100")[0].lon)
    assert villeurbanne["distance_km"] == round(expected, 1)
    assert 2 <= villeurbanne["distance_km"] <= 6
    assert "<mark>" in lyon["snippet"]


def test_a_result_has_the_contract_shape(client, listings):
    answer = search(client, q="boulanger", highlighted="1")
    assert set(answer) >= {"total", "page", "per_page", "pages", "results", "facets", "suggestion"}
    (item,) = answer["results"]
    assert set(item) >= {"id", "type", "external_id", "title", "url", "trade", "diploma", "business",
                         "published_at", "distance_km", "snippet"}
    assert item["type"] == "offer" and item["trade"] == "Boulanger" and item["diploma"] == "CAP"
    assert item["url"].startswith(f"/offres/{listings['lyon_bread']}-")
    assert item["business"] == {"name": "Fournil des Pentes", "siret": item["business"]["siret"], "commune": "Lyon",
                                "postcode": "69003", "departement": "69", "highlighted": True}
    assert item["published_at"] == "2026-09-26T09:00:00+00:00"
    assert item["distance_km"] is None
    assert "contact_email" not in json.dumps(answer)


@pytest.mark.parametrize("params, expected", [
    ({}, {"lyon", "villeurbanne", "paris", "lyon_bread", "marseille_bread", "project"}),
    ({"type": "project"}, {"project"}),
    ({"type": "offer", "q": "boulanger"}, {"lyon_bread", "marseille_bread"}),
    ({"trade": "Boulanger"}, {"lyon_bread", "marseille_bread"}),
    ({"trade": "boulanger"}, {"lyon_bread", "marseille_bread"}),
    ({"trade": "PATISSIER"}, {"lyon", "villeurbanne", "paris"}),
    ({"trade": ["Pâtissier", "boulanger"]}, {"lyon", "villeurbanne", "paris", "lyon_bread", "marseille_bread"}),
    ({"diploma": "BP"}, {"villeurbanne", "marseille_bread"}),
    ({"diploma": ["bp", "CAP"], "trade": "boulanger"}, {"lyon_bread", "marseille_bread"}),
    ({"departement": "69"}, {"lyon", "villeurbanne", "lyon_bread"}),
    ({"departement": ["75", "13"]}, {"paris", "marseille_bread"}),
    ({"departement": "69", "trade": "patissier", "diploma": "CAP"}, {"lyon"}),
    ({"highlighted": "1"}, {"lyon_bread"}),
    ({"near": "69003", "radius_km": "2"}, {"lyon", "lyon_bread"}),  # Lyon's centre, 1.5 km from the 3rd
    ({"near": "69003"}, {"lyon", "villeurbanne", "lyon_bread"}),
    ({"near": "69123", "radius_km": "200"}, {"lyon", "villeurbanne", "lyon_bread"}),
    ({"near": "13001", "radius_km": "200", "q": "viennoiseries"}, {"marseille_bread"}),
    ({"q": "pâtissière", "departement": "75"}, {"paris"}),
    ({"q": "ebeniste"}, {"project"}),
])
def test_each_filter_and_their_combinations(client, listings, params, expected):
    assert set(found_ids(client, per_page=100, **params)) == {listings[name] for name in expected}


@pytest.mark.parametrize("params", [{}, {"q": "apprenti"}, {"departement": "69"}, {"trade": ["patissier", "boulanger"]},
                                    {"near": "69003", "radius_km": "30"}, {"diploma": "CAP", "type": "offer"}])
def test_facets_count_the_whole_result_set_not_the_page(client, listings, params):
    everything = search(client, per_page=100, **params)
    page = search(client, per_page=1, **params)
    results = everything["results"]
    assert page["total"] == everything["total"] == len(results)
    expected = {
        "type": Counter(item["type"] for item in results),
        "trade": Counter(item["trade"] for item in results if item["trade"]),
        "diploma": Counter(item["diploma"] for item in results if item["diploma"]),
        "departement": Counter(item["business"]["departement"] for item in results),
        "partner_type": Counter(value for item in results
                                for value in getattr(db.session.get(Listing, item["id"]), "partner_types", None) or ()),
    }
    assert page["facets"] == {name: dict(counts) for name, counts in expected.items()}


def test_sort_by_date_newest_first(client, listings):
    answer = search(client, sort="date")
    dates = [item["published_at"] for item in answer["results"]]
    assert dates == sorted(dates, reverse=True)
    assert answer["results"][0]["id"] == listings["lyon"]


def test_sort_by_distance_nearest_first(client, listings):
    answer = search(client, near="69100", radius_km="200", sort="distance")
    distances = [item["distance_km"] for item in answer["results"]]
    assert distances == sorted(distances) and distances[0] == 0.0
    assert answer["results"][0]["id"] == listings["villeurbanne"]


@pytest.mark.parametrize("params", [{}, {"sort": "date"}, {"q": "apprenti"},
                                    {"near": "69003", "radius_km": "200", "sort": "distance"}])
def test_pages_have_no_duplicates_and_miss_nothing(client, listings, params):
    first = search(client, per_page=2, **params)
    seen = []
    for page in range(1, first["pages"] + 1):
        answer = search(client, per_page=2, page=page, **params)
        assert answer["page"] == page and answer["per_page"] == 2 and len(answer["results"]) <= 2
        seen += [item["id"] for item in answer["results"]]
    assert len(seen) == len(set(seen)) == first["total"]
    assert search(client, per_page=2, page=first["pages"] + 1, **params)["results"] == []


def test_hidden_listings_are_never_found(client, listings):
    ids = found_ids(client, q="pâtissier", per_page=100)
    assert listings["draft"] not in ids and listings["withdrawn"] not in ids


def test_misspelt_words_get_a_suggestion(client, listings):
    assert search(client, q="boulangre")["suggestion"] == "boulanger"
    assert search(client, q="boulanger")["suggestion"] is None


@pytest.mark.parametrize("params, field", [
    ({"near": "99999"}, "near"),
    ({"near": "Lyon"}, "near"),
    ({"radius_km": "abc"}, "radius_km"),
    ({"near": "69003", "radius_km": "500"}, "radius_km"),
    ({"page": "0"}, "page"),
    ({"page": "-1"}, "page"),
    ({"page": "deux"}, "page"),
    ({"sort": "popularite"}, "sort"),
    ({"sort": "distance"}, "sort"),
    ({"per_page": "500"}, "per_page"),
    ({"per_page": "0"}, "per_page"),
    ({"type": "emploi"}, "type"),
    ({"trade": "astronaute"}, "trade"),
    ({"diploma": "Doctorat"}, "diploma"),
    ({"departement": "999"}, "departement"),
    ({"highlighted": "peut-être"}, "highlighted"),
])
def test_bad_parameters_answer_400_with_the_error_shape(client, listings, params, field):
    response = client.get("/api/v1/search", query_string=params)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid_parameter" and error["field"] == field
    assert len(error["message"]) > 10 and error["message"].endswith(".")


@pytest.mark.parametrize("q", ["title:(", "NOT NOT a", "*", '"', "\\", "a\x00b", "\x00", "x" * 5000, "é" * 5000,
                               "pâtissier " * 600, "100%", "_", "(((", "AND OR NOT", "patisserie~2", "field:value^3",
                               "'; DROP TABLE listings; --", "<script>alert(1)</script>"])
def test_any_query_string_is_valid(client, listings, q):
    answer = search(client, q=q)
    assert isinstance(answer["results"], list)


def test_the_answer_is_utf8_json(client, listings):
    response = client.get("/api/v1/search", query_string={"trade": "patissier"})
    assert response.mimetype == "application/json"
    assert "Pâtissier".encode() in response.data


def test_a_published_offer_with_all_its_public_fields(client, listings, place):
    offer = place("69003", title="Apprenti chocolatier", trade="chocolatier", diploma="CAP",
                  contact_email="secret@exemple.fr", rhythm="2 semaines en entreprise, 1 semaine au CFA")
    response = client.get(f"/api/v1/offers/{offer.id}")
    assert response.status_code == 200
    data = response.get_json()
    assert data["id"] == offer.id and data["type"] == "offer" and data["trade"] == "Chocolatier"
    assert data["rhythm"] == "2 semaines en entreprise, 1 semaine au CFA" and data["contract"] == "apprentissage"
    assert data["description"] and data["business"]["postcode"] == "69003"
    assert "secret@exemple.fr" not in response.get_data(as_text=True)


def test_a_published_project_with_its_public_fields(client, listings):
    data = client.get(f"/api/v1/projects/{listings['project']}").get_json()
    assert data["type"] == "project" and data["partner_types"] == ["designer"] and data["stage"] == "prototype"


@pytest.mark.parametrize("path", ["/api/v1/offers/{draft}", "/api/v1/offers/{withdrawn}", "/api/v1/offers/{project}",
                                  "/api/v1/projects/{lyon}", "/api/v1/offers/999999"])
def test_unpublished_or_unknown_listings_answer_404_with_the_error_shape(client, listings, path):
    response = client.get(path.format(**listings))
    assert response.status_code == 404
    error = response.get_json()["error"]
    assert error["code"] == "not_found" and "publié" in error["message"]


def test_the_openapi_document_lists_every_path_and_contract_parameter(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.data)
    assert document["openapi"].startswith("3.0")
    assert {"/search", "/offers/{id}", "/projects/{id}", "/openapi.json", "/hiring-aid"} <= set(document["paths"])
    names = {p["name"] for p in document["paths"]["/search"]["get"]["parameters"]}
    assert names == {"q", "type", "trade", "diploma", "departement", "partner_type", "near", "radius_km",
                     "highlighted", "sort", "page", "per_page"}
    assert "400" in document["paths"]["/search"]["get"]["responses"]
    assert "Error" in document["components"]["schemas"]
    refs = {value for value in _walk(document) if isinstance(value, str) and value.startswith("#/components/")}
    assert all(ref.split("/")[-1] in document["components"]["schemas"] for ref in refs)


def _walk(node):
    if isinstance(node, dict):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)
    else:
        yield node


def test_the_api_is_rate_limited_per_address_but_not_the_health_check(app, client):
    app.config["RATELIMIT_API"] = "3 per minute"
    statuses = [client.get("/api/v1/search").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.get("/api/v1/openapi.json")
    assert limited.status_code == 429 and limited.get_json()["error"]["code"] == "too_many_requests"
    other = client.get("/api/v1/search", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200
    assert all(client.get("/healthz").status_code in (200, 503) for _ in range(5))
