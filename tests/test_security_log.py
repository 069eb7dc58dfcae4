"""The security log: sign-ins, failures, logout, passwords, CV downloads, decisions; masked, escaped, no secrets."""
import json
import logging

from sqlalchemy import select

from app.core.logs import JsonFormatter
from app.extensions import db
from app.models.security_log import SecurityEvent
from app.services.accounts import security_log
from app.services.accounts import users as accounts
from app.services.listings.lifecycle import transition
from app.services.moderation import chamber_dashboard as dashboard
from app.services.responses import applications
from tests.application_factories import PASSWORD, apply_to, make_artisan_offer, make_candidate, sign_in
from tests.factories import make_business, make_offer


def events(kind: str | None = None) -> list[SecurityEvent]:
    """Every stored event (of one kind), oldest first."""
    query = select(SecurityEvent).order_by(SecurityEvent.id)
    if kind:
        query = query.where(SecurityEvent.kind == kind)
    return list(db.session.scalars(query))


def stored_text(event: SecurityEvent) -> str:
    """Every column of an event as one string, to look for what must never be stored."""
    return json.dumps({c.key: str(getattr(event, c.key)) for c in SecurityEvent.__table__.columns})


def test_sign_in_is_logged_with_request_id_and_hashed_address(client, make_user, login):
    user = make_user(email="lea.martin@exemple.fr")
    client.post("/connexion", data={"email": user.email, "password": PASSWORD}, headers={"X-Request-ID": "req-42"})
    [event] = events("login_success")
    assert event.user_id == user.id and event.request_id == "req-42"
    assert event.ip_hash and len(event.ip_hash) == 16 and "127.0.0.1" not in stored_text(event)
    assert PASSWORD not in stored_text(event)


def test_failed_sign_in_keeps_a_masked_address_and_never_the_password(client, make_user, login):
    user = make_user(email="lea.martin@exemple.fr")
    login("lea.martin@exemple.fr", password="mauvais mot de passe 123")
    login("inconnu.total@exemple.fr", password="un autre essai 456")
    known, unknown = events("login_failure")
    assert known.user_id == user.id and known.details == {"email": "l***@exemple.fr"}
    assert unknown.user_id is None and unknown.details == {"email": "i***@exemple.fr"}
    for event in (known, unknown):
        text = stored_text(event)
        assert "lea.martin" not in text and "inconnu.total" not in text
        assert "mauvais mot de passe" not in text and "un autre essai" not in text


def test_logout_password_change_and_reset_are_logged(app, client, make_user, login):
    user = make_user(email="lea@exemple.fr")
    login(user.email)
    client.post("/compte/mot-de-passe", data={"current_password": PASSWORD,
                                              "password": "nouvelle phrase secrète du matin",
                                              "password_confirm": "nouvelle phrase secrète du matin"})
    client.post("/deconnexion")
    client.post("/mot-de-passe-oublie", data={"email": user.email})
    token = accounts.make_reset_token(db.session.get(type(user), user.id))
    client.post(f"/mot-de-passe/reinitialiser/{token}", data={"password": "troisième phrase bien choisie ici",
                                                                "password_confirm": "troisième phrase bien choisie ici"})
    kinds = [event.kind for event in events() if event.user_id == user.id]
    assert kinds == ["login_success", "password_changed", "logout", "password_reset_requested", "password_reset"]
    assert all(token not in stored_text(event) for event in events())


def test_cv_download_by_the_artisan_is_logged(app, make_user):
    artisan, offer = make_artisan_offer(make_user)
    application = apply_to(offer, make_candidate(make_user))
    response = sign_in(app, artisan).get(f"/espace-artisan/candidatures/{application.id}/cv")
    assert response.status_code == 200
    [event] = events("cv_downloaded")
    assert event.user_id == artisan.id and event.details == {"application_id": application.id}


def test_moderation_decisions_and_csv_exports_are_logged(app, make_user):
    staff = make_user("staff", chamber_code="IDF")
    artisan = make_user("artisan")
    offer = make_offer(make_business(artisan), "submitted")
    transition(offer, "publish", staff)
    dashboard.listings_csv(staff)
    decision, export = events("moderation_decision"), events("csv_export")
    assert [(e.user_id, e.details["action"], e.details["subject"]) for e in decision] == \
        [(staff.id, "listing.publish", f"listing:{offer.id}")]
    assert [e.details["action"] for e in export] == ["export.listings"]


def test_values_are_stored_as_data_and_shown_escaped(app, client, make_user, login):
    user = make_user(email="lea@exemple.fr")
    client.post("/connexion", data={"email": user.email, "password": PASSWORD},
                headers={"User-Agent": "<script>alert('ua')</script>"})
    security_log.record_now("login_failure", user, email="<b>x</b>\nsuite@exemple.fr")
    html = client.get("/compte/donnees").get_data(as_text=True)
    assert "<script>alert" not in html and "Appareil inconnu" in html  # the device is named, not the raw header
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html
    stored = events("login_failure")[-1]
    assert stored.details["email"] == "<b>x</b>\nsuite@exemple.fr"  # kept as typed data, escaped when shown


def test_each_event_is_mirrored_as_one_escaped_json_log_line(app, make_user, caplog):
    user = make_user()
    with caplog.at_level(logging.INFO, logger="passerelle.security"):
        security_log.record("login_failure", user, email="a***@<i>x</i>\nfaux: log")
    [record] = [r for r in caplog.records if r.name == "passerelle.security"]
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["kind"] == "login_failure" and entry["user_id"] == user.id
    assert entry["details"]["email"] == "a***@<i>x</i>\nfaux: log"


def test_mask_email():
    assert security_log.mask_email("jean.dupont@exemple.fr") == "j***@exemple.fr"
    assert security_log.mask_email("pas-une-adresse") == "p***"
    assert security_log.mask_email("") == ""


def test_a_status_change_is_not_a_security_event(app, make_user):
    artisan, offer = make_artisan_offer(make_user)
    application = apply_to(offer, make_candidate(make_user))
    applications.change_status(application, artisan, "interview", "Venez nous voir.")
    assert events("moderation_decision") == []
