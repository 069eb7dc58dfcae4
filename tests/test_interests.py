"""Partner interest in projects: propose once, the artisan sees who and answers, partners follow their proposals."""
import pytest
from sqlalchemy import func, select

from app.core.errors import NotAllowed, Refused
from app.extensions import db as _db
from app.models.application_states import InterestStatus, InvalidMove
from app.models.interest import Interest
from app.models.notification import Notification
from app.services.responses import interests
from tests.application_factories import make_artisan_project, sign_in

S = InterestStatus
FORM = {"message": "Designer à Lyon, je travaille le frêne depuis dix ans.", "contributions": ["design", "reseau"],
        "contribution_text": "Dessins, prototypes et contacts d’éditeurs."}


def _reload(interest) -> Interest:
    return _db.session.get(Interest, interest.id)


def test_partner_proposes_and_the_artisan_answers(app, make_user, mailbox):
    artisan, project = make_artisan_project(make_user)
    partner = make_user("partner", display_name="Studio Frêne")
    client = sign_in(app, partner)
    assert "Design et création" in client.get(f"/projets/{project.id}/proposer").get_data(as_text=True)
    response = client.post(f"/projets/{project.id}/proposer", data=FORM)
    assert response.status_code == 302
    interest = _db.session.scalar(select(Interest))
    assert interest.status == S.NEW and interest.contributions == ["design", "reseau"]
    assert any("Nouvelle proposition" in m["Subject"] for m in mailbox() if m["To"] == artisan.email)
    assert _db.session.scalar(select(Notification).filter_by(user_id=artisan.id, kind="interest_received"))

    owner = sign_in(app, artisan)
    html = owner.get("/espace-artisan/propositions").get_data(as_text=True)
    assert "Studio Frêne" in html and project.title in html and "Design et création" in html
    assert "Studio Frêne" in owner.get(f"/espace-artisan/projets/{project.id}/propositions").get_data(as_text=True)
    detail = owner.get(f"/espace-artisan/propositions/{interest.id}").get_data(as_text=True)
    assert "je travaille le frêne" in detail and "contacts d’éditeurs" in detail
    form = owner.get(f"/espace-artisan/propositions/{interest.id}/statut/discussing").get_data(as_text=True)
    assert "Bonjour Studio Frêne," in form
    owner.post(f"/espace-artisan/propositions/{interest.id}/statut/discussing",
               data={"message": "Parlons-en jeudi ?"})
    interest = _reload(interest)
    assert interest.status == S.DISCUSSING and interest.discussing_at is not None
    assert any("En discussion" in m["Subject"] for m in mailbox() if m["To"] == partner.email)

    mine = client.get("/propositions").get_data(as_text=True)
    assert project.title in mine and "En discussion" in mine
    assert "Parlons-en jeudi\u00a0?" in client.get(f"/propositions/{interest.id}").get_data(as_text=True)

    owner.post(f"/espace-artisan/propositions/{interest.id}/statut/accepted", data={"message": "Bienvenue !"})
    interest = _reload(interest)
    assert interest.status == S.ACCEPTED and interest.accepted_at is not None
    assert [e.status for e in interest.events] == [S.NEW, S.DISCUSSING, S.ACCEPTED]


def test_one_interest_per_partner_and_project(app, make_user):
    artisan, project = make_artisan_project(make_user)
    client = sign_in(app, make_user("partner"))
    client.post(f"/projets/{project.id}/proposer", data=FORM)
    assert "Vous avez déjà proposé votre aide" in client.get(f"/projets/{project.id}/proposer").get_data(as_text=True)
    response = client.post(f"/projets/{project.id}/proposer", data=FORM)
    assert response.status_code == 422 and "Vous avez déjà proposé votre aide" in response.get_data(as_text=True)
    assert _db.session.scalar(select(func.count(Interest.id))) == 1


def test_race_past_the_check_ends_on_the_constraint(app, make_user, monkeypatch):
    artisan, project = make_artisan_project(make_user)
    partner = make_user("partner")
    interests.express_interest(project, partner, message="Bonjour", contributions=["design"])
    monkeypatch.setattr(interests, "existing_interest", lambda project, partner: None)
    with pytest.raises(interests.DuplicateInterest):
        interests.express_interest(project, partner, message="Encore", contributions=["design"])
    monkeypatch.undo()
    assert _db.session.scalar(select(func.count(Interest.id))) == 1


def test_validation(app, make_user):
    artisan, project = make_artisan_project(make_user)
    with pytest.raises(Refused) as error:
        interests.express_interest(project, make_user("partner"), message=" ", contributions=["mystere"])
    assert set(error.value.errors) == {"message", "contributions"}


@pytest.mark.parametrize("role", ["apprentice", "artisan", "staff"])
def test_only_partners_propose(app, make_user, role):
    artisan, project = make_artisan_project(make_user)
    user = make_user(role)
    assert sign_in(app, user).post(f"/projets/{project.id}/proposer", data=FORM).status_code == 403
    with pytest.raises(NotAllowed):
        interests.express_interest(project, user, message="Bonjour", contributions=["design"])


@pytest.mark.parametrize("status", ["draft", "submitted", "closed", "withdrawn"])
def test_only_published_projects(app, make_user, status):
    artisan, project = make_artisan_project(make_user, status=status)
    partner = make_user("partner")
    assert sign_in(app, partner).get(f"/projets/{project.id}/proposer").status_code == 404
    with pytest.raises(InvalidMove):
        interests.express_interest(project, partner, message="Bonjour", contributions=["design"])


def test_who_may_answer(app, make_user):
    artisan, project = make_artisan_project(make_user)
    partner = make_user("partner")
    interest = interests.express_interest(project, partner, message="Bonjour", contributions=["design"])
    with pytest.raises(NotAllowed):
        interests.change_status(interest, partner, S.ACCEPTED, "Je m’accepte")
    other = make_user("artisan")
    client = sign_in(app, other)
    assert client.get(f"/espace-artisan/propositions/{interest.id}").status_code == 404
    assert client.post(f"/espace-artisan/propositions/{interest.id}/statut/declined",
                       data={"message": "Non"}).status_code == 404
    assert sign_in(app, make_user("partner")).get(f"/propositions/{interest.id}").status_code == 404
    assert sign_in(app, artisan).get(f"/propositions/{interest.id}").status_code == 403
    interests.change_status(interest, artisan, S.DECLINED, "Merci, mais non.")
    for target in S:
        with pytest.raises((InvalidMove, ValueError)):
            interests.change_status(interest, artisan, target, "Encore")
    assert _reload(interest).declined_at is not None
