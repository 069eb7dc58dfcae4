"""Every application and proposal reaches a person (#14 item 1): the owner's account, else the listing's contact
address, else the chamber's staff; the pages say who before and after; a listing nobody can reach says so."""
from sqlalchemy import select

from app.extensions import db as _db
from app.models.application import Application
from app.models.conversation import Delivery
from app.models.interest import Interest
from app.models.mail import OutgoingMail
from app.services.conversations import routing
from tests.application_factories import make_artisan_offer, make_artisan_project, make_candidate, sign_in

APPLY = {"message": "Je suis motivée et disponible dès septembre."}
PROPOSE = {"message": "Designer à Lyon, je travaille le frêne depuis dix ans.", "contributions": ["design"]}
CONTACT = "atelier@example.org"


def mails(to: str | None = None) -> list[OutgoingMail]:
    """The queued mails, oldest first (to one address if given)."""
    query = select(OutgoingMail).order_by(OutgoingMail.id)
    if to:
        query = query.where(OutgoingMail.to == to)
    return list(_db.session.scalars(query))


def unowned(listing, contact_email: str | None = None):
    """Release the listing's business (an imported one) and set its contact address."""
    listing.business.owner = None
    listing.contact_email = contact_email
    _db.session.commit()
    return listing


def offer_page(client, offer) -> str:
    return client.get(offer.public_path).get_data(as_text=True)


def apply_http(app, make_user, offer):
    """A candidate applies through the form; returns (client, response followed)."""
    client = sign_in(app, make_candidate(make_user))
    return client, client.post(f"/offres/{offer.id}/candidater", data=APPLY, follow_redirects=True)


def test_owned_offer_goes_to_the_owner_and_says_so(app, make_user):
    artisan, offer = make_artisan_offer(make_user, contact_email=CONTACT)
    client = sign_in(app, make_candidate(make_user))
    assert "Votre candidature sera envoyée à l’artisan sur Passerelle" in offer_page(client, offer)
    assert "sera envoyée à l’artisan sur Passerelle" in \
        client.get(f"/offres/{offer.id}/candidater").get_data(as_text=True)
    page = client.post(f"/offres/{offer.id}/candidater", data=APPLY, follow_redirects=True).get_data(as_text=True)
    assert "est envoyée à l’artisan sur Passerelle" in page
    application = _db.session.scalar(select(Application))
    assert application.delivery == Delivery.OWNER
    assert [m.to for m in mails()] == [artisan.email]  # the owner, never the contact address
    confirm = client.get(f"/candidatures/{application.id}/retirer").get_data(as_text=True)
    assert "sera prévenue par e-mail" in confirm
    page = client.post(f"/candidatures/{application.id}/retirer", data={"confirm": "1"},
                       follow_redirects=True).get_data(as_text=True)
    assert "L’artisan en est informé" in page


def test_unowned_offer_with_a_contact_address_mails_it_the_application_and_the_link(app, make_user):
    _, offer = make_artisan_offer(make_user, owner=False, contact_email=CONTACT,
                                  questions=["Avez-vous le permis ?"])
    client = sign_in(app, make_candidate(make_user))
    wording = "à l’adresse de contact de l’entreprise, qui n’a pas encore de compte sur Passerelle"
    assert wording in offer_page(client, offer)
    page = client.post(f"/offres/{offer.id}/candidater", data={**APPLY, "answer_1": "Oui, depuis mars."},
                       follow_redirects=True).get_data(as_text=True)
    assert "est envoyée " + wording in page
    application = _db.session.scalar(select(Application))
    assert application.delivery == Delivery.CONTACT
    [mail] = mails(CONTACT)
    body = mail.body_text
    assert "Nouvelle candidature" in mail.subject and "Léa Martin" in body
    assert "dès septembre" in body and "Avez-vous le permis ?" in body and "Oui, depuis mars." in body
    assert "/contact/" in body and not mail.attachments  # the link, never the CV file
    assert f"/espace-artisan/revendiquer?siret={offer.business.siret}" in body  # the invitation to claim it
    assert "L’artisan en est informé" not in client.get(
        f"/candidatures/{application.id}/retirer").get_data(as_text=True)
    page = client.post(f"/candidatures/{application.id}/retirer", data={"confirm": "1"},
                       follow_redirects=True).get_data(as_text=True)
    assert "L’entreprise en est informée à son adresse de contact" in page and "L’artisan en est informé" not in page
    assert any("retiré sa candidature" in m.body_text for m in mails(CONTACT))


def test_unowned_offer_without_contact_goes_to_the_chamber_staff_without_the_message(app, make_user):
    staff = make_user("staff", chamber_code="IDF")
    other = make_user("staff", chamber_code="BRE")
    _, offer = make_artisan_offer(make_user, owner=False)
    client = sign_in(app, make_candidate(make_user))
    assert "à la CMA Île-de-France, qui la transmettra à l’entreprise" in offer_page(client, offer)
    page = client.post(f"/offres/{offer.id}/candidater", data=APPLY, follow_redirects=True).get_data(as_text=True)
    assert "est envoyée à la CMA Île-de-France, qui la transmettra à l’entreprise" in page
    assert _db.session.scalar(select(Application)).delivery == Delivery.CHAMBER
    [mail] = mails(staff.email)
    assert "/moderation/a-transmettre" in mail.body_text and "dès septembre" not in mail.body_text
    assert mails(other.email) == []


