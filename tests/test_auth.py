"""Accounts through the browser: sign-up, confirmation, login, logout, password reset and change, throttling."""
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import select

from app.mail import outbox
from app.models import Role, User
from app.models.security_log import SecurityEvent
from app.services.accounts import users as accounts

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "violon lampadaire cerise 42"
SIGNUP = {"role": "artisan", "display_name": "Jeanne Martin", "email": "jeanne.martin@exemple.fr",
          "password": PASSWORD, "password_confirm": PASSWORD, "accept_terms": "y"}


def page(response) -> str:
    """The response body as text."""
    return response.get_data(as_text=True)


def link_in(message, path_prefix: str) -> str:
    """The path of the first link in a mail whose path starts with path_prefix."""
    body = message.get_body(("plain",)).get_content()
    url = re.search(r"https?://\S+" + re.escape(path_prefix) + r"\S+", body).group(0)
    return urlsplit(url).path


def user_by_email(db, email):
    """The stored user with this address, or None."""
    return db.session.scalar(select(User).filter_by(email=email))


def expire_tokens(monkeypatch, seconds: int) -> None:
    """Make itsdangerous believe `seconds` have passed since every token was signed."""
    real = TimestampSigner.get_timestamp
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: real(self) + seconds)


def sign_up_and_sign_in(client):
    """Sign up through the form (which no longer signs in), then sign in with the new account."""
    client.post("/inscription", data=SIGNUP)
    return client.post("/connexion", data={"email": SIGNUP["email"], "password": PASSWORD})


# --- sign-up -------------------------------------------------------------------------------------------------------

def test_signup_creates_account_and_sends_confirmation_without_signing_in(client, db, mailbox):
    response = client.post("/inscription", data=SIGNUP)
    assert response.status_code == 302 and response.location == "/inscription/verifiez-vos-messages"
    sent = page(client.get(response.location))
    assert "Vérifiez votre boîte de réception" in sent and "jeanne.martin@exemple.fr" in sent
    user = user_by_email(db, "jeanne.martin@exemple.fr")
    assert user.role == Role.ARTISAN and user.display_name == "Jeanne Martin" and not user.email_confirmed
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash
    assert client.get("/compte").status_code == 302  # not signed in: a taken address gets the same answer
    [message] = mailbox()
    assert message["To"] == "jeanne.martin@exemple.fr"
    assert message["Subject"] == "Confirmez votre adresse électronique"
    assert link_in(message, "/confirmer/").startswith("/confirmer/")
    client.post("/connexion", data={"email": SIGNUP["email"], "password": PASSWORD})
    account = page(client.get("/compte"))
    assert "jeanne.martin@exemple.fr" in account and "Artisan" in account
    assert "Renvoyer le lien de confirmation" in account


def test_signup_page_preselects_role_from_query_and_links_privacy(client):
    html = page(client.get("/inscription?role=artisan"))
    assert re.search(r'<input[^>]*checked[^>]*value="artisan"|<input[^>]*value="artisan"[^>]*checked', html)
    assert 'href="/confidentialite"' in html
    assert 'autocomplete="new-password"' in html and 'autocomplete="email"' in html
    assert 'value="staff"' not in html and 'value="admin"' not in html
    assert "Jeune / apprenti" in html


def test_signup_email_is_normalised(client, db):
    client.post("/inscription", data={**SIGNUP, "email": "  Jeanne.MARTIN@Exemple.FR "})
    assert user_by_email(db, "jeanne.martin@exemple.fr") is not None


@pytest.mark.parametrize("changes, message", [
    ({"email": "pas-une-adresse"}, "Saisissez une adresse électronique valide"),
    ({"password": "court", "password_confirm": "court"}, "au moins 12\u00a0caractères"),
    ({"password": "motdepasse123", "password_confirm": "motdepasse123"}, "trop facile à deviner"),
    ({"password": "password1234", "password_confirm": "password1234"}, "trop facile à deviner"),
    ({"password": "jeannemartin2024", "password_confirm": "jeannemartin2024"}, "trop facile à deviner"),
    ({"password_confirm": "autre chose encore ici"}, "Les deux mots de passe ne sont pas identiques."),
    ({"accept_terms": None}, "Vous devez accepter les conditions"),
    ({"display_name": ""}, "Ce champ est obligatoire."),
    ({"role": None}, "Choisissez le type de compte"),
])
def test_signup_rejects_bad_field_and_keeps_typed_values(client, db, changes, message):
    data = {key: value for key, value in {**SIGNUP, **changes}.items() if value is not None}
    response = client.post("/inscription", data=data)
    html = page(response)
    assert response.status_code == 200
    assert message in html
    assert "Le formulaire contient des erreurs" in html
    assert "field-error" in html
    if data.get("display_name"):
        assert 'value="Jeanne Martin"' in html
    assert f'value="{data["email"]}"' in html
    assert data["password"] not in html
    assert db.session.scalar(select(User)) is None


