"""The import's contact fields (CONTRACT.md): a listing's `contact_email`, the business's `email`, `phone`, `website`;
invalid ones reject the line with `line N: reason`; an imported offer with a contact address can be applied to."""
from sqlalchemy import select

from app.extensions import db
from app.models import Business, Offer, Project
from app.models.conversation import Delivery
from app.models.mail import OutgoingMail
from tests.application_factories import apply_to, make_candidate
from tests.test_contact_link import link_in_mail
from tests.test_import import BUSINESS, OFFER, PROJECT, run_import  # noqa: F401

CONTACTS = {"email": "contact@boulangerie-dupont.fr", "phone": "01 43 55 12 34", "website": "https://dupont.fr"}


def test_contact_fields_are_imported(run_import):
    offer = {**OFFER, "contact_email": "recrutement@boulangerie-dupont.fr", "business": {**BUSINESS, **CONTACTS}}
    project = {**PROJECT, "contact_email": "Projets@Atelier-Bois.fr"}
    result = run_import(offer, project)
    assert result.exit_code == 0, result.output
    imported = db.session.scalar(select(Offer).filter_by(external_id=OFFER["external_id"]))
    assert imported.contact_email == "recrutement@boulangerie-dupont.fr"
    business = db.session.scalar(select(Business).filter_by(siret=BUSINESS["siret"]))
    assert (business.email, business.phone, business.website) == (
        "contact@boulangerie-dupont.fr", "01 43 55 12 34", "https://dupont.fr")
    assert db.session.scalar(select(Project)).contact_email == "Projets@atelier-bois.fr"  # the domain is normalised


def test_invalid_contact_fields_reject_the_line_with_its_reason(run_import):
    result = run_import({**OFFER, "contact_email": "pas une adresse"},
                        {**OFFER, "external_id": "x-2", "business": {**BUSINESS, "email": "nobody@"}},
                        {**OFFER, "external_id": "x-3", "business": {**BUSINESS, "phone": "appelez-nous"}},
                        {**OFFER, "external_id": "x-4", "business": {**BUSINESS, "website": "ftp://dupont.fr"}})
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[-1] == "imported 0, updated 0, rejected 4"
    assert lines[0].startswith("line 1: ") and "Adresse électronique de contact invalide" in lines[0]
    assert lines[1].startswith("line 2: business.email : adresse électronique invalide")
    assert lines[2].startswith("line 3: business.phone : numéro de téléphone invalide")
    assert lines[3].startswith("line 4: business.website")
    assert db.session.scalar(select(Offer)) is None


def test_an_imported_offer_with_a_contact_address_receives_applications(run_import, make_user):
    run_import({**OFFER, "contact_email": "recrutement@boulangerie-dupont.fr"})
    offer = db.session.scalar(select(Offer))
    application = apply_to(offer, make_candidate(make_user))
    assert application.delivery == Delivery.CONTACT
    assert db.session.scalar(select(OutgoingMail).where(OutgoingMail.to == "recrutement@boulangerie-dupont.fr"))


def test_a_new_contact_address_in_the_import_takes_over_with_new_links(run_import, make_user, client):
    run_import({**OFFER, "contact_email": "ancienne@boulangerie-dupont.fr"})
    application = apply_to(db.session.scalar(select(Offer)), make_candidate(make_user))
    old_link = link_in_mail("ancienne@boulangerie-dupont.fr")
    assert client.get(old_link).status_code == 200
    result = run_import({**OFFER, "contact_email": "nouvelle@boulangerie-dupont.fr"})
    assert result.exit_code == 0, result.output
    response = client.get(old_link)
    assert response.status_code == 400 and "nouvelle adresse de contact" in response.get_data(as_text=True)
    new_link = link_in_mail("nouvelle@boulangerie-dupont.fr")
    assert "Je suis motivée" in client.get(new_link).get_data(as_text=True)
    run_import({**OFFER, "contact_email": "nouvelle@boulangerie-dupont.fr"})  # unchanged: no new mail
    assert len(db.session.scalars(select(OutgoingMail).where(
        OutgoingMail.to == "nouvelle@boulangerie-dupont.fr")).all()) == 1
    assert application.id
