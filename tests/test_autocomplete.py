"""Autocomplete of trades and communes: short JSON lists, ignoring case and accents."""
import pytest


def suggestions(client, kind: str, q: str):
    response = client.get(f"/autocompletion/{kind}", query_string={"q": q})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return response.get_json()


@pytest.mark.parametrize("typed, expected", [("pat", "Pâtissier"), ("elec", "Électricien"), ("ÉBÉ", "Ébéniste"),
                                             ("chauff", "Plombier-chauffagiste"), ("pierre", "Tailleur de pierre")])
def test_trades_match_a_label_or_word_prefix(client, typed, expected):
    assert expected in suggestions(client, "metiers", typed)


def test_trades_start_with_the_labels_that_begin_with_the_text(client):
    found = suggestions(client, "metiers", "c")
    assert found[0].startswith("C") and len(found) <= 10


@pytest.mark.parametrize("typed", ["", "   ", "zzz", "x" * 5000])
def test_trades_answer_an_empty_list_when_nothing_matches(client, typed):
    assert suggestions(client, "metiers", typed) == []


def test_communes_give_a_label_and_a_postcode(client):
    found = suggestions(client, "communes", "lyon")
    assert {"label": "Lyon 3e arrondissement (69003)", "value": "69003"} in found
    assert len(found) <= 10


def test_communes_by_postcode_prefix_and_without_accents(client):
    assert all(item["value"].startswith("6910") for item in suggestions(client, "communes", "6910"))
    assert any(item["label"].startswith("Besançon") for item in suggestions(client, "communes", "besancon"))
    assert suggestions(client, "communes", "l") == []


def test_a_picked_commune_label_is_understood_by_the_search_page(client):
    response = client.get("/recherche", query_string={"near": "Lyon 3e arrondissement (69003)"})
    assert response.status_code == 200
    assert "à moins de 30\u00a0km de Lyon 3e arrondissement" in response.get_data(as_text=True)


def test_the_script_is_served(client):
    response = client.get("/static/js/autocomplete.js")
    assert response.status_code == 200 and b"datalist" in response.data
    response.close()
