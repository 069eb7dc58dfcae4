"""Saved searches and e-mail alerts: confirmation, sending each new listing once, one-click unsubscribe."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.core.time import utcnow
from app.extensions import db
from app.models.saved_search import SavedSearch
from tests.search_fixtures import artisan, place, sync  # noqa: F401

BASE = "http://127.0.0.1:5000"


@pytest.fixture
def publish_now(place):
    """Factory: a listing published right now (after any alert saved before), searchable at once."""

    def _publish(title, **fields):
        listing = place("69003", title=title, trade="patissier", **fields)
        listing.published_at = utcnow()
        db.session.commit()
        sync()
        return listing

    return _publish


def send_alerts(runner, now=None) -> str:
    """Run `flask alerts send`, then `flask mail send`; the first command's output."""
    args = ["alerts", "send"] + (["--now", now.strftime("%Y-%m-%dT%H:%M:%S")] if now else [])
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["mail", "send"]).exit_code == 0
    return result.output


def save(client, email="lea@exemple.fr", query="q=patissier&near=69003&radius_km=20", frequency="daily"):
    return client.post("/alertes/nouvelle", data={"query": query, "email": email, "frequency": frequency})


def path_of(body: str, prefix: str) -> str:
    """The local path of the first link of the e-mail starting with prefix."""
    return re.search(re.escape(BASE) + r"(" + re.escape(prefix) + r"[^\s]+)", body).group(1)


def saved_search() -> SavedSearch:
    db.session.expire_all()
    return db.session.scalars(select(SavedSearch)).one()


def test_a_visitor_alert_is_confirmed_then_sends_each_new_listing_once_until_unsubscribed(
        client, runner, mailbox, publish_now):
    sync()
    response = save(client)
    assert response.status_code == 302
    assert response.headers["Location"] == "/recherche?q=patissier&near=69003&radius_km=20"
    assert "ouvrez le lien envoyé à lea@exemple.fr" in client.get(response.headers["Location"]).get_data(as_text=True)
    [confirmation] = mailbox()
    assert confirmation["To"] == "lea@exemple.fr" and confirmation["Subject"] == "Confirmez votre alerte Passerelle"
    body = confirmation.get_content()
    assert "« patissier » · à moins de 20 km de Lyon 3e arrondissement (69003)" in body

    first = publish_now("Apprentie pâtissière au Vieux-Lyon")
    assert "0 alerte(s) envoyée(s)" in send_alerts(runner)  # not confirmed yet
    assert len(mailbox()) == 1

    confirm = path_of(body, "/alertes/confirmer/")
    page = client.get(confirm).get_data(as_text=True)
    assert "Confirmer mon alerte" in page and saved_search().confirmed_at is None  # GET changes nothing
    assert client.post(confirm).status_code == 302
    assert saved_search().confirmed_at is not None

    assert "1 alerte(s) envoyée(s)" in send_alerts(runner)
    alert = mailbox()[-1]
    assert alert["To"] == "lea@exemple.fr"
    assert alert["Subject"] == "1 nouvelle annonce pour votre alerte Passerelle"
    text = alert.get_content()
    assert "Apprentie pâtissière au Vieux-Lyon" in text and BASE + first.public_path in text
    # Mail clients show a one-click « unsubscribe » (RFC 8058) pointing to the same link as the body.
    assert alert["List-Unsubscribe"] == f"<{BASE}{path_of(text, '/alertes/desinscription/')}>"
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "(69003)" in text

    assert "0 alerte(s) envoyée(s)" in send_alerts(runner)  # nothing new, and not due yet
    assert "0 alerte(s) envoyée(s)" in send_alerts(runner, utcnow() + timedelta(days=1))  # due, nothing new
    assert len(mailbox()) == 2

    publish_now("Apprenti pâtissier chocolatier à la Guillotière")
    assert "1 alerte(s) envoyée(s)" in send_alerts(runner, utcnow() + timedelta(days=2))
    later = mailbox()[-1].get_content()
    assert "Guillotière" in later and "Vieux-Lyon" not in later

    unsubscribe = path_of(later, "/alertes/desinscription/")
    page = client.get(unsubscribe).get_data(as_text=True)
    assert "Me désinscrire" in page and 'method="post"' in page
    assert saved_search().active  # GET never changes anything
    assert "Alerte désactivée" in client.post(unsubscribe).get_data(as_text=True)
    assert not saved_search().active

    publish_now("Apprentie pâtissière à la Croix-Rousse")
    assert "0 alerte(s) envoyée(s)" in send_alerts(runner, utcnow() + timedelta(days=5))
    assert len(mailbox()) == 3