def test_unreachable_offer_says_so_and_refuses_applications(app, make_user):
    _, offer = make_artisan_offer(make_user, owner=False)  # no contact, no staff in Île-de-France
    client = sign_in(app, make_candidate(make_user))
    page = offer_page(client, offer)
    assert "Cette entreprise n’est pas encore joignable par Passerelle" in page
    assert "Postuler à cette offre" not in page
    form = client.get(f"/offres/{offer.id}/candidater").get_data(as_text=True)
    assert "pas encore joignable" in form and "Envoyer ma candidature" not in form
    page = client.post(f"/offres/{offer.id}/candidater", data=APPLY, follow_redirects=True).get_data(as_text=True)
    assert "pas encore joignable" in page
    assert _db.session.scalar(select(Application)) is None and mails() == []


def test_an_inactive_owner_does_not_swallow_applications(app, make_user):
    artisan, offer = make_artisan_offer(make_user, contact_email=CONTACT)
    artisan.is_active_account = False
    _db.session.commit()
    assert routing.recipient_for(offer).delivery == Delivery.CONTACT


def test_proposals_follow_the_same_order(app, make_user):
    artisan, project = make_artisan_project(make_user, contact_email=CONTACT)
    partner = make_user("partner", display_name="Studio Frêne")
    client = sign_in(app, partner)
    assert "Votre proposition sera envoyée à l’artisan sur Passerelle" in \
        client.get(project.public_path).get_data(as_text=True)
    page = client.post(f"/projets/{project.id}/proposer", data=PROPOSE, follow_redirects=True).get_data(as_text=True)
    assert "est envoyée à l’artisan sur Passerelle" in page
    assert [m.to for m in mails()] == [artisan.email]

    _, second = make_artisan_project(make_user)
    unowned(second, CONTACT)
    assert "à l’adresse de contact de l’entreprise" in client.get(
        f"/projets/{second.id}/proposer").get_data(as_text=True)
    client.post(f"/projets/{second.id}/proposer", data=PROPOSE)
    interest = _db.session.scalar(select(Interest).filter_by(project_id=second.id))
    assert interest.delivery == Delivery.CONTACT
    [mail] = mails(CONTACT)
    assert "Studio Frêne" in mail.body_text and "le frêne depuis dix ans" in mail.body_text
    assert "/contact/" in mail.body_text

    _, third = make_artisan_project(make_user)
    unowned(third)
    page = client.get(third.public_path).get_data(as_text=True)
    assert "pas encore joignable" in page and "Proposer mon aide" not in page
    page = client.post(f"/projets/{third.id}/proposer", data=PROPOSE, follow_redirects=True).get_data(as_text=True)
    assert "pas encore joignable" in page
    assert _db.session.scalar(select(Interest).filter_by(project_id=third.id)) is None

    staff = make_user("staff", chamber_code="IDF")
    client.post(f"/projets/{third.id}/proposer", data=PROPOSE)
    assert _db.session.scalar(select(Interest).filter_by(project_id=third.id)).delivery == Delivery.CHAMBER
    assert "Studio Frêne" not in mails(staff.email)[0].body_text


def test_the_project_form_keeps_a_contact_address(app, make_user):
    artisan, project = make_artisan_project(make_user)
    client = sign_in(app, artisan)
    page = client.get(f"/espace-artisan/annonces/{project.id}/modifier").get_data(as_text=True)
    assert "Adresse de contact (jamais affichée)" in page


def test_the_senders_page_says_who_holds_it_now(app, make_user):
    staff = make_user("staff", chamber_code="IDF")
    _, offer = make_artisan_offer(make_user, owner=False)
    client, _ = apply_http(app, make_user, offer)
    application = _db.session.scalar(select(Application))
    page = client.get(f"/candidatures/{application.id}").get_data(as_text=True)
    assert "Envoyée à la CMA Île-de-France, qui doit la transmettre à l’entreprise." in page
    staff_client = sign_in(app, staff)
    staff_client.post(f"/moderation/a-transmettre/application/{application.id}",
                      data={f"application-{application.id}-email": CONTACT})
    assert "Transmise à l’entreprise par la CMA Île-de-France le" in \
        client.get(f"/candidatures/{application.id}").get_data(as_text=True)
    offer.business.owner = make_user("artisan")
    _db.session.commit()
    assert "L’entreprise a maintenant un compte sur Passerelle" in \
        client.get(f"/candidatures/{application.id}").get_data(as_text=True)


def test_the_partners_page_says_who_holds_the_proposal(app, make_user):
    _, project = make_artisan_project(make_user)
    unowned(project, CONTACT)
    client = sign_in(app, make_user("partner", display_name="Studio Frêne"))
    client.post(f"/projets/{project.id}/proposer", data=PROPOSE)
    interest = _db.session.scalar(select(Interest))
    assert "Envoyée à l’adresse de contact de l’entreprise" in \
        client.get(f"/propositions/{interest.id}").get_data(as_text=True)
