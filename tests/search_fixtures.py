"""Helpers for the search tests: published listings placed on the map, HTTP publishing and withdrawing, syncing."""
from datetime import datetime, timedelta, timezone

import pytest

from app.extensions import db
from app.models.listing_states import ListingStatus
from app.search import drain
from app.services.moderation.review import review_token
from tests.factories import make_business, make_offer, make_project

BASE_DATE = datetime(2026, 10, 1, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def artisan(make_user):
    """An artisan who owns every business the helpers create."""
    return make_user("artisan")


@pytest.fixture
def place(artisan):
    """Factory: a listing (published by default) of a new business in a postcode, with an optional date."""

    def _place(postcode="75011", commune=None, kind="offer", status=ListingStatus.PUBLISHED, days_ago=None,
               business_name=None, highlighted=False, **fields):
        business = make_business(artisan, postcode=postcode, commune=commune, name=business_name)
        if highlighted:
            business.highlighted = True
            db.session.commit()
        maker = make_offer if kind == "offer" else make_project
        listing = maker(business, status, **fields)
        if days_ago is not None:
            listing.published_at = BASE_DATE - timedelta(days=days_ago)
            db.session.commit()
        return listing

    return _place


def sync() -> int:
    """Apply the outbox to the test's index now; the number of rows applied."""
    return drain().applied


def publish_over_http(client, login, make_user, listing):
    """Staff of the listing's territory publish it through the moderation page; the response."""
    staff = make_user("staff", chamber_code=listing.business.chamber.code)
    login(staff.email)
    response = client.post(f"/moderation/annonces/{listing.id}/decision/publish",
                           data={"publish-token": review_token(listing), "publish-action": "publish"})
    client.post("/deconnexion")
    return response


def withdraw_over_http(client, login, listing):
    """The owner withdraws the listing from the artisan space; the response."""
    login(listing.business.owner.email)
    response = client.post(f"/espace-artisan/annonces/{listing.id}/withdraw", data={"confirm": "1"})
    client.post("/deconnexion")
    return response


def found_ids(client, **params) -> list[int]:
    """Ids of the listings /api/v1/search returns (asserting a 200)."""
    response = client.get("/api/v1/search", query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    return [item["id"] for item in response.get_json()["results"]]