def test_a_signed_in_users_alert_needs_no_confirmation_and_is_listed_in_mes_alertes(
        client, runner, login, make_user, mailbox, publish_now):
    sync()
    user = make_user("apprentice", email="sami@exemple.fr")
    login(user.email)
    page = client.get("/recherche", query_string={"q": "patissier"}).get_data(as_text=True)
    assert 'value="sami@exemple.fr"' in page  # the address is prefilled
    response = save(client, email=user.email, query="q=patissier", frequency="weekly")
    assert "Votre alerte est enregistrée" in client.get(response.headers["Location"]).get_data(as_text=True)
    saved = saved_search()
    assert saved.confirmed_at is not None and saved.user_id == user.id and saved.frequency == "weekly"
    assert not any(mail["Subject"] == "Confirmez votre alerte Passerelle" for mail in mailbox())

    publish_now("Apprenti pâtissier tourier")
    assert "1 alerte(s) envoyée(s)" in send_alerts(runner)
    publish_now("Apprentie pâtissière glacière")
    assert "0 alerte(s) envoyée(s)" in send_alerts(runner, utcnow() + timedelta(days=3))  # weekly: not due
    assert "1 alerte(s) envoyée(s)" in send_alerts(runner, utcnow() + timedelta(days=7))

    listing = client.get("/alertes").get_data(as_text=True)
    assert "«\u00a0patissier\u00a0»" in listing and "Hebdomadaire" in listing
    assert client.post(f"/alertes/{saved.id}/supprimer", data={"confirm": "1"}, follow_redirects=True).status_code == 200
    assert "Vous n’avez pas encore d’alerte" in client.get("/alertes").get_data(as_text=True)


def test_mes_alertes_needs_an_account_and_nobody_deletes_someone_elses_alert(client, login, make_user):
    assert client.get("/alertes").status_code == 302
    save(client, email="autre@exemple.fr")
    other = saved_search()
    login(make_user("apprentice").email)
    assert client.post(f"/alertes/{other.id}/supprimer").status_code == 404
    assert client.get(f"/alertes/{other.id}/supprimer").status_code == 404
    assert client.post(f"/alertes/{other.id}/supprimer", data={"confirm": "1"}).status_code == 404
    assert saved_search().active


def test_an_unconfirmed_alert_sends_nothing(client, runner, mailbox, publish_now):
    sync()
    save(client)
    publish_now("Apprentie pâtissière à Lyon")
    assert "0 alerte(s) envoyée(s)" in send_alerts(runner, utcnow() + timedelta(days=2))
    assert [mail["Subject"] for mail in mailbox()] == ["Confirmez votre alerte Passerelle"]


def test_listings_published_before_the_alert_are_not_sent(client, runner, login, make_user, place):
    place("69003", title="Apprentie pâtissière déjà publiée", trade="patissier")
    sync()
    user = make_user("apprentice")
    login(user.email)
    save(client, email=user.email)
    assert "0 alerte(s) envoyée(s)" in send_alerts(runner)


@pytest.mark.parametrize("token", ["abc", "eyJzIjoxLCJlIjoieEB5LmZyIn0.AAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBB"])
def test_a_tampered_confirmation_link_gives_a_french_error_page(client, token):
    for response in (client.get(f"/alertes/confirmer/{token}"), client.post(f"/alertes/confirmer/{token}")):
        assert response.status_code == 400
        assert "Ce lien de confirmation n’est pas valide" in response.get_data(as_text=True)


def test_a_confirmation_link_with_one_character_changed_is_refused(client, mailbox):
    save(client)
    confirm = path_of(mailbox()[0].get_content(), "/alertes/confirmer/")
    head, signature = confirm.rsplit(".", 1)
    tampered = f"{head}.{signature[:5]}{'A' if signature[5] != 'A' else 'B'}{signature[6:]}"
    assert client.post(tampered).status_code == 400
    assert saved_search().confirmed_at is None


def test_an_unknown_unsubscribe_link_gives_a_french_404(client):
    response = client.get("/alertes/desinscription/inconnu")
    assert response.status_code == 404
    assert "Ce lien de désinscription n’est pas valide" in response.get_data(as_text=True)


def test_a_mail_client_one_click_unsubscribe_post_works(client, mailbox):
    save(client)
    unsubscribe = path_of(mailbox()[0].get_content(), "/alertes/desinscription/")
    response = client.post(unsubscribe, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and not saved_search().active


def test_a_wrong_address_is_refused_next_to_the_field(client):
    response = save(client, email="pas-une-adresse")
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="alerte-email-erreur">Saisissez une adresse électronique valide' in text
    assert 'value="pas-une-adresse"' in text
    assert db.session.scalars(select(SavedSearch)).first() is None


def test_a_search_that_cannot_be_saved_is_explained(client):
    response = save(client, query="near=99999")
    assert response.status_code == 400
    assert "Cette recherche ne peut pas être enregistrée\u00a0: Lieu inconnu" in response.get_data(as_text=True)


def test_saving_is_rate_limited_per_address(app, client):
    app.config["RATELIMIT_ALERT_SAVE"] = "2 per hour"
    assert save(client, email="a@exemple.fr").status_code == 302
    assert save(client, email="b@exemple.fr").status_code == 302
    response = save(client, email="c@exemple.fr")
    assert response.status_code == 429 and "Trop de tentatives" in response.get_data(as_text=True)
