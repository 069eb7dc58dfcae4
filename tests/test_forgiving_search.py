"""A search that forgives: misspelt words answer with their correction, trade synonyms lead to the trade."""
import html

import pytest

from app.reference.trades import TRADE_SYNONYMS, TRADES, trade_search_words
from tests.search_fixtures import artisan, found_ids, place, sync  # noqa: F401


def page(client, **params) -> str:
    """The search page's HTML, asserting a 200."""
    response = client.get("/recherche", query_string=params)
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("typed, title, trade", [
    ("boulangre", "Apprenti boulanger (H/F)", "boulanger"),
    ("patisier", "Apprentie pâtissière (H/F)", "patissier"),
    ("coifeur", "Apprenti coiffeur (H/F)", "coiffeur"),
])
def test_a_misspelt_word_that_finds_nothing_shows_the_results_of_its_correction(client, place, typed, title,
                                                                               trade):
    offer = place("75011", title=title, trade=trade)
    sync()
    text = page(client, q=typed)
    assert f'href="{offer.public_path}"' in text
    assert "Résultats pour <strong>" in text
    assert f"rechercher plutôt {typed}</a>" in text
    assert "Vouliez-vous dire" not in text
    assert "Recevoir une alerte" not in text


def test_the_text_as_typed_can_still_be_searched_and_offers_no_alert(client, place):
    offer = place("75011", title="Apprenti boulanger (H/F)")
    sync()
    text = page(client, q="boulangre")
    href = html.unescape(text.split("rechercher plutôt boulangre")[0].rsplit('href="', 1)[1].split('"')[0])
    assert "q=boulangre" in href and "exact=1" in href
    exact = client.get(href).get_data(as_text=True)
    assert offer.public_path not in exact
    assert "Vouliez-vous dire" in exact
    assert "créez une alerte" not in exact


def test_the_api_keeps_answering_the_text_as_typed_with_its_suggestion(client, place):
    place("75011", title="Apprenti boulanger (H/F)")
    sync()
    answer = client.get("/api/v1/search", query_string={"q": "boulangre"}).get_json()
    assert answer["total"] == 0 and answer["suggestion"] == "boulanger"


def test_a_correct_query_is_not_corrected(client, place):
    offer = place("75011", title="Apprenti boulanger (H/F)")
    sync()
    text = page(client, q="boulanger")
    assert offer.public_path in text and "Résultats pour" not in text


@pytest.mark.parametrize("typed, trade", [
    ("coiffure", "coiffeur"), ("pâtisserie", "patissier"), ("menuiserie", "menuisier"),
    ("vendeuse en boulangerie", "boulanger"), ("plomberie", "plombier-chauffagiste"),
])
def test_trade_names_and_synonyms_lead_to_the_trade(client, place, typed, trade):
    wanted = place("75011", title="Apprenti motivé (H/F)", trade=trade,
                   description="Rejoignez une petite équipe passionnée, formation assurée par le maître.")
    place("75011", title="Apprenti fleuriste (H/F)", trade="fleuriste")
    sync()
    assert found_ids(client, q=typed) == [wanted.id]


def test_every_synonym_belongs_to_a_known_trade():
    codes = {trade.code for trade in TRADES}
    assert set(TRADE_SYNONYMS) <= codes
    assert trade_search_words("coiffeur").startswith("Coiffeur · coiffure")
    assert trade_search_words("inconnu") == ""
