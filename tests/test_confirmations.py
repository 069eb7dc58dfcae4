"""Decisions that cannot be undone ask first: filling or withdrawing a listing, withdrawing an application,
deleting an alert show what will happen, and only a confirmed POST acts."""
import html
import re

import pytest
from sqlalchemy import select

from app.core.errors import Refused
from app.extensions import db
from app.mail.outbox import send_pending
from app.models import Listing, ListingStatus
from app.models.application import Application
from app.models.application_states import ApplicationStatus
from app.services.listings.lifecycle import transition
from app.services.messaging import alerts
from app.services.responses import applications
from tests.application_factories import apply_to, make_artisan_offer, make_candidate, sign_in

S = ApplicationStatus


def text(response) -> str:
    """The page's visible text on one line, with ordinary spaces."""
    body = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return re.sub(r"\s+", " ", html.unescape(body).replace("\u00a0", " "))


def status_of(application) -> ApplicationStatus:
    db.session.expire_all()
    return db.session.get(Application, application.id).status


@pytest.fixture
def crowded(app, make_user):
    """A published offer with three open applications, two of them at interview, and one withdrawn."""
    artisan, offer = make_artisan_offer(make_user)
    people = [make_candidate(make_user) for _ in range(4)]
    waiting, first, second, gone = (apply_to(offer, person) for person in people)
    for application in (first, second):
        applications.change_status(application, artisan, S.INTERVIEW, "Entretien")
    applications.withdraw(gone, people[3])
    send_pending()
    return artisan, offer, people, (waiting, first, second, gone)


def test_fill_asks_first_with_the_counts(app, crowded):
    artisan, offer, _, (waiting, first, second, gone) = crowded
    client = sign_in(app, artisan)
    dashboard = client.get("/espace-artisan").get_data(as_text=True)
    assert f'<a class="button button-small button-secondary button-danger" href="/espace-artisan/annonces/{offer.id}/fill"' in dashboard
    page = client.get(f"/espace-artisan/annonces/{offer.id}/fill")
    assert page.status_code == 200
    body = text(page)
    assert "Les 3 candidatures encore ouvertes seront refusées et les candidats prévenus par e-mail." in body
    assert "2 candidatures sont au stade de l’entretien : cochez celles à garder ouvertes" in body
    html_page = page.get_data(as_text=True)
    assert f'name="keep" value="{first.id}"' in html_page and f'name="keep" value="{second.id}"' in html_page
    assert f'name="keep" value="{waiting.id}"' not in html_page and f'name="keep" value="{gone.id}"' not in html_page
    assert 'name="confirm" value="1" class="button button-danger"' in html_page
    assert 'class="button button-secondary" href="/espace-artisan">Annuler</a>' in html_page
    assert db.session.get(Listing, offer.id).status == ListingStatus.PUBLISHED


def test_unconfirmed_post_changes_nothing(app, crowded, mailbox):
    artisan, offer, _, (waiting, first, second, _) = crowded
    client = sign_in(app, artisan)
    before = len(mailbox())
    for action in ("fill", "withdraw"):
        response = client.post(f"/espace-artisan/annonces/{offer.id}/{action}", data={"keep": [first.id]})
        assert response.status_code == 200 and "Ce choix est définitif" in text(response)
    db.session.expire_all()
    assert db.session.get(Listing, offer.id).status == ListingStatus.PUBLISHED
    assert [status_of(a) for a in (waiting, first, second)] == [S.RECEIVED, S.INTERVIEW, S.INTERVIEW]
    send_pending()
    assert len(mailbox()) == before


def test_confirmed_fill_keeps_the_chosen_ones_open(app, crowded, mailbox):
    artisan, offer, people, (waiting, first, second, gone) = crowded
    client = sign_in(app, artisan)
    before = len(mailbox())
    response = client.post(f"/espace-artisan/annonces/{offer.id}/fill", data={"confirm": "1", "keep": [first.id]},
                           follow_redirects=True)
    assert "est marquée comme pourvue" in text(response)
    assert db.session.get(Listing, offer.id).status == ListingStatus.FILLED
    assert [status_of(a) for a in (waiting, first, second, gone)] == [S.DECLINED, S.INTERVIEW, S.DECLINED,
                                                                       S.WITHDRAWN]
    send_pending()
    new = mailbox()[before:]
    assert sorted(m["To"] for m in new) == sorted([people[0].email, people[2].email])
    assert all("vient d’être pourvue" in m.get_body(("plain",)).get_content() for m in new)


