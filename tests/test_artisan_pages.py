"""The artisan's space through the browser's eyes: businesses, offers, projects, dashboard actions, ownership."""
from datetime import timedelta

import pytest

from app.extensions import db
from app.models import Business, Listing, ListingStatus
from tests.factories import make_business, make_offer, make_siret

PASSWORD = "correct horse battery staple"


@pytest.fixture
def artisan(make_user, login):
    """A signed-in artisan."""
    user = make_user("artisan")
    login(user.email)
    return user


def business_data(**overrides):
    """A valid business form."""
    data = {"siret": make_siret(), "name": "Boulangerie du Canal", "postcode": "35000", "commune": "",
            "address_line": "3 rue de la Soif", "trades": ["boulanger", "patissier"], "naf_code": "10.71C",
            "description": "Pain au levain et viennoiseries.", "website": "https://boulangerie.example.fr",
            "social_instagram": "https://instagram.com/boulangerie", "commitments": ["circuit-court"]}
    data.update(overrides)
    return data


OFFER_FORM = {"title": "Apprenti boulanger (H/F) – CAP Boulanger", "trade": "boulanger", "diploma": "CAP",
              "level": "", "contract": "apprentissage", "asap": "y", "duration_months": "24",
              "rhythm": "2 semaines en entreprise, 1 semaine au CFA", "weekly_hours": "35", "positions": "1",
              "description": "Fournil traditionnel, pain au levain : vous apprenez tout le métier avec nous.",
              "question_1": "Pourquoi la boulangerie ?", "contact_email": "recrutement@boulangerie.example.fr"}
PROJECT_FORM = {"title": "Chaise en frêne local", "summary": "Une chaise en bois local avec un designer.",
                "description": "Nous cherchons un designer pour dessiner une chaise en frêne, assemblée sans colle.",
                "trade": "ebeniste", "category": "eco-conception", "stage": "prototype",
                "partner_types": ["designer", "laboratoire"], "budget_min": "2000", "budget_max": "8000",
                "deadline": "2027-09-01", "location": "Atelier de Rennes"}


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/espace-artisan")
    assert response.status_code == 302
    assert "/connexion" in response.headers["Location"]
    assert "/connexion" in client.post("/espace-artisan/annonces/1/submit").headers["Location"]


def test_apprentice_may_not_enter_the_artisan_space(client, make_user, login):
    login(make_user("apprentice").email)
    assert client.get("/espace-artisan").status_code == 403


def test_artisan_creates_a_business(client, artisan):
    page = client.get("/espace-artisan")
    assert "Mon espace artisan" in page.text
    response = client.post("/espace-artisan/entreprises/nouvelle", data=business_data(), follow_redirects=True)
    assert response.status_code == 200
    assert "L’entreprise «\u00a0Boulangerie du Canal\u00a0» est enregistrée." in response.text
    business = Business.query.one()
    assert business.owner_id == artisan.id
    assert (business.commune_name, business.departement) == ("Rennes", "35")
    assert business.trades == ["boulanger", "patissier"]
    assert business.social_links == {"instagram": "https://instagram.com/boulangerie"}
    assert business.commitments == ["circuit-court"]
    public = client.get(f"/entreprises/{business.slug}")
    assert "Boulangerie du Canal" in public.text and "Circuit court" in public.text


def test_bad_siret_keeps_the_input_and_explains_in_french(client, artisan):
    response = client.post("/espace-artisan/entreprises/nouvelle",
                           data=business_data(siret="73282932000075", name="Atelier Lebrun"))
    assert response.status_code == 422
    assert "Ce numéro SIRET n’est pas valide" in response.text
    assert 'value="Atelier Lebrun"' in response.text
    assert 'value="73282932000075"' in response.text
    assert Business.query.count() == 0


def test_javascript_url_is_refused(client, artisan):
    response = client.post("/espace-artisan/entreprises/nouvelle", data=business_data(website="javascript:alert(1)"))
    assert response.status_code == 422
    assert "commençant par http:// ou https://" in response.text


def test_postcode_shared_by_several_communes_asks_to_choose(client, artisan):
    data = business_data(postcode="05000", commune="")
    response = client.post("/espace-artisan/entreprises/nouvelle", data=data)
    assert response.status_code == 422
    assert "Plusieurs communes ont le code postal 05000" in response.text
    assert ">La Freissinouse</option>" in response.text and ">Gap</option>" in response.text
    assert Business.query.count() == 0
    data["commune"] = "05059"  # La Freissinouse
    assert client.post("/espace-artisan/entreprises/nouvelle", data=data).status_code == 302
    assert Business.query.one().commune_name == "La Freissinouse"


