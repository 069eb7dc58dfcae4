"""Applying: published offers only, apprentices only, one application per person and offer (also under a race),
a daily cap, a rate limit, withdrawal, and the artisan told by e-mail and in the site."""
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import create_app
from app.core.errors import NotAllowed, Refused
from app.core.time import utcnow
from app.extensions import db as _db
from app.models.application import Application
from app.models.application_states import ApplicationStatus, InvalidMove
from app.models.mail import OutgoingMail
from app.models.notification import Notification
from app.services.responses import applications
from app.services.responses.applications import DuplicateApplication
from config import TestingConfig
from tests.application_factories import apply_to, make_artisan_offer, make_candidate, pdf_upload, sign_in

MESSAGE = "Bonjour, je prépare un CAP boulanger et votre fournil me plaît beaucoup."


def _apply_http(client, offer, **data):
    return client.post(f"/offres/{offer.id}/candidater", data={"message": MESSAGE, **data},
                       content_type="multipart/form-data")


def test_apprentice_applies_with_the_profile_cv_and_answers(app, make_user, mailbox):
    artisan, offer = make_artisan_offer(make_user, questions=["Pourquoi ce métier ?", "Avez-vous le permis ?"])
    candidate = make_candidate(make_user)
    client = sign_in(app, candidate)
    page = client.get(f"/offres/{offer.id}/candidater").get_data(as_text=True)
    assert "Pourquoi ce métier\u00a0?" in page and "Avez-vous le permis\u00a0?" in page and "cv.pdf" in page
    response = _apply_http(client, offer, answer_1="J’adore le pain.", answer_2="Pas encore.")
    assert response.status_code == 302
    application = _db.session.scalar(select(Application))
    assert response.headers["Location"].endswith(f"/candidatures/{application.id}")
    assert application.status == ApplicationStatus.RECEIVED and application.cv is not None
    assert application.answers == [{"question": "Pourquoi ce métier ?", "answer": "J’adore le pain."},
                                   {"question": "Avez-vous le permis ?", "answer": "Pas encore."}]
    assert [e.status for e in application.events] == [ApplicationStatus.RECEIVED]
    html = client.get("/candidatures").get_data(as_text=True)
    assert offer.title in html and "Reçue" in html
    # The artisan hears of it by e-mail (sent after the request) and in the site.
    mails = [m for m in mailbox() if m["To"] == artisan.email]
    assert len(mails) == 1 and "Nouvelle candidature" in mails[0]["Subject"]
    assert "Léa Martin" in mails[0].get_body(("plain",)).get_content()
    assert _db.session.scalar(select(Notification).filter_by(user_id=artisan.id)).kind == "application_received"


def test_answers_are_required_and_the_form_keeps_the_input(app, make_user):
    artisan, offer = make_artisan_offer(make_user, questions=["Pourquoi ce métier ?"])
    client = sign_in(app, make_candidate(make_user))
    response = _apply_http(client, offer, answer_1="  ")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Répondez à cette question." in html and "votre fournil" in html
    assert _db.session.scalar(select(Application)) is None


def test_a_cv_is_needed(app, make_user):
    artisan, offer = make_artisan_offer(make_user)
    client = sign_in(app, make_candidate(make_user, with_cv=False))
    response = _apply_http(client, offer)
    assert response.status_code == 422 and "Joignez votre CV" in response.get_data(as_text=True)


def test_a_new_cv_can_be_sent_with_one_application(app, make_user):
    artisan, offer = make_artisan_offer(make_user)
    candidate = make_candidate(make_user)
    application = apply_to(offer, candidate, cv=pdf_upload(name="CV boulangerie.pdf"))
    assert application.cv.original_name == "CV boulangerie.pdf"
    assert application.cv is not applications.get_profile(candidate).cv


def test_profile_first(app, make_user):
    artisan, offer = make_artisan_offer(make_user)
    client = sign_in(app, make_user("apprentice"))
    response = client.get(f"/offres/{offer.id}/candidater")
    assert response.status_code == 302 and "/candidat/profil?next=" in response.headers["Location"]


@pytest.mark.parametrize("status", ["draft", "submitted", "filled", "closed", "expired", "suspended"])
def test_only_published_offers_take_applications(app, make_user, status):
    artisan, offer = make_artisan_offer(make_user, status=status)
    candidate = make_candidate(make_user)
    assert sign_in(app, candidate).get(f"/offres/{offer.id}/candidater").status_code == 404
    with pytest.raises(InvalidMove):
        apply_to(offer, candidate)


