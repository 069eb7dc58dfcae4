"""The artisan's inbox: lists and filters, statuses with allowed moves and timestamps, messages, private notes,
and an offer marked filled telling the remaining candidates."""
import pytest
from sqlalchemy import select

from app.core.errors import NotAllowed, Refused
from app.extensions import db as _db
from app.models.application import Application
from app.models.application_states import APPLICATION_MOVES, ApplicationStatus, InvalidMove, Party
from app.models.notification import Notification
from app.services.listings.lifecycle import transition
from app.services.responses import applications
from tests.application_factories import apply_to, make_artisan_offer, make_candidate, sign_in
from tests.factories import make_offer

S = ApplicationStatus


@pytest.fixture
def received(app, make_user):
    """An artisan, their published offer and one received application."""
    artisan, offer = make_artisan_offer(make_user)
    candidate = make_candidate(make_user)
    return artisan, offer, candidate, apply_to(offer, candidate)


def _reload(application) -> Application:
    return _db.session.get(Application, application.id)


def test_inbox_lists_and_filters(app, make_user, received):
    artisan, offer, candidate, application = received
    other_offer = make_offer(offer.business, "published", title="Apprenti pâtissier (H/F)", trade="patissier")
    apply_to(other_offer, make_candidate(make_user, first_name="Tom", last_name="Durand"))
    client = sign_in(app, artisan)
    html = client.get("/espace-artisan/candidatures").get_data(as_text=True)
    assert "Léa Martin" in html and "Tom Durand" in html and "Apprenti pâtissier" in html
    html = client.get(f"/espace-artisan/offres/{offer.id}/candidatures").get_data(as_text=True)
    assert "Léa Martin" in html and "Tom Durand" not in html
    assert "Léa Martin" in client.get("/espace-artisan/candidatures?statut=received").get_data(as_text=True)
    assert "Léa Martin" not in client.get("/espace-artisan/candidatures?statut=interview").get_data(as_text=True)
    assert client.get("/espace-artisan/candidatures?statut=nimportequoi").status_code == 404


def test_another_artisan_sees_nothing(app, make_user, received):
    artisan, offer, candidate, application = received
    client = sign_in(app, make_user("artisan"))
    assert "Léa Martin" not in client.get("/espace-artisan/candidatures").get_data(as_text=True)
    assert client.get(f"/espace-artisan/offres/{offer.id}/candidatures").status_code == 404
    assert client.get(f"/espace-artisan/candidatures/{application.id}").status_code == 404
    assert client.post(f"/espace-artisan/candidatures/{application.id}/statut/interview",
                       data={"message": "Bonjour"}).status_code == 404
    assert client.post(f"/espace-artisan/candidatures/{application.id}/notes", data={"body": "x"}).status_code == 404
    assert _reload(application).status == S.RECEIVED


@pytest.mark.parametrize("role, expected", [("apprentice", 403), ("partner", 403), ("staff", 403)])
def test_other_roles_cannot_open_the_inbox(app, make_user, received, role, expected):
    application = received[3]
    client = sign_in(app, make_user(role))
    assert client.get("/espace-artisan/candidatures").status_code == expected
    assert client.get(f"/espace-artisan/candidatures/{application.id}").status_code == expected


def test_candidate_cannot_change_the_status(app, received):
    artisan, offer, candidate, application = received
    with pytest.raises(NotAllowed):
        applications.change_status(application, candidate, S.ACCEPTED, "Je me retiens moi-même")
    assert sign_in(app, candidate).post(f"/espace-artisan/candidatures/{application.id}/statut/interview",
                                        data={"message": "x"}).status_code == 403


def test_opening_marks_viewed_once(app, received):
    artisan, offer, candidate, application = received
    client = sign_in(app, artisan)
    html = client.get(f"/espace-artisan/candidatures/{application.id}").get_data(as_text=True)
    assert "Je suis motivée" in html and "Télécharger le CV" in html and "Consultée" in html
    application = _reload(application)
    assert application.status == S.VIEWED and application.viewed_at is not None
    viewed_at = application.viewed_at
    client.get(f"/espace-artisan/candidatures/{application.id}")
    assert _reload(application).viewed_at == viewed_at and len(_reload(application).events) == 2


def test_interview_with_a_prefilled_editable_message(app, received, mailbox):
    artisan, offer, candidate, application = received
    client = sign_in(app, artisan)
    form = client.get(f"/espace-artisan/candidatures/{application.id}/statut/interview").get_data(as_text=True)
    assert "Bonjour Léa," in form and "a retenu notre attention" in form and offer.business.name in form
    response = client.post(f"/espace-artisan/candidatures/{application.id}/statut/interview",
                           data={"message": "Bonjour Léa, venez mardi à 10 h au fournil."})
    assert response.status_code == 302
    application = _reload(application)
    assert application.status == S.INTERVIEW and application.interview_at is not None
    assert application.events[-1].message == "Bonjour Léa, venez mardi à 10 h au fournil."
    assert application.events[-1].by_id == artisan.id
    mails = [m for m in mailbox() if m["To"] == candidate.email]
    assert len(mails) == 1 and "Entretien proposé" in mails[0]["Subject"]
    assert "venez mardi à 10 h" in mails[0].get_body(("plain",)).get_content()
    page = sign_in(app, candidate).get(f"/candidatures/{application.id}").get_data(as_text=True)
    assert "Entretien proposé" in page and "venez mardi à 10\u00a0h" in page


