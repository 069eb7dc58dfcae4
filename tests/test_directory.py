"""The public directory /entreprises: filters by trade, commitment and place; highlighted businesses first."""
from datetime import date, timedelta

import pytest

from app.extensions import db
from app.services.businesses import directory
from tests.factories import make_business, make_offer


@pytest.fixture
def businesses(make_user):
    """Four businesses in Rennes, Brest and Paris; one highlighted, one whose highlight has ended."""
    owner = make_user("artisan")
    made = {
        "rennes": make_business(owner, postcode="35000", name="Boulangerie Rennaise", trades=["boulanger"],
                                commitments=["circuit-court"]),
        "brest": make_business(owner, postcode="29200", name="Atelier Ébène Brestois", trades=["ebeniste"],
                               commitments=["materiaux-locaux"]),
        "paris": make_business(owner, postcode="75011", name="Zinc Pâtisserie Oberkampf", trades=["patissier"]),
        "ended": make_business(owner, postcode="35000", name="Ancienne Vedette", trades=["boulanger"]),
    }
    made["paris"].highlighted, made["paris"].highlighted_until = True, date.today() + timedelta(days=60)
    made["paris"].highlighted_commitments = ["savoir-faire"]
    made["ended"].highlighted, made["ended"].highlighted_until = True, date.today() - timedelta(days=1)
    db.session.commit()
    return made


def _names(client, query=""):
    page = client.get(f"/entreprises{query}").get_data(as_text=True)
    names = ["Boulangerie Rennaise", "Atelier Ébène Brestois", "Zinc Pâtisserie Oberkampf", "Ancienne Vedette"]
    return sorted((n for n in names if n in page), key=page.index)


def test_highlighted_businesses_come_first(client, businesses):
    assert _names(client) == ["Zinc Pâtisserie Oberkampf", "Ancienne Vedette", "Atelier Ébène Brestois",
                              "Boulangerie Rennaise"]
    assert _names(client, "?en_avant=y") == ["Zinc Pâtisserie Oberkampf"]


def test_filter_by_trade_including_the_trades_of_published_listings(client, businesses, make_user):
    assert _names(client, "?metier=boulanger") == ["Ancienne Vedette", "Boulangerie Rennaise"]
    make_offer(businesses["brest"], "published", trade="boulanger")
    assert "Atelier Ébène Brestois" in _names(client, "?metier=boulanger")


def test_filter_by_commitment_declared_or_checked(client, businesses):
    assert _names(client, "?engagement=circuit-court") == ["Boulangerie Rennaise"]
    assert _names(client, "?engagement=savoir-faire") == ["Zinc Pâtisserie Oberkampf"]


@pytest.mark.parametrize("place, expected", [
    ("35000", ["Ancienne Vedette", "Boulangerie Rennaise"]),
    ("35", ["Ancienne Vedette", "Boulangerie Rennaise"]),
    ("Finistère", ["Atelier Ébène Brestois"]),
    ("brest", ["Atelier Ébène Brestois"]),
    ("Paris", ["Zinc Pâtisserie Oberkampf"]),
    ("75011", ["Zinc Pâtisserie Oberkampf"]),
])
def test_filter_by_place(client, businesses, place, expected):
    assert _names(client, f"?lieu={place}") == expected


def test_an_unknown_place_is_explained(client, businesses):
    page = client.get("/entreprises?lieu=Xyzzyville").get_data(as_text=True)
    assert "Aucun lieu ne correspond à «\u00a0Xyzzyville\u00a0»" in page


def test_filters_combine_and_pages_follow(client, businesses, make_user):
    assert _names(client, "?metier=boulanger&lieu=35&engagement=circuit-court") == ["Boulangerie Rennaise"]
    owner = make_user("artisan")
    for n in range(directory.PAGE_SIZE):
        make_business(owner, postcode="29200", name=f"Entreprise bretonne {n:02d}")
    first = client.get("/entreprises?lieu=29").get_data(as_text=True)
    second = client.get("/entreprises?lieu=29&page=2").get_data(as_text=True)
    assert "Page 1 sur 2" in first and "lieu=29" in first and "page=2" in first
    assert "Entreprise bretonne 19" in second