@pytest.mark.parametrize("role", ["artisan", "partner", "staff", "admin"])
def test_only_apprentices_apply(app, make_user, role):
    artisan, offer = make_artisan_offer(make_user)
    user = make_user(role)
    assert sign_in(app, user).post(f"/offres/{offer.id}/candidater", data={"message": MESSAGE}).status_code == 403
    with pytest.raises(NotAllowed):
        apply_to(offer, user)


def test_anonymous_visitor_is_sent_to_login(client, make_user):
    artisan, offer = make_artisan_offer(make_user)
    response = client.get(f"/offres/{offer.id}/candidater")
    assert response.status_code == 302 and "/connexion" in response.headers["Location"]


def test_second_application_gets_a_friendly_message(app, make_user):
    artisan, offer = make_artisan_offer(make_user)
    client = sign_in(app, make_candidate(make_user))
    assert _apply_http(client, offer).status_code == 302
    assert "Vous avez déjà postulé à cette offre" in client.get(f"/offres/{offer.id}/candidater").get_data(
        as_text=True)
    response = _apply_http(client, offer)
    assert response.status_code == 422 and "Vous avez déjà postulé à cette offre" in response.get_data(as_text=True)
    assert _db.session.scalar(select(func.count(Application.id))) == 1


def test_race_past_the_check_ends_on_the_unique_constraint_with_a_friendly_message(app, make_user, monkeypatch):
    artisan, offer = make_artisan_offer(make_user)
    candidate = make_candidate(make_user)
    client = sign_in(app, candidate)
    assert _apply_http(client, offer).status_code == 302
    # The second request checked before the first committed: only the constraint can stop it.
    monkeypatch.setattr(applications, "existing_application", lambda offer, candidate: None)
    response = _apply_http(client, offer, cv=(pdf_upload().stream, "autre.pdf"))
    assert response.status_code == 422 and "Vous avez déjà postulé à cette offre" in response.get_data(as_text=True)
    assert _db.session.scalar(select(func.count(Application.id))) == 1
    assert len(list((Path(app.config["UPLOAD_DIR"]) / "cvs").iterdir())) == 1  # the profile CV only


@pytest.fixture
def threaded_app(tmp_path):
    """An app whose database accepts connections from several threads (a file for SQLite)."""

    class Config(TestingConfig):
        INSTANCE_DIR = tmp_path
        MAIL_FILE_DIR = str(tmp_path / "mail")
        UPLOAD_DIR = str(tmp_path / "uploads")
        SEARCH_INDEX_DIR = str(tmp_path / "search-index")
        if TestingConfig.SQLALCHEMY_DATABASE_URI == "sqlite://":
            SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'threads.db'}"

    app = create_app(Config)
    with app.app_context():
        _db.create_all()
        yield app
        _db.session.remove()
        _db.drop_all()


def test_two_simultaneous_submissions_make_exactly_one_row(threaded_app, monkeypatch):
    from app.services.accounts.users import create_account

    artisan = create_account(email="artisan@exemple.fr", password="correct horse battery staple", role="artisan",
                             confirmed=True)
    _, offer = make_artisan_offer(lambda role, **kw: artisan if role == "artisan" else None)
    candidate = make_candidate(lambda role, email=None: create_account(
        email="lea@exemple.fr", password="correct horse battery staple", role=role, confirmed=True))
    offer_id, candidate_id = offer.id, candidate.id
    _db.session.remove()

    barrier = threading.Barrier(2, timeout=10)

    def both_pass_the_check(offer, candidate):
        barrier.wait()  # both requests looked before either inserted
        return None

    monkeypatch.setattr(applications, "existing_application", both_pass_the_check)
    outcomes = []

    def submit():
        with threaded_app.app_context():
            try:
                from app.models import Offer, User

                apply_to(_db.session.get(Offer, offer_id), _db.session.get(User, candidate_id),
                         cv=pdf_upload())
                outcomes.append("ok")
            except DuplicateApplication:
                outcomes.append("duplicate")
            except Exception as error:  # anything else would be a 500
                outcomes.append(repr(error))
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["duplicate", "ok"]
    assert _db.session.scalar(select(func.count(Application.id))) == 1
    cvs = list((Path(threaded_app.config["UPLOAD_DIR"]) / "cvs").iterdir())
    assert len(cvs) == 2  # the profile's and the winner's: the loser's file was removed


