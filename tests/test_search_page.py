"""The /recherche page as a visitor sees it: results, filters with counts, links, errors next to the fields."""
import html
import re

import pytest

import app.search.engine as engine
from app.search.engine import IndexUnavailable
from tests.search_fixtures import artisan, place, sync  # noqa: F401


def page(client, status=200, **params) -> str:
    """The page's HTML for these parameters, asserting its status."""
    response = client.get("/recherche", query_string=params)
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    return response.get_data(as_text=True)


def links(text: str, label: str) -> list[str]:
    """Unescaped hrefs of the links whose text is exactly `label`."""
    pattern = r'<a href="([^"]*)"[^>]*>(?:<span class="visually-hidden">Page </span>)?' + re.escape(label) + "</a>"
    return [html.unescape(href) for href in re.findall(pattern, text)]


def test_a_published_offer_is_found_without_accents_and_shown_as_a_card(client, place):
    offer = place("69003", title="Apprentie pâtissière (H/F)", trade="patissier", highlighted=True)
    place("75011", status="draft", title="Apprenti pâtissier en brouillon", trade="patissier")
    sync()
    text = page(client, q="patissier")
    assert f'<a href="{offer.public_path}">Apprentie <mark>pâtissière</mark> (H/F)</a>' in text
    assert "brouillon" not in text
    assert '<strong>1 offre ou projet</strong>' in text and 'role="status"' in text
    assert "Pâtissier" in text and "(69003)" in text and "CAP" in text and "Dès que possible" in text
    assert "Entreprise locale et responsable" in text  # the highlighted-business badge


def test_near_a_commune_name_shows_the_distance_and_keeps_the_typed_name(client, place):
    place("69100", title="Apprenti boulanger à Villeurbanne")
    place("75011", title="Apprenti boulanger à Paris")
    sync()
    text = page(client, q="boulanger", near="Lyon", radius_km="20")
    assert "Villeurbanne" in text and "à Paris" not in text
    assert re.search(r"à \d+,\d\xa0km", text)
    assert "à moins de 20\u00a0km de Lyon" in text
    assert 'id="near" name="near" value="Lyon"' in text
    assert page(client, q="boulanger", near="villeurbanne").count("<article") == 1


def test_filters_show_their_counts_and_stay_checked(client, place):
    place("75011", title="Apprenti boulanger du Marais")
    place("75011", title="Apprenti boulanger de Belleville")
    place("69003", title="Apprentie pâtissière", trade="patissier", diploma="BP")
    place("69003", kind="project")
    sync()
    text = page(client)
    assert "<strong>4 offres et projets</strong>" in text
    assert re.search(r'value="boulanger" id="trade-\d+">\s*<label[^>]*>Boulanger <span class="count">\(2\)', text)
    assert re.search(r'value="69" id="departement-\d+">\s*<label[^>]*>Rhône \(69\) <span class="count">\(2\)', text)
    assert re.search(r'Projets d’innovation <span class="count">\(1\)', text)
    assert "<legend>Diplôme préparé</legend>" in text and "<legend>Département</legend>" in text
    filtered = page(client, trade="boulanger", departement="75")
    assert "<strong>2 offres et projets</strong>" in filtered
    assert re.search(r'value="boulanger" id="trade-\d+" checked', filtered)
    assert re.search(r'value="75" id="departement-\d+" checked', filtered)
    assert "<strong>1 offre</strong>" in page(client, type="offer", diploma="BP")


def test_pagination_links_keep_the_other_parameters(client, place):
    for n in range(5):
        place("75011", title=f"Apprenti boulanger numéro {n}", days_ago=n)
    sync()
    text = page(client, q="boulanger", near="Paris", radius_km="50", trade="boulanger", sort="date", per_page="2",
                page="2")
    assert "page 2 sur 3" in text
    previous, following = links(text, "Précédent"), links(text, "Suivant")
    assert previous and following
    for href in previous + following:
        for part in ("q=boulanger", "near=Paris", "radius_km=50", "trade=boulanger", "sort=date", "per_page=2"):
            assert part in href
    assert "&page=3" in following[0] and "&page=" not in previous[0]
    assert re.search(r'aria-current="page"><span class="visually-hidden">Page </span>2</a>', text)
    titles = re.findall(r"numéro (\d)", page(client, q="boulanger", sort="date", per_page="2", page="3"))
    assert titles == ["4"]