def test_empty_message_is_refused(app, received):
    artisan, offer, candidate, application = received
    response = sign_in(app, artisan).post(f"/espace-artisan/candidatures/{application.id}/statut/declined",
                                          data={"message": "  "})
    assert response.status_code == 422 and _reload(application).status == S.RECEIVED
    with pytest.raises(Refused):
        applications.change_status(application, artisan, S.DECLINED, "")


def test_each_move_from_each_status(app, make_user):
    """The whole table: every target from every status, by the owner, the candidate and the system."""
    artisan, offer = make_artisan_offer(make_user)
    for source in S:
        for target, move in APPLICATION_MOVES.items():
            candidate = make_candidate(make_user)
            application = apply_to(offer, candidate)
            application.status = source
            _db.session.commit()
            actor = candidate if Party.CANDIDATE in move.parties else artisan
            if source in move.sources:
                applications.change_status(application, actor, target, "Message")
                assert application.status == target and getattr(application, f"{target.value}_at") is not None
            else:
                with pytest.raises(InvalidMove):
                    applications.change_status(application, actor, target, "Message")


def test_allowed_paths(app, received):
    artisan, offer, candidate, application = received
    with pytest.raises(InvalidMove):  # accepted only after an interview
        applications.change_status(application, artisan, S.ACCEPTED, "Bienvenue")
    applications.change_status(application, artisan, S.INTERVIEW, "Entretien mardi")
    applications.change_status(application, artisan, S.ACCEPTED, "Bienvenue")
    assert [e.status for e in _reload(application).events] == [S.RECEIVED, S.INTERVIEW, S.ACCEPTED]
    with pytest.raises(InvalidMove):
        applications.change_status(application, artisan, S.DECLINED, "Finalement non")
    with pytest.raises(InvalidMove):
        applications.withdraw(application, candidate)
    with pytest.raises(InvalidMove):
        applications.change_status(application, artisan, "received", "Retour")


def test_staff_cannot_act_on_applications(app, make_user, received):
    artisan, offer, candidate, application = received
    admin = make_user("admin")
    from app.core.errors import NotFound

    with pytest.raises(NotFound):
        applications.change_status(application, admin, S.DECLINED, "Non")


def test_notes_stay_private(app, received):
    artisan, offer, candidate, application = received
    client = sign_in(app, artisan)
    client.post(f"/espace-artisan/candidatures/{application.id}/notes", data={"body": "NOTE-SECRETE très motivée"})
    assert "NOTE-SECRETE" in client.get(f"/espace-artisan/candidatures/{application.id}").get_data(as_text=True)
    client.post(f"/espace-artisan/candidatures/{application.id}/statut/interview", data={"message": "Entretien ?"})
    candidate_client = sign_in(app, candidate)
    for path in ("/candidatures", f"/candidatures/{application.id}", "/notifications"):
        assert "NOTE-SECRETE" not in candidate_client.get(path).get_data(as_text=True)
    from app.models.mail import OutgoingMail

    assert all("NOTE-SECRETE" not in m.body_text for m in _db.session.scalars(select(OutgoingMail)))
    with pytest.raises(NotAllowed):
        applications.add_note(application, candidate, "moi aussi")


def test_filled_offer_tells_the_remaining_candidates(app, make_user, mailbox):
    artisan, offer = make_artisan_offer(make_user)
    people = [make_candidate(make_user) for _ in range(4)]
    hired, waiting, interviewed, gone = (apply_to(offer, person) for person in people)
    applications.change_status(interviewed, artisan, S.INTERVIEW, "Entretien")
    applications.change_status(hired, artisan, S.INTERVIEW, "Entretien")
    applications.change_status(hired, artisan, S.ACCEPTED, "Bienvenue")
    applications.withdraw(gone, people[3])
    from app.mail.outbox import send_pending

    send_pending()
    before = len(mailbox())
    transition(offer, "fill", artisan)
    assert _reload(hired).status == S.ACCEPTED and _reload(gone).status == S.WITHDRAWN
    for application in (waiting, interviewed):
        application = _reload(application)
        assert application.status == S.DECLINED and application.declined_at is not None
        assert application.events[-1].by_id is None and "vient d’être pourvue" in application.events[-1].message
        assert _db.session.scalar(select(Notification).filter_by(user_id=application.candidate_id,
                                                                 kind="application_status")) is not None
    send_pending()
    new = mailbox()[before:]
    assert sorted(m["To"] for m in new) == sorted([people[1].email, people[2].email])
    assert all("vient d’être pourvue" in m.get_body(("plain",)).get_content() for m in new)


def test_allowed_moves_for_buttons(app, received):
    artisan, offer, candidate, application = received
    assert [m.target for m in applications.allowed_moves(application, artisan)] == [S.INTERVIEW, S.DECLINED]
    assert [m.target for m in applications.allowed_moves(application, candidate)] == [S.WITHDRAWN]
