"""After signing in, each role lands where its work is; an explicit safe `next` still wins."""
import pytest

from tests.application_factories import apply_to, make_artisan_offer, make_candidate
from tests.factories import make_business, make_project
from tests.search_fixtures import sync

PASSWORD = "correct horse battery staple"


def sign_in(client, email, **query):
    """POST the login form; the redirect's location."""
    response = client.post("/connexion", query_string=query, data={"email": email, "password": PASSWORD})
    assert response.status_code == 302
    return response.location


@pytest.mark.parametrize("role, chamber, landing", [
    ("artisan", None, "/espace-artisan"),
    ("apprentice", None, "/recherche?type=offer"),
    ("partner", None, "/recherche?type=project"),
    ("staff", "IDF", "/moderation"),
    ("admin", None, "/admin"),
])
def test_each_role_lands_where_its_work_is(client, make_user, role, chamber, landing):
    user = make_user(role, chamber_code=chamber)
    assert sign_in(client, user.email) == landing
    assert client.get(landing).status_code == 200
    assert client.get("/connexion").location == landing  # already signed in


def test_an_apprentice_with_applications_lands_on_them(client, make_user):
    candidate = make_candidate(make_user)
    apply_to(make_artisan_offer(make_user)[1], candidate)
    assert sign_in(client, candidate.email) == "/candidatures"


def test_a_safe_next_still_wins(client, make_user):
    user = make_user("staff", chamber_code="IDF")
    assert sign_in(client, user.email, next="/compte/mot-de-passe") == "/compte/mot-de-passe"


def test_the_home_page_shows_a_signed_in_user_their_next_step(client, make_user):
    assert "Créer mon espace artisan" in client.get("/").get_data(as_text=True)
    sign_in(client, make_user("partner").email)
    home = client.get("/").get_data(as_text=True)
    assert "Créer mon espace artisan" not in home and "Devenir partenaire" not in home
    assert '<a href="/recherche?type=project">Voir les projets</a>' in home


def test_project_cards_show_the_partners_sought(client, make_user):
    make_project(make_business(make_user("artisan")), "published", partner_types=["designer", "laboratoire"])
    sync()
    page = client.get("/recherche", query_string={"type": "project"}).get_data(as_text=True)
    assert "Partenaires recherchés\u00a0: Designer, Laboratoire ou école" in page