def test_signup_with_a_taken_address_answers_as_a_success_and_tells_its_owner(client, db, make_user, mailbox):
    owner = make_user("apprentice", email="jeanne.martin@exemple.fr")
    hash_before = owner.password_hash
    response = client.post("/inscription", data={**SIGNUP, "email": "Jeanne.Martin@exemple.fr"})
    assert response.status_code == 302 and response.location == "/inscription/verifiez-vos-messages"
    html = page(client.get(response.location))
    assert "Vérifiez votre boîte de réception" in html and "jeanne.martin@exemple.fr" in html
    assert "existe déjà" not in html and "field-error" not in html
    assert len(db.session.scalars(select(User)).all()) == 1
    db.session.refresh(owner)
    assert owner.password_hash == hash_before and owner.role == Role.APPRENTICE
    assert client.get("/compte").status_code == 302
    [message] = mailbox()
    assert message["To"] == "jeanne.martin@exemple.fr"
    assert message["Subject"] == "Tentative de création d’un compte avec votre adresse"
    text = message.get_content()
    assert "Un compte existe déjà avec cette adresse" in text
    assert "/connexion\n" in text and "/mot-de-passe-oublie\n" in text


def test_signup_hashes_the_password_for_a_taken_address_too(client, db, make_user, monkeypatch):
    make_user("apprentice", email="jeanne.martin@exemple.fr")
    hashed = []
    real = accounts.hash_password
    monkeypatch.setattr(accounts, "hash_password", lambda password: hashed.append(password) or real(password))
    client.post("/inscription", data={**SIGNUP, "email": "jeanne.martin@exemple.fr"})
    client.post("/inscription", data={**SIGNUP, "email": "libre@exemple.fr"})
    assert hashed == [PASSWORD, PASSWORD]


def test_the_sent_page_without_a_sign_up_goes_back_to_the_form(client):
    response = client.get("/inscription/verifiez-vos-messages")
    assert response.status_code == 302 and response.location == "/inscription"


def test_the_cli_and_staff_creation_still_refuse_a_taken_address(app, db, make_user):
    make_user("apprentice", email="jeanne.martin@exemple.fr")
    with pytest.raises(accounts.AccountError, match="Un compte existe déjà"):
        accounts.create_account("jeanne.martin@exemple.fr", PASSWORD, "artisan")


@pytest.mark.parametrize("role", ["staff", "admin", "superuser"])
def test_signup_cannot_choose_staff_or_admin(client, db, role):
    response = client.post("/inscription", data={**SIGNUP, "role": role})
    assert response.status_code == 200
    assert "Choisissez le type de compte parmi ceux proposés." in page(response)
    assert db.session.scalar(select(User)) is None


# --- confirmation ------------------------------------------------------------------------------------------------

def test_confirmation_link_confirms_the_address(client, db, mailbox):
    sign_up_and_sign_in(client)
    response = client.get(link_in(mailbox()[0], "/confirmer/"), follow_redirects=True)
    assert "Merci, votre adresse électronique est confirmée." in page(response)
    assert "Renvoyer le lien de confirmation" not in page(response)
    assert user_by_email(db, SIGNUP["email"]).email_confirmed


def test_expired_confirmation_link_says_so(client, db, mailbox, monkeypatch):
    sign_up_and_sign_in(client)
    expire_tokens(monkeypatch, 7 * 24 * 3600 + 1)
    response = client.get(link_in(mailbox()[0], "/confirmer/"))
    assert response.status_code == 400
    assert "Ce lien a expiré." in page(response)
    assert "Recevoir un nouveau lien de confirmation" in page(response)
    assert not user_by_email(db, SIGNUP["email"]).email_confirmed


