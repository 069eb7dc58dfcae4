"""The contact address answers without an account through its signed link: read the application, download the CV,
write in the thread, change the status (the candidate is told); a forged, expired or outdated link, or a business
claimed since, shows a French page and changes nothing."""
import re

import pytest
from sqlalchemy import func, select

from app.extensions import db as _db
from app.models.application import Application
from app.models.application_states import ApplicationStatus, InterestStatus
from app.models.conversation import Message, Side
from app.models.interest import Interest
from app.models.mail import OutgoingMail
from app.services.responses import interests
from tests.application_factories import apply_to, make_artisan_offer, make_artisan_project, make_candidate, sign_in
from tests.factories import make_business, make_offer
from tests.test_html_validity import _validate, missing_requirement

CONTACT = "atelier@example.org"


def link_in_mail(to: str = CONTACT) -> str:
    """The /contact/<token> path of the last mail to `to`."""
    mail = _db.session.scalars(select(OutgoingMail).where(OutgoingMail.to == to).order_by(OutgoingMail.id.desc())
                               ).first()
    return re.search(r"https?://[^/\s]+(/contact/[\w.\-]+)", mail.body_text).group(1)


def setup_application(make_user, **offer_fields):
    """An unowned offer with a contact address, an application to it, and the link the address received."""
    _, offer = make_artisan_offer(make_user, owner=False, contact_email=CONTACT, **offer_fields)
    candidate = make_candidate(make_user)
    application = apply_to(offer, candidate, answers=["Oui, depuis mars."] if offer.questions else None)
    return offer, candidate, application, link_in_mail()


def count(model) -> int:
    return _db.session.scalar(select(func.count()).select_from(model))


def test_the_contact_address_reads_answers_and_moves_the_application(app, client, make_user):
    offer, candidate, application, link = setup_application(make_user, questions=["Avez-vous le permis ?"])
    response = client.get(link)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Léa Martin" in page and "Je suis motivée" in page and "Oui, depuis mars." in page
    assert '<meta name="robots" content="noindex' in page
    assert response.headers["Referrer-Policy"] == "no-referrer" and "noindex" in response.headers["X-Robots-Tag"]
    assert _db.session.get(Application, application.id).status == ApplicationStatus.VIEWED
    assert f'href="{link}/entretien"' in page  # the interview panel, for the contact address

    cv = client.get(f"{link}/cv")
    assert cv.status_code == 200 and cv.mimetype == "application/pdf" and cv.data.startswith(b"%PDF")

    response = client.post(f"{link}/message", data={"body": "Pouvez-vous passer jeudi à 10 h ?"})
    assert response.status_code == 302
    message = _db.session.scalar(select(Message))
    assert message.side == Side.OWNER and message.author_email == CONTACT and message.author_id is None
    mine = sign_in(app, candidate).get(f"/candidatures/{application.id}").get_data(as_text=True)
    assert "Pouvez-vous passer jeudi" in mine and offer.business.name in mine

    form = client.get(f"{link}/statut/interview").get_data(as_text=True)
    assert "Proposer un entretien" in form and "disponibilités" in form
    response = client.post(f"{link}/statut/interview", data={"message": "Venez jeudi à l’atelier."})
    assert response.status_code == 302
    application = _db.session.get(Application, application.id)
    assert application.status == ApplicationStatus.INTERVIEW
    event = application.events[-1]
    assert event.by_id is None and event.by_email == CONTACT
    told = _db.session.scalars(select(OutgoingMail).where(OutgoingMail.to == candidate.email)).all()
    assert any("Venez jeudi" in mail.body_text for mail in told)
    mine = sign_in(app, candidate).get(f"/candidatures/{application.id}").get_data(as_text=True)
    assert "Venez jeudi" in mine


def test_a_forged_or_truncated_link_changes_nothing(app, client, make_user):
    offer, candidate, application, link = setup_application(make_user)
    for bad in ("/contact/abc", link[:-3] + "xyz"):
        response = client.get(bad)
        assert response.status_code == 400 and "Ce lien ne peut pas être utilisé" in response.get_data(as_text=True)
        assert client.post(f"{bad}/message", data={"body": "Bonjour"}).status_code == 400
        assert client.post(f"{bad}/statut/declined", data={"message": "Non."}).status_code == 400
        assert client.get(f"{bad}/cv").status_code == 400
    assert count(Message) == 0
    assert _db.session.get(Application, application.id).status == ApplicationStatus.RECEIVED


def test_an_expired_link_changes_nothing(app, client, make_user):
    offer, candidate, application, link = setup_application(make_user)
    app.config["CONTACT_LINK_DAYS"] = -1
    response = client.get(link)
    assert response.status_code == 400 and "expiré" in response.get_data(as_text=True)
    assert client.post(f"{link}/statut/declined", data={"message": "Non."}).status_code == 400
    assert _db.session.get(Application, application.id).status == ApplicationStatus.RECEIVED


def test_a_link_to_an_address_that_is_no_longer_the_contact_changes_nothing(app, client, make_user):
    offer, candidate, application, link = setup_application(make_user)
    offer.contact_email = "nouvelle@example.org"
    _db.session.commit()
    response = client.get(link)
    assert response.status_code == 400 and "n’est plus l’adresse de contact" in response.get_data(as_text=True)
    assert client.post(f"{link}/message", data={"body": "Bonjour"}).status_code == 400
    assert count(Message) == 0
    assert _db.session.get(Application, application.id).status == ApplicationStatus.RECEIVED


