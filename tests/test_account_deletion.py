"""Account deletion: password and confirmation, CVs erased, applications anonymised, listings withdrawn, sessions end."""
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models.application import Application
from app.models.business import Business
from app.models.candidate import CandidateProfile, CvFile
from app.models.interest import Interest
from app.models.listing import Listing
from app.models.listing_states import ListingStatus
from app.models.notification import Notification
from app.models.security_log import SecurityEvent
from app.models.user import User
from app.services.responses import applications, interests
from tests.application_factories import (
    PASSWORD,
    make_artisan_offer,
    make_artisan_project,
    make_candidate,
    pdf_upload,
    sign_in,
)
from tests.factories import make_business


def delete(client, password=PASSWORD, confirm=True):
    """Submit the deletion form."""
    data = {"password": password}
    if confirm:
        data["confirm"] = "y"
    return client.post("/compte/donnees/supprimer", data=data)


def text(response) -> str:
    """The page's text with whitespace collapsed (templates wrap long sentences)."""
    return " ".join(response.get_data(as_text=True).split())


def cv_files(app) -> set[str]:
    """Names of the CV files on disk."""
    directory = Path(app.config["UPLOAD_DIR"]) / "cvs"
    return {path.name for path in directory.iterdir()} if directory.exists() else set()


@pytest.fixture
def applied(app, make_user):
    """An artisan's offer and Léa's application with a CV of its own (and another CV on her profile)."""
    artisan, offer = make_artisan_offer(make_user)
    lea = make_candidate(make_user, email="lea@exemple.fr")
    application = applications.apply(offer, lea, message="Je fais du pain depuis deux ans.", answers=[],
                                     cv_upload=pdf_upload(name="mon-cv.pdf"))
    applications.add_note(application, artisan, "Profil intéressant.")
    applications.change_status(application, artisan, "interview", "Bonjour Léa, venez jeudi.")
    return artisan, offer, lea, application


def test_visitors_are_sent_to_the_login_page(client):
    for response in (client.get("/compte/donnees/supprimer"), delete(client)):
        assert response.status_code == 302 and urlsplit(response.location).path == "/connexion"


def test_warning_page_explains_what_happens(app, applied):
    html = text(sign_in(app, applied[2]).get("/compte/donnees/supprimer"))
    assert "la suppression est définitive" in html and "Candidat ayant supprimé son compte" in html
    assert 'type="password"' in html and 'type="checkbox"' in html


def test_deletion_erases_the_candidate_and_keeps_the_artisan_inbox_consistent(app, applied):
    artisan, offer, lea, application = applied
    assert len(cv_files(app)) == 2
    client = sign_in(app, lea)

    response = delete(client)
    assert response.status_code == 302 and urlsplit(response.location).path == "/compte/supprime"
    assert "Votre compte est supprimé" in client.get("/compte/supprime").get_data(as_text=True)

    assert cv_files(app) == set()
    assert db.session.scalar(select(func.count(CvFile.id))) == 0
    assert db.session.scalar(select(func.count(CandidateProfile.id))) == 0
    assert db.session.scalar(select(func.count(Notification.id)).where(Notification.user_id == lea.id)) == 0
    kept = db.session.get(Application, application.id)
    assert kept.message == "" and kept.answers == [] and kept.cv_file_id is None and kept.anonymised_at
    assert kept.notes == [] and all(event.message is None for event in kept.events)
    user = db.session.get(User, lea.id)
    assert user.email != "lea@exemple.fr" and user.deleted_at and not user.is_active_account

    notices = db.session.scalars(select(Notification.text).where(Notification.user_id == artisan.id)).all()
    assert not any("Léa" in notice for notice in notices)
    inbox = sign_in(app, artisan)
    listing_page = inbox.get("/espace-artisan/candidatures")
    assert listing_page.status_code == 200
    assert "Candidat ayant supprimé son compte" in listing_page.get_data(as_text=True)
    detail = inbox.get(f"/espace-artisan/candidatures/{application.id}")
    html = detail.get_data(as_text=True)
    assert detail.status_code == 200 and "Candidat ayant supprimé son compte" in html
    for gone in ("Léa", "Martin", "lea@exemple.fr", "Je fais du pain", "Télécharger le CV"):
        assert gone not in html
    assert inbox.get(f"/espace-artisan/candidatures/{application.id}/cv").status_code == 404


def test_saved_cookies_stop_working_and_the_password_too(app, make_user, applied):
    lea = applied[2]
    client = app.test_client()
    client.post("/connexion", data={"email": lea.email, "password": PASSWORD, "remember": "y"})
    saved = {name: client.get_cookie(name).value for name in ("session", "remember_token")}
    delete(client)
    assert client.get("/compte").status_code == 302
    for name, value in saved.items():
        replay = app.test_client()
        replay.set_cookie(name, value)
        response = replay.get("/compte")
        assert response.status_code == 302 and urlsplit(response.location).path == "/connexion"
    again = app.test_client().post("/connexion", data={"email": "lea@exemple.fr", "password": PASSWORD})
    assert again.status_code == 200 and "incorrect" in again.get_data(as_text=True)


