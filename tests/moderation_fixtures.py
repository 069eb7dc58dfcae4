"""Fixtures shared by the moderation tests: a Breton business, staff of two chambers, an admin, signed-in clients."""
from types import SimpleNamespace

import pytest

from tests.factories import make_business

PASSWORD = "correct horse battery staple"


@pytest.fixture
def people(make_user):
    """An artisan with a Breton business, Breton and Île-de-France staff, and an admin."""
    owner = make_user("artisan", display_name="Anne Le Goff")
    return SimpleNamespace(
        owner=owner,
        business=make_business(owner, postcode="35000", commune="Rennes", name="Boulangerie du Thabor"),
        staff=make_user("staff", chamber_code="BRE", email="yann@cma-bretagne.fr", display_name="Yann Kergoat"),
        other_staff=make_user("staff", chamber_code="IDF", email="lea@cma-idf.fr", display_name="Léa Martin"),
        admin=make_user("admin", email="admin@passerelle.fr", display_name="Admin"),
    )


@pytest.fixture
def signed_in(app):
    """Factory: a new test client signed in as the user (each client is its own browser session)."""

    def _client(user, ip: str = "127.0.0.1"):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = ip
        response = client.post("/connexion", data={"email": user.email, "password": PASSWORD})
        assert response.status_code in (302, 303), response.status_code
        return client

    return _client