def test_keep_refuses_applications_of_another_offer(app, make_user, crowded):
    artisan, offer, _, (waiting, *_) = crowded
    _, other_offer = make_artisan_offer(make_user)
    stranger = apply_to(other_offer, make_candidate(make_user))
    client = sign_in(app, artisan)
    response = client.post(f"/espace-artisan/annonces/{offer.id}/fill",
                           data={"confirm": "1", "keep": [stranger.id]}, follow_redirects=True)
    assert "Seules les candidatures encore ouvertes de cette offre peuvent rester ouvertes." in text(response)
    db.session.expire_all()
    assert db.session.get(Listing, offer.id).status == ListingStatus.PUBLISHED
    assert status_of(waiting) == S.RECEIVED and status_of(stranger) == S.RECEIVED
    with pytest.raises(Refused):
        transition(offer, "fill", artisan, keep=[stranger.id])


def test_confirmed_withdraw_acts(app, crowded):
    artisan, offer, *_ = crowded
    client = sign_in(app, artisan)
    body = text(client.get(f"/espace-artisan/annonces/{offer.id}/withdraw"))
    assert "Retirer l’annonce « " in body and "ne pourra pas être remise en ligne" in body
    assert "Les 3 candidatures encore ouvertes restent dans vos candidatures reçues" in body
    response = client.post(f"/espace-artisan/annonces/{offer.id}/withdraw", data={"confirm": "1"},
                           follow_redirects=True)
    assert "est retirée : elle n’est plus visible." in text(response)
    assert db.session.get(Listing, offer.id).status == ListingStatus.WITHDRAWN


def test_a_get_never_acts(app, make_user):
    artisan, offer = make_artisan_offer(make_user, status="draft")
    client = sign_in(app, artisan)
    response = client.get(f"/espace-artisan/annonces/{offer.id}/fill", follow_redirects=True)
    assert "« Marquer comme pourvue » n’est pas possible pour une annonce « Brouillon »." in text(response)
    assert client.get(f"/espace-artisan/annonces/{offer.id}/submit").status_code == 404
    assert db.session.get(Listing, offer.id).status == ListingStatus.DRAFT
    assert db.session.scalar(select(Listing).where(Listing.id == offer.id)).status == ListingStatus.DRAFT


def test_candidate_withdrawal_asks_first(app, make_user, mailbox):
    artisan, offer = make_artisan_offer(make_user)
    candidate = make_candidate(make_user)
    application = apply_to(offer, candidate)
    send_pending()
    client = sign_in(app, candidate)
    url = f"/candidatures/{application.id}/retirer"
    assert f'class="button button-secondary button-danger" href="{url}"' in client.get(
        f"/candidatures/{application.id}").get_data(as_text=True)
    page = client.get(url)
    body = text(page)
    assert "Ce choix est définitif" in body and "sera prévenue par e-mail" in body
    assert "vous ne pourrez plus postuler à cette offre" in body
    assert 'name="confirm" value="1" class="button button-danger"' in page.get_data(as_text=True)
    before = len(mailbox())
    assert "Ce choix est définitif" in text(client.post(url))  # unconfirmed: the same page, nothing done
    send_pending()
    assert status_of(application) == S.RECEIVED and len(mailbox()) == before
    response = client.post(url, data={"confirm": "1"}, follow_redirects=True)
    assert "Votre candidature est retirée" in text(response)
    assert status_of(application) == S.WITHDRAWN
    response = client.get(url, follow_redirects=True)
    assert "Une candidature « Retirée » ne peut plus être retirée." in text(response)


def test_alert_deletion_asks_first(app, make_user):
    user = make_user("apprentice")
    client = sign_in(app, user)
    client.post("/alertes/nouvelle", data={"query": "q=patissier", "email": user.email, "frequency": "daily"})
    saved = alerts.alerts_of(user)[0]
    url = f"/alertes/{saved.id}/supprimer"
    assert f'class="button button-small button-secondary button-danger" href="{url}"' in client.get(
        "/alertes").get_data(as_text=True)
    page = client.get(url)
    body = text(page)
    assert f"Ce choix est définitif : vous ne recevrez plus à {user.email} les nouvelles annonces" in body
    assert "« patissier »" in body
    assert 'name="confirm" value="1" class="button button-danger"' in page.get_data(as_text=True)
    assert "Supprimer cette alerte ?" in text(client.post(url))  # unconfirmed: the same page, nothing done
    assert [s.id for s in alerts.alerts_of(user)] == [saved.id]
    response = client.post(url, data={"confirm": "1"}, follow_redirects=True)
    assert "L’alerte a été supprimée." in text(response)
    assert alerts.alerts_of(user) == []
    assert client.get(url).status_code == 404