def test_commune_list_endpoint(client):
    data = client.get("/geo/communes?cp=05000").get_json()
    assert {"insee": "05061", "name": "Gap"} in data["communes"]
    assert client.get("/geo/communes?cp=abc").get_json()["communes"] == []


def test_artisan_owns_several_businesses_and_edits_one(client, artisan):
    first, second = make_business(artisan, name="Atelier Un"), make_business(artisan, name="Atelier Deux")
    page = client.get("/espace-artisan")
    assert "Atelier Un" in page.text and "Atelier Deux" in page.text
    form = client.get(f"/espace-artisan/entreprises/{first.id}/modifier")
    assert 'value="Atelier Un"' in form.text and first.siret in form.text
    response = client.post(f"/espace-artisan/entreprises/{first.id}/modifier",
                           data={"name": "Atelier Un et Demi", "postcode": "75011", "commune": "75111"},
                           follow_redirects=True)
    assert "Profil de l’entreprise mis à jour." in response.text
    assert db.session.get(Business, first.id).commune_name == "Paris 11e arrondissement"
    assert db.session.get(Business, second.id).name == "Atelier Deux"


def test_artisan_drafts_submits_and_edits_an_offer(client, artisan):
    business = make_business(artisan)
    response = client.post(f"/espace-artisan/entreprises/{business.id}/offres/nouvelle",
                           data={**OFFER_FORM, "action": "draft"}, follow_redirects=True)
    assert "Brouillon enregistré." in response.text
    offer = Listing.query.one()
    assert (offer.status, offer.level, offer.start_date, offer.questions) == (
        ListingStatus.DRAFT, 3, None, ["Pourquoi la boulangerie ?"])
    assert "Brouillon (1)" in response.text and "Envoyer en relecture" in response.text
    assert "Publier" not in response.text  # staff only

    response = client.post(f"/espace-artisan/annonces/{offer.id}/submit", follow_redirects=True)
    assert "est envoyée en relecture" in response.text
    assert db.session.get(Listing, offer.id).status == ListingStatus.SUBMITTED
    assert "En attente de relecture (1)" in response.text

    form = client.get(f"/espace-artisan/annonces/{offer.id}/modifier")
    assert 'value="Apprenti boulanger (H/F) – CAP Boulanger"' in form.text
    response = client.post(f"/espace-artisan/annonces/{offer.id}/modifier",
                           data={**OFFER_FORM, "title": "Apprentie ou apprenti boulanger", "action": "save"},
                           follow_redirects=True)
    assert "Modifications enregistrées." in response.text
    assert db.session.get(Listing, offer.id).title == "Apprentie ou apprenti boulanger"


def test_offer_form_errors_are_french_and_keep_the_input(client, artisan):
    business = make_business(artisan)
    data = {**OFFER_FORM, "asap": "", "start_date": "", "duration_months": "48", "title": "Apprenti fromager"}
    response = client.post(f"/espace-artisan/entreprises/{business.id}/offres/nouvelle", data=data)
    assert response.status_code == 422
    assert "Indiquez une date de début ou cochez «\u00a0Dès que possible\u00a0»." in response.text
    assert 'value="Apprenti fromager"' in response.text
    data["start_date"] = "2027-09-01"
    response = client.post(f"/espace-artisan/entreprises/{business.id}/offres/nouvelle", data=data)
    assert "Durée (mois)\u00a0: 36\u00a0mois au plus\u00a0; jusqu’à 48\u00a0mois" in response.text
    assert Listing.query.count() == 0


def test_artisan_creates_a_project_and_submits_it_at_once(client, artisan):
    business = make_business(artisan)
    response = client.post(f"/espace-artisan/entreprises/{business.id}/projets/nouveau",
                           data={**PROJECT_FORM, "action": "submit"}, follow_redirects=True)
    assert "Annonce envoyée en relecture" in response.text
    project = Listing.query.one()
    assert project.type == "project" and project.status == ListingStatus.SUBMITTED
    assert project.partner_types == ["designer", "laboratoire"] and project.budget_max == 8000


def test_owner_cannot_publish_his_own_listing(client, artisan):
    offer = make_offer(make_business(artisan), "submitted")
    page = client.get("/espace-artisan")
    assert f"/espace-artisan/annonces/{offer.id}/publish" not in page.text
    assert client.post(f"/espace-artisan/annonces/{offer.id}/publish").status_code == 403
    assert db.session.get(Listing, offer.id).status == ListingStatus.SUBMITTED


def test_refused_transition_is_a_french_message(client, artisan):
    offer = make_offer(make_business(artisan), "draft")
    response = client.post(f"/espace-artisan/annonces/{offer.id}/fill", follow_redirects=True)
    assert response.status_code == 200
    assert "«\u00a0Marquer comme pourvue\u00a0» n’est pas possible pour une annonce «\u00a0Brouillon\u00a0»." in response.text


