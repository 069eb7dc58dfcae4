"""Public pages of offers, projects and businesses: visibility, canonical URLs, JSON-LD, pay simulator, sharing."""
import json
import re
from datetime import date

import pytest

from app.reference import law
from app.services.listings.lifecycle import transition
from tests.factories import make_business, make_offer, make_project

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def jsonld_of(response) -> dict:
    """The single JSON-LD block of a page, parsed."""
    blocks = JSONLD.findall(response.text)
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.fixture
def owner(make_user):
    """An artisan (not signed in)."""
    return make_user("artisan")


def published_offer(business, make_user, **fields):
    """An offer submitted by its owner and published by the chamber staff through the domain service."""
    offer = make_offer(business, "submitted", **fields)
    return transition(offer, "publish", make_user("staff", chamber_code="IDF"))


def test_draft_and_submitted_listings_are_hidden(client, make_user, login, owner):
    business = make_business(owner)
    for listing in (make_offer(business, "draft"), make_project(business, "submitted")):
        path = listing.public_path
        assert client.get(path).status_code == 404  # anonymous
        login(make_user("artisan").email)
        assert client.get(path).status_code == 404  # another artisan
        login(make_user("staff", chamber_code="BRE").email)
        assert client.get(path).status_code == 404  # staff of another territory
        login(owner.email)
        page = client.get(path)
        assert page.status_code == 200 and "Annonce non publiée" in page.text
        assert not JSONLD.search(page.text)
        login(make_user("staff", chamber_code="IDF").email)
        assert client.get(path).status_code == 200  # staff of the territory (Paris is in IDF)
        client.post("/deconnexion")


def test_published_offer_is_public_with_job_posting(client, make_user, owner):
    business = make_business(owner, name="Boulangerie Dupont", website="https://dupont.example.fr",
                             address_line="12 rue Oberkampf")
    offer = published_offer(business, make_user, title="Apprenti boulanger </script><script>alert(1)</script>",
                            weekly_hours=35, start_date="2027-09-01", contact_email="secret@dupont.example.fr")
    response = client.get(offer.public_path)
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.text
    data = jsonld_of(response)
    assert data["@context"] == "https://schema.org" and data["@type"] == "JobPosting"
    assert data["title"] == offer.title
    assert data["description"].startswith("<p>Fournil traditionnel")
    assert data["datePosted"].startswith(offer.published_at.date().isoformat())
    assert data["validThrough"].startswith(offer.expires_at.date().isoformat())
    assert data["employmentType"] == "FULL_TIME"
    assert data["directApply"] is True
    organization = data["hiringOrganization"]
    assert organization["name"] == "Boulangerie Dupont"
    assert organization["sameAs"] == "https://dupont.example.fr"
    assert organization["url"].endswith(f"/entreprises/{business.slug}")
    address = data["jobLocation"]["address"]
    assert address == {"@type": "PostalAddress", "streetAddress": "12 rue Oberkampf", "addressLocality": "Paris",
                       "postalCode": "75011", "addressRegion": "Île-de-France", "addressCountry": "FR"}
    assert "educationRequirements" not in data  # a CAP requires no diploma before it
    assert data["jobStartDate"] == "2027-09-01"
    # The JSON-LD block is data, not script: the CSP (script-src 'self') does not need to allow it.
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert 'property="og:title"' in response.text and 'rel="canonical"' in response.text
    assert "Partager par e-mail" in response.text and "mailto:?subject=" in response.text
    assert offer.contact_email not in response.text  # private


def test_wrong_or_missing_slug_redirects_permanently(client, make_user, owner):
    offer = published_offer(make_business(owner), make_user)
    for path in (f"/offres/{offer.id}", f"/offres/{offer.id}-mauvais-titre"):
        response = client.get(path)
        assert response.status_code == 301
        assert response.headers["Location"].endswith(offer.public_path)
    assert client.get(f"/offres/{offer.id + 100}-x").status_code == 404
    project = make_project(offer.business, "submitted")
    transition(project, "publish", make_user("admin"))
    response = client.get(f"/projets/{project.id}-autre")
    assert response.status_code == 301 and response.headers["Location"].endswith(project.public_path)
    assert client.get(f"/offres/{project.id}-{project.slug}").status_code == 404  # a project is not an offer


