"""Business profiles: SIRET checks, location from the postcode, links, commitments, ownership and territory."""
import pytest

from app.core.errors import NotAllowed, Refused
from app.models.listing_states import ListingStatus
from app.services.businesses.profiles import (
    businesses_of,
    create_business,
    set_highlight,
    update_business,
    verify_business,
)
from app.services.listings.lifecycle import transition
from tests.factories import make_business, make_offer, make_siret


@pytest.fixture
def artisan(make_user):
    return make_user("artisan")


def test_an_artisan_registers_a_business_located_by_its_postcode(artisan):
    business = create_business(artisan, siret="732 829 320 00074", name="Boulangerie Dupont", postcode="75011",
                               trades=["boulanger"], commitments=["circuit-court", "circuit-court"])
    assert business.siret == "73282932000074"
    assert business.owner == artisan
    assert (business.commune_name, business.commune_insee, business.departement) == ("Paris", "75056", "75")
    assert business.chamber.code == "IDF"
    assert business.lat and business.lon
    assert business.slug == "boulangerie-dupont-paris"
    assert business.trade_labels == ["Boulanger"]
    assert business.commitment_labels == ["Circuit court"]
    assert businesses_of(artisan) == [business]


@pytest.mark.parametrize("siret, message", [
    ("73282932000075", "n’est pas valide"),
    ("7328293200007", "14 chiffres"),
    ("732829320000745", "14 chiffres"),
    ("7328293200007A", "chiffres"),
    ("", "14 chiffres"),
])
def test_an_invalid_siret_is_refused_with_a_french_message(artisan, siret, message):
    with pytest.raises(Refused) as refused:
        create_business(artisan, siret=siret, name="Atelier", postcode="75011")
    assert message in refused.value.errors["siret"]


def test_a_siret_is_registered_once(artisan, make_user):
    create_business(artisan, siret="73282932000074", name="Boulangerie Dupont", postcode="75011")
    with pytest.raises(Refused) as refused:
        create_business(make_user("artisan"), siret="73282932000074", name="Autre", postcode="75011")
    assert "déjà enregistrée" in refused.value.errors["siret"]


def test_unknown_postcode_and_commune_outside_the_postcode_are_refused(artisan):
    with pytest.raises(Refused) as refused:
        make_business(artisan, postcode="99999")
    assert "Code postal inconnu" in refused.value.errors["postcode"]
    with pytest.raises(Refused) as refused:
        make_business(artisan, postcode="35250", commune="Brest")
    assert "ne correspond pas" in refused.value.errors["commune"]


def test_the_commune_is_chosen_among_the_communes_of_the_postcode(artisan):
    assert make_business(artisan, postcode="35250").commune_name == "Saint-Aubin-d'Aubigné"  # the most populous
    assert make_business(artisan, postcode="35250", commune="chevaigne").commune_name == "Chevaigné"


@pytest.mark.parametrize("website", ["javascript:alert(1)", "ftp://exemple.fr", "exemple.fr", "https://"])
def test_only_http_and_https_links_are_accepted(artisan, website):
    with pytest.raises(Refused) as refused:
        make_business(artisan, website=website)
    assert "http" in refused.value.errors["website"]


def test_social_links_and_commitments_are_checked(artisan):
    business = make_business(artisan, website="https://boulangerie.example",
                             social_links={"instagram": "https://instagram.com/boulangerie"})
    assert business.social_links == {"instagram": "https://instagram.com/boulangerie"}
    with pytest.raises(Refused):
        make_business(artisan, social_links={"instagram": "javascript:alert(1)"})
    with pytest.raises(Refused) as refused:
        make_business(artisan, commitments=["greenwashing"])
    assert "Engagement inconnu" in refused.value.errors["commitments"]


def test_only_artisans_create_businesses(make_user):
    with pytest.raises(NotAllowed):
        make_business(make_user("apprentice"))


def test_only_the_owner_or_an_admin_edits_a_business(artisan, make_user):
    business = make_business(artisan)
    with pytest.raises(NotAllowed):
        update_business(business, make_user("artisan"), name="Piraté")
    with pytest.raises(NotAllowed):
        update_business(business, make_user("staff"), name="Piraté")
    update_business(business, make_user("admin"), description="Corrigé par l’administration.")
    update_business(business, artisan, name="Nouveau nom")
    assert business.name == "Nouveau nom"
    assert business.slug.startswith("atelier-")  # the public address does not change


def test_moving_a_business_moves_its_listings_to_the_new_territory(artisan, make_user):
    business = make_business(artisan, postcode="75011")
    offer = make_offer(business, ListingStatus.SUBMITTED)
    update_business(business, artisan, postcode="35000", commune="Rennes")
    assert (business.departement, offer.departement) == ("35", "35")
    with pytest.raises(NotAllowed):
        transition(offer, "publish", make_user("staff", chamber_code="IDF"))
    transition(offer, "publish", make_user("staff", chamber_code="BRE"))
    assert offer.status == ListingStatus.PUBLISHED


def test_verification_and_highlight_belong_to_the_staff_of_the_territory(artisan, make_user):
    business = make_business(artisan, postcode="35000")
    with pytest.raises(NotAllowed):
        verify_business(business, make_user("staff", chamber_code="IDF"))
    with pytest.raises(NotAllowed):
        verify_business(business, artisan)
    staff = make_user("staff", chamber_code="BRE")
    verify_business(business, staff)
    assert business.is_verified and business.verified_by == staff
    set_highlight(business, staff, True, commitments=["circuit-court"])
    assert business.is_highlighted() and business.highlighted_commitments == ["circuit-court"]


def test_factory_sirets_are_valid():
    from stdnum.fr import siret

    assert all(siret.is_valid(make_siret()) for _ in range(20))
