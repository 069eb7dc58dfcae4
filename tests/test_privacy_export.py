"""« Mes données »: the JSON export holds the user's data, nothing of anyone else, no secret, no private note."""
import json
from urllib.parse import urlsplit

from sqlalchemy import select

from app.extensions import db
from app.models.saved_search import SavedSearch
from app.models.security_log import SecurityEvent
from app.models.user import User
from app.services.responses import applications
from tests.application_factories import apply_to, make_artisan_offer, make_candidate, pdf_upload, sign_in

PRIVATE_NOTE = "Note privée : rappeler mardi, hésitation sur la motivation."


def download(client):
    """POST the download form; return the response."""
    return client.post("/compte/donnees/telecharger")


def test_page_needs_a_signed_in_user(client):
    response = client.get("/compte/donnees")
    assert response.status_code == 302 and urlsplit(response.location).path == "/connexion"
    assert client.post("/compte/donnees/telecharger").status_code == 302


def test_account_page_links_to_my_data(app, make_user):
    html = sign_in(app, make_user()).get("/compte").get_data(as_text=True)
    assert 'href="/compte/donnees"' in html and "Mes données" in html


def test_candidate_export_holds_their_data_and_nothing_else(app, make_user):
    artisan, offer = make_artisan_offer(make_user)
    lea = make_candidate(make_user, email="lea@exemple.fr")
    other = make_candidate(make_user, email="tom@exemple.fr", first_name="Tom", last_name="Durand")
    mine = applications.apply(offer, lea, message="Je fais du pain depuis deux ans.", cv_upload=pdf_upload(),
                              keep_cv=True)
    apply_to(offer, other, message="Message de Tom, pas de Léa.")
    applications.add_note(mine, artisan, PRIVATE_NOTE)
    applications.change_status(mine, artisan, "interview", "Venez jeudi à 10 h au fournil.")
    db.session.add(SavedSearch(email=lea.email, user_id=lea.id, query="q=boulanger", frequency="daily"))
    db.session.commit()
    client = sign_in(app, lea)

    response = download(client)
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="passerelle-mes-donnees-')
    assert response.headers["Cache-Control"] == "no-store"
    text = response.get_data(as_text=True)
    data = json.loads(text)

    assert data["account"]["email"] == "lea@exemple.fr"
    assert data["candidate_profile"]["first_name"] == "Léa"
    [application] = data["applications"]
    assert application["message"] == "Je fais du pain depuis deux ans."
    assert application["keep_cv_consent_at"] is not None
    assert [e["message"] for e in application["events"]][-1] == "Venez jeudi à 10 h au fournil."
    assert len(data["cv_files"]) == 2 and all("stored_name" not in cv for cv in data["cv_files"])
    assert any("Entretien proposé" in n["text"] for n in data["notifications"])
    assert [s["query"] for s in data["saved_searches"]] == ["q=boulanger"]
    assert "login_success" in {e["kind"] for e in data["security_events"]}

    user = db.session.get(User, lea.id)
    for secret in ("password_hash", "session_token", user.password_hash, user.session_token, PRIVATE_NOTE):
        assert secret not in text
    for someone_else in ("tom@exemple.fr", "Message de Tom", "Durand", artisan.email):
        assert someone_else not in text


def test_export_is_recorded_in_the_security_log(app, make_user):
    user = make_user()
    download(sign_in(app, user))
    kinds = db.session.scalars(select(SecurityEvent.kind).where(SecurityEvent.user_id == user.id)).all()
    assert kinds[-1] == "export"


def test_artisan_export_holds_businesses_listings_and_their_own_notes(app, make_user):
    artisan, offer = make_artisan_offer(make_user)
    candidate = make_candidate(make_user, email="lea@exemple.fr")
    applications.add_note(apply_to(offer, candidate), artisan, PRIVATE_NOTE)
    data = json.loads(download(sign_in(app, artisan)).get_data(as_text=True))
    [business] = data["businesses"]
    assert business["id"] == offer.business_id
    assert [listing["title"] for listing in business["listings"]] == [offer.title]
    assert [note["body"] for note in data["notes_written"]] == [PRIVATE_NOTE]
    assert data["applications"] == [] and data["candidate_profile"] is None
    assert "lea@exemple.fr" not in json.dumps(data)


def test_withdrawing_the_cv_consent(app, make_user):
    artisan, offer = make_artisan_offer(make_user)
    lea = make_candidate(make_user)
    applications.apply(offer, lea, message="Bonjour", keep_cv=True)
    client = sign_in(app, lea)
    assert "Retirer mon accord" in client.get("/compte/donnees").get_data(as_text=True)
    html = client.post("/compte/donnees/accord-cv/retirer", follow_redirects=True).get_data(as_text=True)
    assert "Votre accord est retiré pour 1 candidature(s)" in html and "Retirer mon accord" not in html


def test_privacy_page_states_the_rules_the_product_applies(client):
    html = " ".join(client.get("/confidentialite").get_data(as_text=True).split())
    for rule in ("<strong>3 mois</strong>", "<strong>2 ans au plus</strong>", "Journal de sécurité</strong> : <strong>12 mois",
                 "<strong>30 jours</strong>", "« Mes données »", "dpo@demo.passerelle.example", "CNIL",
                 "Votre consentement", "Notre intérêt légitime", "L’exécution du service"):
        assert rule in html


def test_the_export_holds_the_user_s_claims_and_interviews_without_the_code(app, make_user):
    from datetime import datetime, timedelta

    from app.services.businesses.claims import known_addresses, start_claim
    from app.services.conversations import interviews
    from tests.factories import make_business

    claimant = make_user("artisan", email="gerant@exemple.fr")
    business = make_business(None)
    business.email = "contact@fournil.exemple.fr"
    db.session.commit()
    start_claim(claimant, business, "code", address_key=known_addresses(business)[0].key)
    data = json.loads(download(sign_in(app, claimant)).get_data(as_text=True))
    assert [claim["business_id"] for claim in data["business_claims"]] == [business.id]
    assert "code_hash" not in data["business_claims"][0]

    artisan, offer = make_artisan_offer(make_user)
    lea = make_candidate(make_user)
    application = apply_to(offer, lea)
    slot = (datetime.now() + timedelta(days=5)).replace(hour=15, minute=0, second=0, microsecond=0)
    interviews.propose(application, artisan, interviews.Proposal(slots=[slot], mode="phone"))
    data = json.loads(download(sign_in(app, lea)).get_data(as_text=True))
    assert len(data["interviews"]) == 1 and len(data["interviews"][0]["slots"]) == 1