def test_hidden_listing_does_not_redirect_to_reveal_its_slug(client, owner):
    offer = make_offer(make_business(owner), "draft")
    assert client.get(f"/offres/{offer.id}").status_code == 404


def test_published_project_page(client, make_user, owner):
    project = make_project(make_business(owner), "submitted", budget_min=2000, budget_max=8000)
    transition(project, "publish", make_user("staff"))
    response = client.get(project.public_path)
    assert response.status_code == 200
    assert "Designer" in response.text and "de 2 000,00 € à 8 000,00 €" in response.text.replace("\u202f", " ") \
        .replace("\xa0", " ")
    data = jsonld_of(response)
    assert data["@type"] == "Project" and data["name"] == project.title


def test_business_page_lists_only_open_listings(client, make_user, owner):
    business = make_business(owner, name="Menuiserie Martin")
    shown = published_offer(business, make_user, title="Apprenti menuisier en ligne")
    make_offer(business, "draft", title="Brouillon de menuisier caché")
    make_offer(business, "filled", title="Offre de menuisier pourvue")
    make_project(business, "submitted", title="Projet en relecture caché")
    response = client.get(f"/entreprises/{business.slug}")
    assert response.status_code == 200
    assert shown.title in response.text
    for hidden in ("Brouillon de menuisier caché", "Offre de menuisier pourvue", "Projet en relecture caché"):
        assert hidden not in response.text
    data = jsonld_of(response)
    assert data["@type"] == "LocalBusiness" and data["name"] == "Menuiserie Martin"
    assert data["address"]["postalCode"] == "75011" and data["address"]["addressCountry"] == "FR"
    assert data["url"].endswith(f"/entreprises/{business.slug}")
    assert {"latitude", "longitude"} <= data["geo"].keys()
    assert client.get("/entreprises/inconnue").status_code == 404


def test_pay_simulator_for_an_eighteen_year_old_in_first_year(client, make_user, owner, monkeypatch):
    monkeypatch.setattr(law, "today", lambda: date(2026, 12, 1))  # the SMIC of 1 June 2026 (1 867,02 €)
    offer = published_offer(make_business(owner), make_user)
    page = client.get(offer.public_path)
    assert "Rémunération minimale de l’apprenti" in page.text
    assert "43\u00a0% du SMIC" in page.text and "Source\u00a0:" in page.text and "1er juin 2026" in page.text
    response = client.get(f"{offer.public_path}?age=18&year=1")
    text = response.text.replace("\u202f", " ").replace("\xa0", " ")
    assert "À 18 ans, 1re année : <strong>802,82 €</strong>" in text
    assert "soit 43 % du SMIC" in text
    bad = client.get(f"{offer.public_path}?age=abc&year=1")
    assert "Indiquez un âge en années" in bad.text


def test_views_are_counted_for_visitors_only(client, make_user, login, owner):
    offer = published_offer(make_business(owner), make_user)
    for _ in range(2):
        client.get(offer.public_path).close()  # written once the response is sent
    login(owner.email)
    client.get(offer.public_path).close()
    from app.extensions import db
    from app.models import Listing

    assert db.session.get(Listing, offer.id).views_count == 2


def test_offer_and_project_pages_invite_to_apply_and_to_help(app, client, db, make_user):
    from tests.factories import make_business, make_offer, make_project

    business = make_business(make_user(role="artisan"))
    offer = make_offer(business, status="published")
    project = make_project(business, status="published")
    offer_page = client.get(offer.public_path).get_data(as_text=True)
    assert f'href="/offres/{offer.id}/candidater"' in offer_page and "Postuler à cette offre" in offer_page
    project_page = client.get(project.public_path).get_data(as_text=True)
    assert f'href="/projets/{project.id}/proposer"' in project_page and "Proposer mon aide" in project_page


def test_public_listing_links_to_the_report_form(app, client, make_user):
    from tests.factories import make_business, make_offer

    offer = make_offer(make_business(make_user(role="artisan")), status="published")
    page = client.get(offer.public_path).get_data(as_text=True)
    assert f'href="/annonces/{offer.id}/signaler"' in page
    assert client.get(f"/annonces/{offer.id}/signaler").status_code == 200