def test_sort_by_distance_needs_a_place(client, place):
    place("69003")
    sync()
    text = page(client, 400, sort="distance", q="boulanger")
    assert re.search(r'id="sort-erreur">Le tri par distance nécessite un lieu', text)
    assert 'value="boulanger"' in text  # what was typed stays in the box
    assert "<article" in page(client, sort="distance", near="69003")


@pytest.mark.parametrize("params, field, message", [
    ({"near": "99999"}, "near", "Lieu inconnu"),
    ({"near": "Zorglubville"}, "near", "Commune inconnue"),
    ({"near": "75011", "radius_km": "abc"}, "radius_km", "Le rayon doit être un nombre"),
    ({"trade": "astronaute"}, "trade", "Métier inconnu"),
    ({"page": "0"}, "page", "Le numéro de page doit être"),
])
def test_invalid_parameters_give_a_400_page_with_the_message_next_to_the_field(client, params, field, message):
    text = page(client, 400, q="cuisine du monde", **params)
    assert re.search(rf'id="{field}-erreur">{message}', text)
    assert 'value="cuisine du monde"' in text
    assert 'role="alert"' in text
    if field == "radius_km":
        assert '<option value="abc" selected>abc km</option>' in text
    if field == "near":
        assert f'value="{params["near"]}"' in text


@pytest.mark.parametrize("q", ["title:(", '"', "\\", "NOT NOT a", "*", "é" * 5000, "a\x00b"])
def test_any_text_typed_gives_a_page(client, q):
    sync()
    assert "Rechercher une offre ou un projet" in page(client, q=q)


def test_a_misspelt_word_suggests_the_right_one(client, place):
    place("75011", title="Apprenti boulanger (H/F)")
    sync()
    text = page(client, q="boulangre", near="75011", exact="1")  # as typed: otherwise its correction answers
    assert "Vouliez-vous dire" in text
    href = links(text, "boulanger")[0]
    assert "q=boulanger" in href and "near=75011" in href


def test_a_broken_index_gives_a_simplified_search_with_a_notice(client, place, monkeypatch):
    place("75011", title="Apprenti boulanger (H/F)")

    def broken(*args, **kwargs):
        raise IndexUnavailable("index directory missing")

    monkeypatch.setattr(engine, "search", broken)
    text = page(client, q="boulanger")
    assert "La recherche fonctionne en mode simplifié" in text
    assert "Apprenti boulanger" in text


def test_no_result_gives_advice_a_feed_and_an_alert_form(client):
    sync()
    text = page(client, q="astrophysique", near="75011", trade="boulanger")
    assert "Aucune annonce ne correspond à cette recherche" in text
    assert "élargissez la zone" in text and "retirez les filtres" in text
    assert '<link rel="alternate" type="application/atom+xml"' in text
    assert ">Flux Atom</a>" in text and "/recherche.atom?q=astrophysique" in html.unescape(text)
    assert "Recevoir une alerte" in text and 'action="/alertes/nouvelle"' in text


def test_the_page_is_an_accessible_get_form(client):
    sync()
    text = page(client)
    assert re.search(r'<form id="recherche" class="search-form" role="search" method="get"', text)
    assert '<label for="q">Quel métier\u00a0?</label>' in text and '<label for="near">Où\u00a0?</label>' in text
    assert "<legend>Métier</legend>" in text and "<details" in text
    assert "js/autocomplete.js" in text
    assert 'value="distance"' not in text  # sorting by distance is offered only with a place


def test_the_home_page_has_the_same_search_box_and_everyone_has_a_search_link(client):
    text = client.get("/").get_data(as_text=True)
    assert 'role="search" method="get" action="/recherche"' in text
    assert "Quel métier\u00a0?" in text and "Où\u00a0?" in text and 'name="radius_km"' in text
    assert "Entreprises locales et responsables" in text  # the highlighted businesses block stays
    assert '<a href="/recherche">Rechercher</a>' in text