def test_tampered_confirmation_link_is_refused(client, db, mailbox):
    sign_up_and_sign_in(client)
    path = link_in(mailbox()[0], "/confirmer/")
    response = client.get(path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB"))
    assert response.status_code == 400
    assert "n’est pas valide" in page(response)
    assert not user_by_email(db, SIGNUP["email"]).email_confirmed


def test_resend_confirmation_sends_a_new_working_link(client, db, mailbox):
    sign_up_and_sign_in(client)
    response = client.post("/confirmer/renvoyer", follow_redirects=True)
    assert "Un nouveau message de confirmation vient d’être envoyé" in page(response)
    messages = mailbox()
    assert len(messages) == 2
    client.get(link_in(messages[1], "/confirmer/"))
    assert user_by_email(db, SIGNUP["email"]).email_confirmed
    again = client.post("/confirmer/renvoyer", follow_redirects=True)
    assert "déjà confirmée" in page(again) and len(mailbox()) == 2


# --- login -------------------------------------------------------------------------------------------------------

def test_login_signs_in_and_lands_on_the_artisan_space(client, make_user, login):
    user = make_user("artisan", email="artisan@exemple.fr")
    response = login("Artisan@Exemple.fr ")
    assert response.request.path == "/espace-artisan"
    assert "artisan@exemple.fr" in page(client.get("/compte"))
    assert user.last_login_at is not None


def test_wrong_password_and_unknown_email_answer_the_same(client, make_user, login):
    make_user(email="connu@exemple.fr")
    wrong = login("connu@exemple.fr", "mauvais mot de passe tres long")
    unknown = login("inconnu@exemple.fr", "mauvais mot de passe tres long")
    assert wrong.status_code == unknown.status_code == 200
    assert "Adresse électronique ou mot de passe incorrect." in page(wrong)
    assert page(wrong).replace("connu@exemple.fr", "X") == page(unknown).replace("inconnu@exemple.fr", "X")


def test_unknown_email_still_hashes_a_password(app, monkeypatch):
    calls = []
    real = accounts.PasswordHasher.verify
    monkeypatch.setattr(accounts.PasswordHasher, "verify",
                        lambda self, hash_, password: calls.append(hash_) or real(self, hash_, password))
    assert accounts.authenticate("personne@exemple.fr", "nimporte quoi de long") is None
    assert len(calls) == 1 and calls[0].startswith("$argon2id$")


def test_unconfirmed_user_may_sign_in_and_is_asked_to_confirm(client, make_user, login):
    make_user(email="pas.confirme@exemple.fr", confirmed=False)
    html = page(login("pas.confirme@exemple.fr"))
    assert "n’est pas encore confirmée" in html
    assert "Renvoyer le lien de confirmation" in html and "Adresse à confirmer" in html


def test_login_is_refused_for_disabled_account(client, db, make_user, login):
    user = make_user(email="ferme@exemple.fr")
    user.is_active_account = False
    db.session.commit()
    assert "Adresse électronique ou mot de passe incorrect." in page(login("ferme@exemple.fr"))


def test_login_honours_local_next(client, make_user):
    make_user(email="a@exemple.fr")
    html = page(client.get("/connexion?next=/recherche%3Fq%3Dpain"))
    assert 'action="/connexion?next=' in html
    response = client.post("/connexion?next=/recherche%3Fq%3Dpain", data={"email": "a@exemple.fr", "password": PASSWORD})
    assert response.location == "/recherche?q=pain"


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example/x", "http:/evil.example", "\\\\evil.example",
                                    "/\\evil.example", "/\t/evil.example", "javascript:alert(1)", "evil.example"])
def test_login_ignores_next_leaving_the_site(client, make_user, target):
    make_user(email="a@exemple.fr")
    response = client.post("/connexion", query_string={"next": target},
                           data={"email": "a@exemple.fr", "password": PASSWORD})
    assert response.status_code == 302 and response.location == "/recherche?type=offer"  # an apprentice's landing


def test_remember_me_sets_the_remember_cookie_only_when_asked(client, make_user, login):
    make_user(email="a@exemple.fr")
    login("a@exemple.fr")
    assert client.get_cookie("remember_token") is None
    client.post("/deconnexion")
    login("a@exemple.fr", remember=True)
    assert client.get_cookie("remember_token") is not None


def test_login_rehashes_when_parameters_change(app, db, make_user, login):
    user = make_user(email="a@exemple.fr")
    assert ",t=1," in user.password_hash
    app.config["ARGON2_TIME_COST"] = 2
    login("a@exemple.fr")
    assert ",t=2," in db.session.get(User, user.id).password_hash
    assert accounts.authenticate("a@exemple.fr", PASSWORD) is not None