def test_published_offer_actions_and_back_to_review(client, artisan):
    offer = make_offer(make_business(artisan), "published")
    page = client.get("/espace-artisan")
    for action in ("withdraw", "fill", "close", "renew"):
        assert f"/espace-artisan/annonces/{offer.id}/{action}" in page.text
    response = client.post(f"/espace-artisan/annonces/{offer.id}/modifier",
                           data={**OFFER_FORM, "title": "Apprenti boulanger de nuit", "action": "save"},
                           follow_redirects=True)
    assert "elle est renvoyée en relecture" in response.text
    assert db.session.get(Listing, offer.id).status == ListingStatus.SUBMITTED


def test_renew_and_fill_in_one_click(client, artisan):
    offer = make_offer(make_business(artisan), "published")
    response = client.post(f"/espace-artisan/annonces/{offer.id}/renew", follow_redirects=True)
    assert "déjà en ligne jusqu’au" in response.text and "prolongée" not in response.text  # published today
    offer.expires_at -= timedelta(days=50)
    db.session.commit()
    before = offer.expires_at
    response = client.post(f"/espace-artisan/annonces/{offer.id}/renew", follow_redirects=True)
    assert "est prolongée de 50\u00a0jours" in response.text and "reste en ligne jusqu’au" in response.text
    assert db.session.get(Listing, offer.id).expires_at > before
    response = client.post(f"/espace-artisan/annonces/{offer.id}/fill", data={"confirm": "1"}, follow_redirects=True)
    assert "marquée comme pourvue" in response.text and "Pourvue (1)" in response.text


def test_reason_of_a_sent_back_listing_is_shown(client, artisan, make_user):
    from app.services.listings.lifecycle import transition

    offer = make_offer(make_business(artisan), "submitted")
    transition(offer, "request_changes", make_user("staff"), message="Précisez le rythme de l’alternance.")
    page = client.get("/espace-artisan")
    assert "Modifications demandées (1)" in page.text
    assert "Précisez le rythme de l’alternance." in page.text


def test_another_artisan_gets_404_or_403(client, make_user, login):
    owner = make_user("artisan")
    business = make_business(owner)
    draft = make_offer(business, "draft")
    published = make_offer(business, "published")
    login(make_user("artisan").email)
    assert client.get(f"/espace-artisan/entreprises/{business.id}/modifier").status_code == 403
    assert client.get(f"/espace-artisan/entreprises/{business.id}/offres/nouvelle").status_code == 403
    assert client.get(f"/espace-artisan/annonces/{draft.id}/modifier").status_code == 404
    assert client.post(f"/espace-artisan/annonces/{draft.id}/submit").status_code == 404
    assert client.get(f"/espace-artisan/annonces/{published.id}/modifier").status_code == 403
    assert client.post(f"/espace-artisan/annonces/{published.id}/withdraw").status_code == 403
    assert client.get("/espace-artisan/annonces/9999/modifier").status_code == 404
    assert db.session.get(Listing, draft.id).status == ListingStatus.DRAFT
    assert db.session.get(Listing, published.id).status == ListingStatus.PUBLISHED


def test_minor_edit_of_a_published_offer_stays_online(client, artisan):
    business = make_business(artisan)
    offer = make_offer(business, "published", description="Première ligne.\nSeconde ligne, assez longue pour passer.")
    form = {**OFFER_FORM, "title": offer.title, "rhythm": "", "weekly_hours": "", "question_1": "", "contact_email": "",
            "description": "Première ligne.\r\nSeconde ligne, assez longue pour passer.", "positions": "2",
            "urgent": "y", "action": "save"}
    response = client.post(f"/espace-artisan/annonces/{offer.id}/modifier", data=form, follow_redirects=True)
    assert "Modifications enregistrées." in response.text
    offer = db.session.get(Listing, offer.id)
    assert (offer.status, offer.positions, offer.urgent) == (ListingStatus.PUBLISHED, 2, True)


def test_gone_listing_cannot_be_edited(client, artisan):
    offer = make_offer(make_business(artisan), "filled")
    response = client.get(f"/espace-artisan/annonces/{offer.id}/modifier", follow_redirects=True)
    assert "Une annonce «\u00a0Pourvue\u00a0» ne peut plus être modifiée." in response.text


def test_dashboard_counts_views_and_applications(client, artisan):
    pytest.importorskip("app.models.application")
    offer = make_offer(make_business(artisan), "published")
    client.post("/deconnexion")
    client.get(offer.public_path).close()  # an anonymous visitor; the view is written once the response is sent
    client.post("/connexion", data={"email": artisan.email, "password": PASSWORD})
    page = client.get("/espace-artisan")
    assert "Candidatures ou propositions" in page.text and "0 candidature" in page.text
    assert '<td data-label="Vues">1</td>' in page.text
