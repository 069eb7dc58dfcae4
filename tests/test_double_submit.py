"""Forms posted twice (a double click, a page sent again) act once: one status event and mail, one listing."""
import re

import pytest
from sqlalchemy import func, select

from app.extensions import db as _db
from app.models import Listing
from app.models.application import Application, ApplicationEvent
from app.models.application_states import ApplicationStatus, InterestStatus, InvalidMove
from app.models.interest import Interest, InterestEvent
from app.models.mail import OutgoingMail
from app.models.user import User
from app.services.responses import applications, interests
from app.services.responses.moves import AlreadyMoved
from tests.application_factories import apply_to, make_artisan_offer, make_artisan_project, make_candidate, sign_in
from tests.factories import make_business
from tests.test_artisan_pages import OFFER_FORM, PROJECT_FORM

TOKEN = re.compile(r'name="form_token" type="hidden" value="([^"]+)"|type="hidden" name="form_token" value="([^"]+)"')


def _count(model, **where) -> int:
    return _db.session.scalar(select(func.count()).select_from(model).filter_by(**where))


@pytest.fixture
def received(app, make_user):
    """An artisan, their published offer and one application from Léa."""
    artisan, offer = make_artisan_offer(make_user)
    candidate = make_candidate(make_user)
    return artisan, candidate, apply_to(offer, candidate)


def test_a_status_form_posted_twice_records_one_event_and_sends_one_mail(app, received, mailbox):
    artisan, candidate, application = received
    client = sign_in(app, artisan)
    url = f"/espace-artisan/candidatures/{application.id}/statut/interview"
    answers = [client.post(url, data={"message": "Venez mardi à 10 h."}, follow_redirects=True) for _ in range(2)]
    assert all("Statut changé" in answer.text and "Entretien proposé" in answer.text for answer in answers)
    assert _count(ApplicationEvent, application_id=application.id, status=ApplicationStatus.INTERVIEW) == 1
    assert len([m for m in mailbox() if m["To"] == candidate.email and "Entretien" in m["Subject"]]) == 1


def test_a_proposal_status_posted_twice_records_one_event_and_sends_one_mail(app, make_user, mailbox):
    artisan, project = make_artisan_project(make_user)
    partner = make_user("partner", display_name="Studio Frêne")
    interest = interests.express_interest(project, partner, message="Designer à Lyon, je travaille le frêne.",
                                          contributions=["design"])
    client = sign_in(app, artisan)
    url = f"/espace-artisan/propositions/{interest.id}/statut/discussing"
    answers = [client.post(url, data={"message": "Parlons-en jeudi ?"}, follow_redirects=True) for _ in range(2)]
    assert all("Statut changé" in answer.text for answer in answers)
    assert _count(InterestEvent, interest_id=interest.id, status=InterestStatus.DISCUSSING) == 1
    assert len([m for m in mailbox() if m["To"] == partner.email and "En discussion" in m["Subject"]]) == 1


def test_two_requests_racing_on_the_same_move_record_it_once(app, received):
    """The second click read the application before the first one committed its move."""
    artisan, candidate, application = received
    stale = _db.session.get(Application, application.id)
    assert stale.status == ApplicationStatus.RECEIVED
    with app.app_context():  # the first click, in another worker: its own session, committed
        applications.change_status(_db.session.get(Application, application.id), _db.session.get(User, artisan.id),
                                   "interview", "Mardi ?")
        _db.session.remove()
    assert stale.status == ApplicationStatus.RECEIVED  # what the second click still believes
    with pytest.raises(AlreadyMoved):
        applications.change_status(stale, artisan, "interview", "Mardi ?")
    assert stale.status == ApplicationStatus.INTERVIEW
    assert _count(ApplicationEvent, application_id=application.id, status=ApplicationStatus.INTERVIEW) == 1
    assert _count(OutgoingMail, to=candidate.email) == 1


def test_two_requests_racing_on_a_proposal_record_it_once(app, make_user):
    artisan, project = make_artisan_project(make_user)
    partner = make_user("partner")
    interest = interests.express_interest(project, partner, message="Designer à Lyon, je travaille le frêne.",
                                          contributions=["design"])
    stale = _db.session.get(Interest, interest.id)
    with app.app_context():
        interests.change_status(_db.session.get(Interest, interest.id), _db.session.get(User, artisan.id),
                                "accepted", "Bienvenue !")
        _db.session.remove()
    with pytest.raises(InvalidMove):  # a different move, decided on what the page showed before
        interests.change_status(stale, artisan, "declined", "Finalement non.")
    assert stale.status == InterestStatus.ACCEPTED
    assert [event.status for event in _db.session.get(Interest, interest.id).events] == [
        InterestStatus.NEW, InterestStatus.ACCEPTED]


def _token(page) -> str:
    match = TOKEN.search(page.text)
    assert match, "the form carries a one-time token"
    return match[1] or match[2]


@pytest.mark.parametrize("kind, path, form", [("offer", "offres/nouvelle", OFFER_FORM),
                                              ("project", "projets/nouveau", PROJECT_FORM)])
def test_a_listing_form_posted_twice_makes_one_draft(client, make_user, login, kind, path, form):
    artisan = make_user("artisan")
    login(artisan.email)
    url = f"/espace-artisan/entreprises/{make_business(artisan).id}/{path}"
    data = {**form, "action": "draft", "form_token": _token(client.get(url))}
    first = client.post(url, data=data, follow_redirects=True)
    second = client.post(url, data=data, follow_redirects=True)
    assert "Brouillon enregistré." in first.text
    assert second.status_code == 200 and "déjà été envoyé" in second.text
    assert _count(Listing, type=kind) == 1
    again = {**data, "form_token": _token(client.get(url))}  # a new form is a new listing
    assert "Brouillon enregistré." in client.post(url, data=again, follow_redirects=True).text
    assert _count(Listing, type=kind) == 2


def test_a_refused_listing_form_keeps_its_token_usable(client, make_user, login):
    artisan = make_user("artisan")
    login(artisan.email)
    url = f"/espace-artisan/entreprises/{make_business(artisan).id}/offres/nouvelle"
    token = _token(client.get(url))
    refused = client.post(url, data={**OFFER_FORM, "title": "", "action": "draft", "form_token": token})
    assert refused.status_code == 422 and _token(refused) == token
    done = client.post(url, data={**OFFER_FORM, "action": "draft", "form_token": token}, follow_redirects=True)
    assert "Brouillon enregistré." in done.text and _count(Listing) == 1