def test_once_claimed_the_link_points_to_the_account_and_nothing_is_lost(app, client, make_user):
    offer, candidate, application, link = setup_application(make_user)
    client.post(f"{link}/message", data={"body": "Bienvenue chez nous."})
    artisan = make_user("artisan")
    offer.business.owner = artisan
    _db.session.commit()
    page = client.get(link).get_data(as_text=True)
    assert "a maintenant un compte sur Passerelle" in page and 'href="/connexion"' in page
    assert client.post(f"{link}/message", data={"body": "Encore moi"}).status_code == 409
    assert client.post(f"{link}/statut/declined", data={"message": "Non."}).status_code == 409
    assert count(Message) == 1
    inbox = sign_in(app, artisan).get(f"/espace-artisan/candidatures/{application.id}").get_data(as_text=True)
    assert "Je suis motivée" in inbox and "Bienvenue chez nous." in inbox


def test_an_unknown_status_or_one_not_allowed_now_changes_nothing(app, client, make_user):
    offer, candidate, application, link = setup_application(make_user)
    assert client.get(f"{link}/statut/nimportequoi").status_code == 404
    response = client.post(f"{link}/statut/accepted", data={"message": "Oui"}, follow_redirects=True)
    assert "n’est plus possible" in response.get_data(as_text=True)
    assert _db.session.get(Application, application.id).status == ApplicationStatus.VIEWED  # opened, not accepted
    assert client.post(f"{link}/message", data={"body": "   "}).status_code == 422
    assert count(Message) == 0


def test_messages_through_a_link_are_rate_limited(app, client, make_user):
    app.config["RATELIMIT_MESSAGE"] = "2 per minute"
    offer, candidate, application, link = setup_application(make_user)
    codes = [client.post(f"{link}/message", data={"body": f"Message {n}"}).status_code for n in range(3)]
    assert codes == [302, 302, 429]
    assert count(Message) == 2


def test_a_proposal_is_answered_through_its_link(app, client, make_user):
    _, project = make_artisan_project(make_user)
    project.business.owner = None
    project.contact_email = CONTACT
    _db.session.commit()
    partner = make_user("partner", display_name="Studio Frêne")
    interest = interests.express_interest(project, partner, message="Je travaille le frêne.",
                                          contributions=["design"])
    link = link_in_mail()
    page = client.get(link).get_data(as_text=True)
    assert "Studio Frêne" in page and "Je travaille le frêne." in page and "Télécharger le CV" not in page
    assert client.get(f"{link}/cv").status_code == 404
    response = client.post(f"{link}/statut/discussing", data={"message": "Parlons-en mardi."})
    assert response.status_code == 302
    interest = _db.session.get(Interest, interest.id)
    assert interest.status == InterestStatus.DISCUSSING and interest.events[-1].by_email == CONTACT
    assert any("Parlons-en mardi." in mail.body_text for mail in _db.session.scalars(
        select(OutgoingMail).where(OutgoingMail.to == partner.email)))


def test_contact_and_forwarding_pages_are_valid_html(app, client, make_user, tmp_path):
    reason = missing_requirement()
    if reason:
        pytest.skip(reason)
    app.config["WTF_CSRF_ENABLED"] = True
    offer, candidate, application, link = setup_application(make_user, questions=["Avez-vous le permis ?"])
    pages = {"subject": client.get(link).get_data(as_text=True),
             "status": client.get(f"{link}/statut/interview").get_data(as_text=True),
             "invalid": client.get("/contact/abc").get_data(as_text=True)}
    staff = make_user("staff", chamber_code="IDF")
    _, waiting = make_artisan_offer(make_user, owner=False)
    apply_to(waiting, make_candidate(make_user))
    unreachable = make_offer(make_business(make_user("artisan"), postcode="35000"), "published")
    unreachable.business.owner = None  # Brittany has no staff here: nobody can receive it
    _db.session.commit()
    app.config["WTF_CSRF_ENABLED"] = False
    staff_client = sign_in(app, staff)
    app.config["WTF_CSRF_ENABLED"] = True
    pages["queue"] = staff_client.get("/moderation/a-transmettre").get_data(as_text=True)
    pages["unreachable offer"] = client.get(unreachable.public_path).get_data(as_text=True)
    assert "pas encore joignable" in pages["unreachable offer"]
    offer.business.owner = make_user("artisan")
    _db.session.commit()
    pages["claimed"] = client.get(link).get_data(as_text=True)
    folder = tmp_path / "pages"
    folder.mkdir()
    findings = _validate(pages, folder)
    assert not findings, "\n".join(findings)


def test_contact_forms_need_their_csrf_token(app, client, make_user):
    offer, candidate, application, link = setup_application(make_user)
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post(f"{link}/message", data={"body": "Sans jeton"}).status_code in (400, 422)
    assert client.post(f"{link}/statut/declined", data={"message": "Sans jeton"}).status_code in (200, 400, 422)
    assert count(Message) == 0
    assert _db.session.get(Application, application.id).status == ApplicationStatus.RECEIVED
    page = client.get(link).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post(f"{link}/message", data={"body": "Avec jeton", "csrf_token": token}).status_code == 302
    assert count(Message) == 1