def test_daily_cap(app, make_user):
    app.config["APPLICATION_DAILY_CAP"] = 3
    candidate = make_candidate(make_user)
    for _ in range(3):
        apply_to(make_artisan_offer(make_user)[1], candidate)
    artisan, offer = make_artisan_offer(make_user)
    response = _apply_http(sign_in(app, candidate), offer)
    assert response.status_code == 422 and "c’est le maximum" in response.get_data(as_text=True)
    # A day later the candidate may apply again.
    with pytest.raises(Refused):
        apply_to(offer, candidate)
    assert applications.apply(offer, candidate, message=MESSAGE, now=utcnow() + timedelta(hours=25))


def test_the_post_is_rate_limited(app, make_user):
    app.config["RATELIMIT_APPLY"] = "2 per minute"
    artisan, offer = make_artisan_offer(make_user)
    client = sign_in(app, make_candidate(make_user))
    codes = [client.post(f"/offres/{offer.id}/candidater", data={"message": ""}).status_code for _ in range(3)]
    assert codes[:2] == [422, 422] and codes[2] == 429


def test_candidate_withdraws_with_a_timestamp_and_the_artisan_is_told(app, make_user, mailbox):
    artisan, offer = make_artisan_offer(make_user)
    candidate = make_candidate(make_user)
    application = apply_to(offer, candidate)
    client = sign_in(app, candidate)
    assert "Retirer ma candidature" in client.get(f"/candidatures/{application.id}").get_data(as_text=True)
    response = client.post(f"/candidatures/{application.id}/retirer", data={"confirm": "1"}, follow_redirects=True)
    assert "Votre candidature est retirée" in response.get_data(as_text=True)
    application = _db.session.get(Application, application.id)
    assert application.status == ApplicationStatus.WITHDRAWN and application.withdrawn_at is not None
    assert "Retirer ma candidature" not in client.get(f"/candidatures/{application.id}").get_data(as_text=True)
    assert any("Candidature retirée" in m["Subject"] for m in mailbox() if m["To"] == artisan.email)
    with pytest.raises(InvalidMove):  # already final
        applications.withdraw(application, candidate)
    with pytest.raises(DuplicateApplication):  # one application per person and offer, even withdrawn
        apply_to(offer, candidate)


def test_imported_business_without_owner_goes_to_its_contact_address(app, make_user):
    # Who receives what in every case is in tests/test_routing.py.
    _, offer = make_artisan_offer(make_user, owner=False, contact_email="atelier@example.org")
    application = apply_to(offer, make_candidate(make_user))
    assert application.id is not None and application.delivery == "contact"
    assert _db.session.scalar(select(func.count(OutgoingMail.id)).where(
        OutgoingMail.subject.contains("Nouvelle candidature"), OutgoingMail.to == "atelier@example.org")) == 1


def test_other_people_cannot_see_an_application(app, make_user):
    artisan, offer = make_artisan_offer(make_user)
    candidate = make_candidate(make_user)
    application = apply_to(offer, candidate)
    assert sign_in(app, make_candidate(make_user)).get(f"/candidatures/{application.id}").status_code == 404
    assert sign_in(app, make_user("artisan")).get(f"/candidatures/{application.id}").status_code == 404
    # The offer's artisan knows it exists but this is the candidate's page: 403.
    assert sign_in(app, artisan).get(f"/candidatures/{application.id}").status_code == 403
    assert sign_in(app, candidate).get("/candidatures/99999").status_code == 404


def test_offer_and_project_pages_can_include_the_buttons(app, make_user):
    from flask import render_template_string

    artisan, offer = make_artisan_offer(make_user)
    with app.test_request_context("/"):
        html = render_template_string('{% include "candidate/_apply_button.html" %}', offer=offer)
    assert f'href="/offres/{offer.id}/candidater"' in html and "Postuler à cette offre" in html
    from tests.application_factories import make_artisan_project

    artisan, project = make_artisan_project(make_user)
    with app.test_request_context("/"):
        html = render_template_string('{% include "partner/_interest_button.html" %}', project=project)
    assert f'href="/projets/{project.id}/proposer"' in html