# --- account page and logout -----------------------------------------------------------------------------------

def test_account_page_requires_login(client):
    response = client.get("/compte")
    assert response.status_code == 302
    parts = urlsplit(response.location)
    assert parts.path == "/connexion" and parse_qs(parts.query)["next"] == ["/compte"]


def test_account_page_shows_role_chamber_and_status(client, make_user, login):
    make_user("staff", email="conseil@exemple.fr", chamber_code="BRE")
    login("conseil@exemple.fr")
    html = page(client.get("/compte"))
    assert "Conseiller de chambre" in html and "CMA Bretagne" in html
    assert "Oui, le" in html and 'href="/compte/mot-de-passe"' in html


def test_logout_requires_post(client, make_user, login):
    make_user(email="a@exemple.fr")
    login("a@exemple.fr")
    assert client.get("/deconnexion").status_code == 405
    assert client.get("/compte").status_code == 200


def test_logout_kills_saved_session_and_remember_cookies(app, client, make_user, login):
    make_user(email="a@exemple.fr")
    login("a@exemple.fr", remember=True)
    session_cookie = client.get_cookie("session").value
    remember_cookie = client.get_cookie("remember_token").value
    # Sanity check: before logout, the remember cookie alone signs in.
    before = app.test_client()
    before.set_cookie("remember_token", remember_cookie)
    assert before.get("/compte").status_code == 200

    response = client.post("/deconnexion", follow_redirects=True)
    assert "Déconnexion effectuée." in page(response)
    assert client.get_cookie("remember_token") is None
    assert client.get("/compte").status_code == 302

    for name, value in (("session", session_cookie), ("remember_token", remember_cookie)):
        replay = app.test_client()
        replay.set_cookie(name, value)
        response = replay.get("/compte")
        assert response.status_code == 302 and urlsplit(response.location).path == "/connexion"


def test_csrf_is_enforced_when_enabled(app, client, make_user):
    make_user(email="a@exemple.fr")
    app.config["WTF_CSRF_ENABLED"] = True
    refused = client.post("/connexion", data={"email": "a@exemple.fr", "password": PASSWORD})
    assert refused.status_code == 400 and "Le formulaire a expiré" in page(refused)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page(client.get("/connexion"))).group(1)
    accepted = client.post("/connexion", data={"email": "a@exemple.fr", "password": PASSWORD, "csrf_token": token})
    assert accepted.status_code == 302
    assert client.post("/deconnexion").status_code == 400
    assert client.get("/compte").status_code == 200


# --- password reset ----------------------------------------------------------------------------------------------

def request_reset(client, email):
    """Ask for a reset link through the form; returns the page shown afterwards."""
    return client.post("/mot-de-passe-oublie", data={"email": email}, follow_redirects=True)


def test_reset_answer_is_the_same_for_unknown_addresses(client, make_user, mailbox):
    make_user(email="connu@exemple.fr")
    known, unknown = request_reset(client, "connu@exemple.fr"), request_reset(client, "inconnu@exemple.fr")
    assert "Si un compte existe pour cette adresse" in page(known)
    assert page(known) == page(unknown)
    assert [message["To"] for message in mailbox()] == ["connu@exemple.fr"]


def test_reset_request_does_the_same_work_for_unknown_addresses(client, db, make_user, mailbox, monkeypatch):
    make_user(email="connu@exemple.fr")
    signed, rendered = [], []
    real_token, real_queue = accounts.make_reset_token, outbox.queue_mail
    monkeypatch.setattr(accounts, "make_reset_token", lambda user: signed.append(user.email) or real_token(user))
    monkeypatch.setattr(accounts, "queue_mail",
                        lambda to, *args, **kwargs: rendered.append(to) or real_queue(to, *args, **kwargs))
    request_reset(client, "connu@exemple.fr")
    request_reset(client, "inconnu@exemple.fr")
    assert signed == rendered == ["connu@exemple.fr", "inconnu@exemple.fr"]
    assert [message["To"] for message in mailbox()] == ["connu@exemple.fr"]
    events = db.session.scalars(select(SecurityEvent).where(SecurityEvent.kind == "password_reset_requested")).all()
    assert len(events) == 2 and "inconnu@exemple.fr" not in str(events[1].details)