def test_wrong_password_or_no_confirmation_refuses(app, applied):
    lea, application = applied[2], applied[3]
    client = sign_in(app, lea)
    response = delete(client, password="ce n’est pas le bon")
    assert response.status_code == 422 and "Mot de passe incorrect" in response.get_data(as_text=True)
    response = delete(client, confirm=False)
    assert response.status_code == 422 and "Cochez la case" in response.get_data(as_text=True)
    assert client.get("/compte").status_code == 200
    assert len(cv_files(app)) == 2
    assert db.session.get(Application, application.id).message == "Je fais du pain depuis deux ans."
    kinds = db.session.scalars(select(SecurityEvent.kind).where(SecurityEvent.user_id == lea.id)).all()
    assert "account_deletion_refused" in kinds and "account_deleted" not in kinds


def test_deletion_is_logged_without_the_address(app, applied):
    lea = applied[2]
    delete(sign_in(app, lea))
    [event] = db.session.scalars(select(SecurityEvent).where(SecurityEvent.kind == "account_deleted")).all()
    assert event.user_id == lea.id and event.details["applications"] == 1 and event.details["cv_files"] == 2
    for stored in db.session.scalars(select(SecurityEvent)):
        assert "lea@exemple.fr" not in repr(stored.details)


def test_artisan_deletion_withdraws_listings_and_releases_businesses(app, make_user):
    artisan, offer = make_artisan_offer(make_user)
    project = make_artisan_project(make_user)[1]
    project.business.owner_id = artisan.id
    empty_id = make_business(artisan).id
    db.session.commit()
    visitor = app.test_client()
    assert visitor.get(offer.public_path).status_code == 200

    delete(sign_in(app, artisan))

    assert visitor.get(offer.public_path).status_code == 404
    assert visitor.get(project.public_path).status_code == 404
    for listing_id in (offer.id, project.id):
        assert db.session.get(Listing, listing_id).status == ListingStatus.WITHDRAWN
    assert db.session.get(Business, offer.business_id).owner_id is None
    assert db.session.get(Business, empty_id) is None


def test_partner_deletion_anonymises_interests(app, make_user):
    artisan, project = make_artisan_project(make_user)
    partner = make_user("partner", display_name="Studio Lin")
    interest = interests.express_interest(project, partner, message="Nous dessinons des chaises.",
                                          contributions=["design"])
    delete(sign_in(app, partner))
    kept = db.session.get(Interest, interest.id)
    assert kept.message == "" and kept.contributions == [] and kept.anonymised_at
    html = sign_in(app, artisan).get(f"/espace-artisan/propositions/{interest.id}").get_data(as_text=True)
    assert "Partenaire ayant supprimé son compte" in html and "Studio Lin" not in html


def test_staff_accounts_are_not_deleted_from_the_page(app, make_user):
    staff = make_user("staff")
    client = sign_in(app, staff)
    assert "demandez à un administrateur" in text(client.get("/compte/donnees"))
    response = delete(client)
    assert response.status_code == 422
    assert db.session.get(User, staff.id).deleted_at is None and client.get("/compte").status_code == 200


def test_a_failure_in_the_middle_of_a_deletion_leaves_the_account_as_it_was(app, make_user, monkeypatch):
    from app.services.accounts import privacy

    artisan, offer = make_artisan_offer(make_user)
    email = artisan.email

    def disk_failure(cvs):
        raise OSError("disque plein")

    monkeypatch.setattr(privacy, "drop_unused_cvs", disk_failure)  # runs after the listings are withdrawn
    with pytest.raises(OSError):
        privacy.delete_account(artisan, PASSWORD, confirmed=True)

    db.session.expire_all()
    assert db.session.get(Listing, offer.id).status == ListingStatus.PUBLISHED
    assert db.session.get(User, artisan.id).email == email and db.session.get(Business, offer.business_id).owner_id
    assert app.test_client().get(offer.public_path).status_code == 200
    assert sign_in(app, artisan).get("/compte").status_code == 200


def test_an_artisan_s_pending_claim_is_cancelled_and_forgotten_with_the_account(app, make_user):
    from app.models.claim import BusinessClaim, ClaimStatus
    from app.services.businesses.claims import start_claim

    claimant = make_user("artisan", email="gerant@exemple.fr")
    business = make_business(None)
    claim = start_claim(claimant, business, "review", evidence="Gérant depuis 2019, joignable au 06 00 00 00 00.")
    delete(sign_in(app, claimant))
    kept = db.session.get(BusinessClaim, claim.id)
    assert kept.status == ClaimStatus.CANCELLED and kept.evidence == ""


def test_the_candidate_s_words_in_an_interview_answer_are_erased(app, applied):
    from datetime import datetime, timedelta

    from app.models.interview import Interview
    from app.services.conversations import interviews

    artisan, offer, lea, application = applied
    slot = (datetime.now() + timedelta(days=5)).replace(hour=15, minute=0, second=0, microsecond=0)
    interview = interviews.propose(application, artisan, interviews.Proposal(slots=[slot], mode="phone"))
    interviews.counter(application, lea, "Plutôt le samedi matin, j’ai cours au CFA en semaine.")
    delete(sign_in(app, lea))
    assert db.session.get(Interview, interview.id).answer == ""
