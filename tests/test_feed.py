"""The Atom feed of a search (/recherche.atom): valid Atom 1.0, newest first, escaped, same parameters as /recherche."""
from xml.etree import ElementTree as ET

import pytest

from app.models.listing_states import ListingStatus
from tests.search_fixtures import artisan, place, sync  # noqa: F401

A = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def listings(place):
    """Three published offers on different days, one with markup in its title, and a draft."""
    made = {
        "old": place("69003", title="Apprenti boulanger", days_ago=9, business_name="Fournil & Fils"),
        "new": place("69100", title="Apprenti pâtissier <b>CAP</b> & BP", trade="patissier", days_ago=1),
        "middle": place("75011", title="Boulanger à Paris", days_ago=4),
        "draft": place("69003", status=ListingStatus.DRAFT, title="Boulanger brouillon"),
    }
    sync()
    return {name: listing.id for name, listing in made.items()}


def _feed(client, **params) -> ET.Element:
    response = client.get("/recherche.atom", query_string=params)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    return ET.fromstring(response.data)


def test_the_feed_is_atom_with_entries_newest_first(client, listings):
    feed = _feed(client)
    assert feed.tag == f"{A}feed"
    assert feed.findtext(f"{A}id") and feed.findtext(f"{A}updated")
    assert feed.findtext(f"{A}title").startswith("Passerelle – annonces")
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{A}link")}
    assert links["self"].startswith("http://127.0.0.1:5000/recherche.atom")
    assert links["alternate"].startswith("http://127.0.0.1:5000/recherche")
    entries = feed.findall(f"{A}entry")
    titles = [entry.findtext(f"{A}title") for entry in entries]
    assert titles == ["Apprenti pâtissier <b>CAP</b> & BP", "Boulanger à Paris", "Apprenti boulanger"]
    published = [entry.findtext(f"{A}published") for entry in entries]
    assert published == sorted(published, reverse=True)
    for entry in entries:
        assert entry.findtext(f"{A}id").startswith("tag:127.0.0.1,2026:offer/")
        assert entry.findtext(f"{A}updated") and entry.findtext(f"{A}summary")
        assert entry.find(f"{A}link").get("href").startswith("http://127.0.0.1:5000/offres/")
        assert entry.find(f"{A}author").findtext(f"{A}name")
    assert feed.findtext(f"{A}updated") == max(entry.findtext(f"{A}updated") for entry in entries)


def test_titles_and_names_are_escaped(client, listings):
    response = client.get("/recherche.atom")
    assert b"<b>CAP</b>" not in response.data
    assert b"&lt;b&gt;CAP&lt;/b&gt; &amp; BP" in response.data
    assert b"Fournil &amp; Fils" in response.data


def test_the_feed_takes_the_search_parameters(client, listings):
    feed = _feed(client, q="boulanger", departement="69")
    assert [entry.findtext(f"{A}title") for entry in feed.findall(f"{A}entry")] == ["Apprenti boulanger"]
    assert "« boulanger »" in feed.findtext(f"{A}title")
    near = _feed(client, near="69003", radius_km="10")
    assert "de Lyon" in near.findtext(f"{A}title") and len(near.findall(f"{A}entry")) == 2


def test_an_empty_search_is_a_valid_feed(client, listings):
    feed = _feed(client, q="astrophysique")
    assert feed.findall(f"{A}entry") == [] and feed.findtext(f"{A}updated")


@pytest.mark.parametrize("params", [{"near": "00000"}, {"radius_km": "abc"}, {"page": "0"}, {"sort": "hasard"}])
def test_bad_parameters_answer_400_in_french(client, params):
    response = client.get("/recherche.atom", query_string=params)
    assert response.status_code == 400
    assert response.mimetype == "text/plain" and "invalide" in response.get_data(as_text=True)