def test_reset_link_works_once_and_ends_sessions(app, client, db, make_user, mailbox, login):
    make_user(email="a@exemple.fr")
    other_device = app.test_client()
    other_device.post("/connexion", data={"email": "a@exemple.fr", "password": PASSWORD})
    request_reset(client, "a@exemple.fr")
    [message] = mailbox()
    assert message["Subject"] == "Réinitialisation de votre mot de passe"
    path = link_in(message, "/mot-de-passe/reinitialiser/")
    assert "Choisir un nouveau mot de passe" in page(client.get(path))

    response = client.post(path, data={"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert response.status_code == 302 and response.location == "/connexion"
    assert other_device.get("/compte").status_code == 302
    assert "Adresse électronique ou mot de passe incorrect." in page(login("a@exemple.fr", PASSWORD))
    assert page(login("a@exemple.fr", NEW_PASSWORD)).count("a@exemple.fr") >= 1
    assert mailbox()[-1]["Subject"] == "Votre mot de passe a été modifié"

    again = client.get(path)
    assert again.status_code == 400 and "déjà été utilisé" in page(again)
    assert client.post(path, data={"password": "autre phrase secrete longue", "password_confirm":
                                   "autre phrase secrete longue"}).status_code == 400


def test_reset_link_expires_after_one_hour(client, make_user, mailbox, monkeypatch):
    make_user(email="a@exemple.fr")
    request_reset(client, "a@exemple.fr")
    path = link_in(mailbox()[0], "/mot-de-passe/reinitialiser/")
    expire_tokens(monkeypatch, 3599)
    assert client.get(path).status_code == 200
    expire_tokens(monkeypatch, 2)
    response = client.get(path)
    assert response.status_code == 400 and "Ce lien a expiré." in page(response)
    assert 'href="/mot-de-passe-oublie"' in page(response)


@pytest.mark.parametrize("mangle", [lambda t: t[:-2] + ("xy" if not t.endswith("xy") else "zz"), lambda t: "nimporte",
                                    lambda t: t.split(".")[0]])
def test_tampered_reset_link_is_refused(client, make_user, mailbox, mangle):
    make_user(email="a@exemple.fr")
    request_reset(client, "a@exemple.fr")
    token = link_in(mailbox()[0], "/mot-de-passe/reinitialiser/").rsplit("/", 1)[1]
    response = client.get(f"/mot-de-passe/reinitialiser/{mangle(token)}")
    assert response.status_code == 400 and "n’est pas valide" in page(response)


def test_reset_refuses_weak_password_and_keeps_link_valid(client, make_user, mailbox):
    make_user(email="a@exemple.fr")
    request_reset(client, "a@exemple.fr")
    path = link_in(mailbox()[0], "/mot-de-passe/reinitialiser/")
    response = client.post(path, data={"password": "motdepasse123", "password_confirm": "motdepasse123"})
    assert response.status_code == 200 and "trop facile à deviner" in page(response)
    assert client.get(path).status_code == 200


def test_reset_mail_links_use_public_url(app, client, make_user, mailbox):
    app.config["PUBLIC_URL"] = "https://passerelle.example"
    make_user(email="a@exemple.fr")
    request_reset(client, "a@exemple.fr")
    body = mailbox()[0].get_body(("plain",)).get_content()
    assert "https://passerelle.example/mot-de-passe/reinitialiser/" in body


# --- change password ---------------------------------------------------------------------------------------------

def test_change_password_keeps_this_session_and_ends_others(app, client, make_user, login, mailbox):
    make_user(email="a@exemple.fr")
    other_device = app.test_client()
    other_device.post("/connexion", data={"email": "a@exemple.fr", "password": PASSWORD})
    login("a@exemple.fr", remember=True)
    old_remember = client.get_cookie("remember_token").value
    response = client.post("/compte/mot-de-passe", data={
        "current_password": PASSWORD, "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD},
        follow_redirects=True)
    assert "Votre mot de passe a été modifié." in page(response)
    assert client.get("/compte").status_code == 200
    assert client.get_cookie("remember_token").value != old_remember
    assert other_device.get("/compte").status_code == 302
    assert accounts.authenticate("a@exemple.fr", NEW_PASSWORD) is not None
    assert mailbox()[-1]["Subject"] == "Votre mot de passe a été modifié"


@pytest.mark.parametrize("data, message", [
    ({"current_password": "pas le bon mot de passe"}, "Le mot de passe actuel est incorrect."),
    ({"password": "azertyuiop123", "password_confirm": "azertyuiop123"}, "trop facile à deviner"),
    ({"password_confirm": "different de l autre"}, "ne sont pas identiques"),
])
def test_change_password_rejections(client, make_user, login, data, message):
    make_user(email="a@exemple.fr")
    login("a@exemple.fr")
    form = {"current_password": PASSWORD, "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD, **data}
    response = client.post("/compte/mot-de-passe", data=form)
    assert response.status_code == 200 and message in page(response)
    assert accounts.authenticate("a@exemple.fr", PASSWORD) is not None


def test_change_password_requires_login(client):
    response = client.get("/compte/mot-de-passe")
    assert response.status_code == 302 and urlsplit(response.location).path == "/connexion"


# --- throttling --------------------------------------------------------------------------------------------------

def test_login_is_throttled_per_account(client, make_user, login):
    make_user(email="cible@exemple.fr")
    make_user(email="autre@exemple.fr")
    for _ in range(5):
        assert login("cible@exemple.fr", "mauvais mot de passe long").status_code == 200
    blocked = login("cible@exemple.fr", PASSWORD)
    assert blocked.status_code == 429 and "Trop de tentatives" in page(blocked)
    assert login("autre@exemple.fr").request.path == "/recherche"


def test_successful_logins_do_not_count_against_the_account(client, make_user, login):
    make_user(email="a@exemple.fr")
    for _ in range(7):
        login("a@exemple.fr")
        client.post("/deconnexion")
    assert login("a@exemple.fr").request.path == "/recherche"


def test_login_is_throttled_per_ip(client, login):
    for number in range(10):
        assert login(f"personne{number}@exemple.fr", "mauvais mot de passe long").status_code == 200
    assert login("encore@exemple.fr", "mauvais mot de passe long").status_code == 429
    assert client.get("/connexion").status_code == 200


def test_login_limits_come_from_config(app, client, make_user, login):
    app.config["RATELIMIT_LOGIN_ACCOUNT"] = "2 per minute"
    make_user(email="a@exemple.fr")
    login("a@exemple.fr", "mauvais mot de passe long")
    login("a@exemple.fr", "mauvais mot de passe long")
    assert login("a@exemple.fr").status_code == 429


def test_reset_requests_are_throttled_per_email(client):
    for _ in range(3):
        assert request_reset(client, "A@exemple.fr").status_code == 200
    blocked = request_reset(client, "a@exemple.fr")
    assert blocked.status_code == 429 and "Trop de tentatives" in page(blocked)
    assert request_reset(client, "b@exemple.fr").status_code == 200


def test_reset_requests_are_throttled_per_ip(client):
    for number in range(5):
        assert request_reset(client, f"personne{number}@exemple.fr").status_code == 200
    assert request_reset(client, "encore@exemple.fr").status_code == 429


def test_signup_is_throttled_per_ip(client):
    for _ in range(10):
        assert client.post("/inscription", data={}).status_code == 200
    assert client.post("/inscription", data={}).status_code == 429


def test_limits_do_not_leak_between_apps(client, login):
    """Runs after the throttling tests in file order: a fresh app starts with fresh counters."""
    assert login("personne@exemple.fr", "mauvais mot de passe long").status_code == 200


def test_session_cookie_is_rotated_at_login(client, make_user, login):
    make_user(email="a@exemple.fr")
    client.get("/connexion")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    login("a@exemple.fr")
    with client.session_transaction() as session:
        assert "planted" not in session


def test_reset_token_dies_after_password_change(app, make_user):
    user = make_user(email="a@exemple.fr")
    token = accounts.make_reset_token(user)
    accounts.change_password(user, PASSWORD, NEW_PASSWORD)
    with pytest.raises(accounts.AccountError, match="déjà été utilisé"):
        accounts.user_for_reset_token(token)


def test_password_problem_unit():
    assert accounts.password_problem("x" * 11) == accounts.MSG_PASSWORD_SHORT
    assert accounts.password_problem("y" * 129) == accounts.MSG_PASSWORD_LONG
    assert accounts.password_problem("aaaaaaaaaaaa") == accounts.MSG_PASSWORD_WEAK
    assert accounts.password_problem("jeandupont2024", ("jean.dupont@exemple.fr",)) == accounts.MSG_PASSWORD_WEAK
    assert accounts.password_problem(PASSWORD) is None
