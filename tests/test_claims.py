"""Claiming a business through HTTP: find it by SIRET or name, prove it with a code mailed to a known address (hashed,
expiring, throttled, dead after CLAIM_CODE_ATTEMPTS wrong codes) or ask the chamber; a confirmed owner leaves only the
chamber's check, an unconfirmed one blocks nobody; after the claim the owner's inbox holds the past applications."""
import re

import pytest
from sqlalchemy import select

from app.core.time import utcnow
from app.extensions import db as _db
from app.models.business import Business
from app.models.claim import BusinessClaim, ClaimMethod, ClaimStatus
from app.models.conversation import Side
from app.models.mail import OutgoingMail
from app.models.moderation import AuditEntry
from app.services.businesses import claims
from app.services.conversations import threads
from tests.application_factories import apply_to, make_artisan_offer, make_candidate, sign_in
from tests.factories import make_business, make_siret

CONTACT = "boulangerie@boulangerie-dupont.fr"


def text(response) -> str:
    """The page's text with the typography filter's non-breaking spaces made plain."""
    return response.get_data(as_text=True).replace("\u00a0", " ").replace("\u202f", " ")


def last_mail(to: str) -> OutgoingMail:
    return _db.session.scalars(select(OutgoingMail).where(OutgoingMail.to == to)
                               .order_by(OutgoingMail.id.desc())).first()


def code_in(mail: OutgoingMail) -> str:
    return re.search(r"^\s+(\d{6})$", mail.body_text, re.M).group(1)


def imported(name="Boulangerie Dupont", email=CONTACT, **fields) -> Business:
    """An imported business (no owner) with a known address."""
    business = make_business(None, name=name, **fields)
    business.email = email
    _db.session.commit()
    return business


def start_code_claim(client, business):
    """Start a code claim to the only known address; returns the claim."""
    address = claims.known_addresses(business)[0]
    response = client.post(f"/espace-artisan/revendiquer/{business.id}", data={"method": "code",
                                                                                "address": address.key})
    assert response.status_code == 302, text(response)[:800]
    return _db.session.scalars(select(BusinessClaim).order_by(BusinessClaim.id.desc())).first()


# --- finding ---------------------------------------------------------------------------------------------------

def test_find_by_siret_and_by_name_accents_and_case_aside(app, client, make_user):
    business = imported(name="Pâtisserie Éléonore")
    make_business(None, name="Garage Martin")
    by_siret = client.get(f"/espace-artisan/revendiquer?siret={business.siret[:3]} {business.siret[3:]}")
    assert by_siret.status_code == 200 and "Pâtisserie Éléonore" in text(by_siret)
    assert "Se connecter" in text(by_siret)  # a visitor is told to sign in as an artisan
    by_name = client.get("/espace-artisan/revendiquer?q=patisserie eleonore")
    assert "Pâtisserie Éléonore" in text(by_name) and "Garage Martin" not in text(by_name)
    none = client.get("/espace-artisan/revendiquer?q=introuvable")
    assert "Aucune entreprise trouvée" in text(none)


@pytest.mark.parametrize("bad", ["123", "abcdefghijklmn", "12345678901234", "x" * 500, "\x00", "%ff"])
def test_a_bad_siret_is_a_french_message_not_an_error(client, bad):
    response = client.get("/espace-artisan/revendiquer", query_string={"siret": bad})
    assert response.status_code == 422 and "SIRET n’est pas valide" in text(response)


@pytest.mark.parametrize("q", ["'", "%", "_", "a" * 5000, "\x00", "<script>"])
def test_any_name_query_answers(client, q):
    response = client.get("/espace-artisan/revendiquer", query_string={"q": q})
    assert response.status_code == 200 and "<script>" not in response.get_data(as_text=True).split("<main")[-1]


def test_name_search_hides_an_unconfirmed_owners_business_but_siret_finds_it(client, make_user):
    squatter = make_user("artisan", confirmed=False)
    business = make_business(squatter, name="Menuiserie Cachée")
    assert "Menuiserie Cachée" not in text(client.get("/espace-artisan/revendiquer?q=menuiserie"))
    page = text(client.get(f"/espace-artisan/revendiquer?siret={business.siret}"))
    assert business.siret in page and "Menuiserie Cachée" not in page and "sans confirmer son adresse" in page


# --- the code --------------------------------------------------------------------------------------------------

def test_the_code_claim_moves_past_applications_and_threads_to_the_owner(app, make_user):
    _, offer = make_artisan_offer(make_user, owner=False, contact_email=CONTACT)
    candidate = make_candidate(make_user)
    application = apply_to(offer, candidate, message="Je suis motivée et disponible.")
    threads.post(application, Side.APPLICANT, "Avez-vous reçu mon CV ?", author=candidate)
    _db.session.commit()

    artisan = make_user("artisan", display_name="Jean Dupont")
    client = sign_in(app, artisan)
    page = text(client.get(f"/espace-artisan/revendiquer/{offer.business_id}"))
    assert "b•••@boulangerie-dupont.fr" in page and CONTACT not in page
    claim = start_code_claim(client, offer.business)
    mail = last_mail(CONTACT)
    code = code_in(mail)
    assert artisan.email in mail.body_text and f"/espace-artisan/revendications/{claim.id}" in mail.body_text
    assert claim.code_hash and code not in claim.code_hash and claim.code_hash.startswith("$argon2")

    response = client.post(f"/espace-artisan/revendications/{claim.id}/code", data={"code": f" {code[:3]} {code[3:]}"})
    assert response.status_code == 302
    business = _db.session.get(Business, offer.business_id)
    assert business.owner_id == artisan.id
    assert _db.session.get(BusinessClaim, claim.id).status == ClaimStatus.APPROVED
    entry = _db.session.scalar(select(AuditEntry).where(AuditEntry.action == "business.claim_approved"))
    assert entry.subject_id == business.id and entry.details["method"] == "code"
    assert "Vous gérez maintenant" in last_mail(artisan.email).subject

    inbox = text(client.get("/espace-artisan/candidatures"))
    assert "Léa Martin" in inbox
    thread = text(client.get(f"/espace-artisan/candidatures/{application.id}"))
    assert "Je suis motivée et disponible." in thread and "Avez-vous reçu mon CV ?" in thread
    dashboard = text(client.get("/espace-artisan"))
    assert "Mes demandes" in dashboard and "Acceptée" in dashboard and business.name in dashboard


def test_wrong_codes_count_then_the_code_dies_and_the_chamber_is_offered(app, make_user):
    app.config["CLAIM_CODE_ATTEMPTS"] = 3
    business = imported()
    artisan = make_user("artisan")
    client = sign_in(app, artisan)
    claim = start_code_claim(client, business)
    code = code_in(last_mail(CONTACT))
    wrong = "000000" if code != "000000" else "111111"
    first = client.post(f"/espace-artisan/revendications/{claim.id}/code", data={"code": wrong})
    assert first.status_code == 422 and "Il vous reste 2 essais" in text(first)
    assert wrong in text(first)  # the form keeps what was typed
    assert "Le code comporte 6 chiffres" in text(client.post(f"/espace-artisan/revendications/{claim.id}/code",
                                                             data={"code": "12ab"}))
    client.post(f"/espace-artisan/revendications/{claim.id}/code", data={"code": wrong})
    last = client.post(f"/espace-artisan/revendications/{claim.id}/code", data={"code": wrong})
    assert "Trop de codes erronés" in text(last)
    dead = client.post(f"/espace-artisan/revendications/{claim.id}/code", data={"code": code})  # even the right one
    assert "Trop de codes erronés" in text(dead)
    assert _db.session.get(Business, business.id).owner_id is None
    assert _db.session.get(BusinessClaim, claim.id).attempts == 3
    page = text(client.get(f"/espace-artisan/revendications/{claim.id}"))
    assert "Demander la vérification par la chambre" in page and "Saisir le code" not in page
    assert "ne fonctionne plus" in text(client.post(f"/espace-artisan/revendications/{claim.id}/nouveau-code",
                                                    follow_redirects=True))

    staff = make_user("staff", chamber_code="IDF")
    short = client.post(f"/espace-artisan/revendications/{claim.id}/chambre", data={"evidence": "C’est moi."})
    assert short.status_code == 422 and "20 caractères au moins" in text(short)
    client.post(f"/espace-artisan/revendications/{claim.id}/chambre",
                data={"evidence": "Je suis le gérant, RM 123 456 789 RM 75, joignable au 01 23 45 67 89."})
    claim = _db.session.get(BusinessClaim, claim.id)
    assert claim.method == ClaimMethod.REVIEW and claim.status == ClaimStatus.PENDING and claim.code_hash is None
    assert "Revendication à vérifier" in last_mail(staff.email).subject
    # a new claim of the same business does not buy new codes
    client.post(f"/espace-artisan/revendications/{claim.id}/annuler")
    again = client.post(f"/espace-artisan/revendiquer/{business.id}",
                        data={"method": "code", "address": claims.known_addresses(business)[0].key})
    assert again.status_code == 422 and "Trop de codes erronés" in text(again)


def test_wrong_codes_are_throttled_per_account(app, make_user):
    app.config.update(RATELIMIT_CLAIM_CODE="2 per 15 minutes", CLAIM_CODE_ATTEMPTS=50)
    client = sign_in(app, make_user("artisan"))
    claim = start_code_claim(client, imported())
    code = code_in(last_mail(CONTACT))
    wrong = "000000" if code != "000000" else "111111"
    assert client.post(f"/espace-artisan/revendications/{claim.id}/code", data={"code": wrong}).status_code == 422
    assert client.post(f"/espace-artisan/revendications/{claim.id}/code", data={"code": wrong}).status_code == 422
    throttled = client.post(f"/espace-artisan/revendications/{claim.id}/code", data={"code": code})
    assert throttled.status_code == 429 and "Trop de tentatives" in text(throttled)
    assert _db.session.get(BusinessClaim, claim.id).status == ClaimStatus.PENDING


def test_an_expired_code_is_refused_and_a_new_one_works(app, make_user):
    business = imported()
    client = sign_in(app, make_user("artisan"))
    claim = start_code_claim(client, business)
    old = code_in(last_mail(CONTACT))
    claim.code_expires_at = utcnow().replace(year=2020)
    _db.session.commit()
    expired = client.post(f"/espace-artisan/revendications/{claim.id}/code", data={"code": old})
    assert expired.status_code == 422 and "Ce code a expiré" in text(expired)
    client.post(f"/espace-artisan/revendications/{claim.id}/nouveau-code")
    new = code_in(last_mail(CONTACT))
    assert client.post(f"/espace-artisan/revendications/{claim.id}/code", data={"code": new}).status_code == 302
    assert _db.session.get(Business, business.id).owner_id is not None


# --- who may claim what ----------------------------------------------------------------------------------------

def test_a_business_with_a_confirmed_owner_goes_to_the_chamber_only(app, make_user):
    owner = make_user("artisan")
    business = make_business(owner, name="Atelier Tenu")
    business.email = CONTACT
    _db.session.commit()
    client = sign_in(app, make_user("artisan"))
    page = text(client.get(f"/espace-artisan/revendiquer/{business.id}"))
    assert "seule la chambre de métiers peut vous la confier" in page and 'value="code"' not in page
    forced = client.post(f"/espace-artisan/revendiquer/{business.id}",
                         data={"method": "code", "address": claims.known_addresses(business)[0].key})
    assert forced.status_code == 422 and last_mail(CONTACT) is None
    client.post(f"/espace-artisan/revendiquer/{business.id}",
                data={"method": "review", "evidence": "Je l’ai rachetée le mois dernier, voici le Kbis."})
    claim = _db.session.scalar(select(BusinessClaim))
    assert claim.method == ClaimMethod.REVIEW and _db.session.get(Business, business.id).owner_id == owner.id


def test_an_unconfirmed_owner_does_not_block_the_real_one(app, make_user):
    squatter = make_user("artisan", confirmed=False, email="squat@exemple.fr")
    siret = make_siret()
    business = make_business(squatter, siret=siret, name="Ébénisterie Réelle")
    business.email = CONTACT
    _db.session.commit()
    real = make_user("artisan")
    client = sign_in(app, real)
    refused = client.post("/espace-artisan/entreprises/nouvelle",
                          data={"siret": siret, "name": "Ébénisterie Réelle", "postcode": "29000"})
    assert refused.status_code == 422 and f"/espace-artisan/revendiquer?siret={siret}" in text(refused)
    assert "revendiquez-la" in text(refused)
    claim = start_code_claim(client, business)
    client.post(f"/espace-artisan/revendications/{claim.id}/code", data={"code": code_in(last_mail(CONTACT))})
    assert _db.session.get(Business, business.id).owner_id == real.id
    assert "confiée à un autre compte" in last_mail("squat@exemple.fr").subject


def test_one_pending_claim_per_user_and_business(app, make_user):
    business = imported()
    client = sign_in(app, make_user("artisan"))
    start_code_claim(client, business)
    again = client.get(f"/espace-artisan/revendiquer/{business.id}", follow_redirects=True)
    assert "déjà une demande en cours" in text(again)
    response = client.post(f"/espace-artisan/revendiquer/{business.id}",
                           data={"method": "review", "evidence": "Une seconde demande pour la même entreprise."})
    assert response.status_code == 302 and _db.session.query(BusinessClaim).count() == 1


def test_only_confirmed_artisans_claim(app, make_user):
    business = imported()
    unconfirmed = sign_in(app, make_user("artisan", confirmed=False))
    page = unconfirmed.get(f"/espace-artisan/revendiquer/{business.id}")
    assert "Confirmez d’abord votre adresse" in text(page)
    assert unconfirmed.post(f"/espace-artisan/revendiquer/{business.id}",
                            data={"method": "review", "evidence": "x" * 40}).status_code == 422
    apprentice = sign_in(app, make_user("apprentice"))
    assert apprentice.get(f"/espace-artisan/revendiquer/{business.id}").status_code == 403
    assert _db.session.query(BusinessClaim).count() == 0


def test_strangers_never_see_someone_elses_claim(app, make_user):
    business = imported()
    claim = start_code_claim(sign_in(app, make_user("artisan")), business)
    other = sign_in(app, make_user("artisan"))
    assert other.get(f"/espace-artisan/revendications/{claim.id}").status_code == 404
    assert other.post(f"/espace-artisan/revendications/{claim.id}/code", data={"code": "123456"}).status_code == 404
    assert other.post(f"/espace-artisan/revendications/{claim.id}/annuler").status_code == 404
    assert other.get("/espace-artisan/revendiquer/999999").status_code == 404
    assert _db.session.get(BusinessClaim, claim.id).attempts == 0


def test_forms_need_their_csrf_token(app, make_user):
    business = imported()
    client = sign_in(app, make_user("artisan"))
    app.config["WTF_CSRF_ENABLED"] = True
    page = client.get(f"/espace-artisan/revendiquer/{business.id}").get_data(as_text=True)
    assert 'name="csrf_token"' in page
    refused = client.post(f"/espace-artisan/revendiquer/{business.id}",
                          data={"method": "code", "address": claims.known_addresses(business)[0].key})
    assert refused.status_code == 400 and _db.session.query(BusinessClaim).count() == 0
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    accepted = client.post(f"/espace-artisan/revendiquer/{business.id}",
                           data={"method": "code", "address": claims.known_addresses(business)[0].key,
                                 "csrf_token": token})
    assert accepted.status_code == 302


# --- rules, unit by unit ---------------------------------------------------------------------------------------

def test_known_addresses_are_masked_and_deduplicated(app, make_user):
    _, offer = make_artisan_offer(make_user, owner=False, contact_email="Contact@Atelier.fr")
    business = offer.business
    assert [a.masked for a in claims.known_addresses(business)] == ["C•••@atelier.fr"]
    business.email = "contact@atelier.fr"
    _db.session.commit()
    addresses = claims.known_addresses(business)
    assert [a.email for a in addresses] == ["contact@atelier.fr"]
    assert claims.mask_email("b@boulangerie-dupont.fr") == "b•••@boulangerie-dupont.fr"
    assert addresses[0].key not in addresses[0].email and len(addresses[0].key) == 16


def test_methods_depend_on_addresses_and_owner(app, make_user):
    bare = make_business(None)
    assert claims.methods_for(bare) == [ClaimMethod.REVIEW]  # no known address: only the chamber
    assert claims.methods_for(imported(name="Avec Adresse")) == [ClaimMethod.CODE, ClaimMethod.REVIEW]
    owned = make_business(make_user("artisan"))
    owned.email = CONTACT
    _db.session.commit()
    assert claims.methods_for(owned) == [ClaimMethod.REVIEW]
    unconfirmed = make_business(make_user("artisan", confirmed=False))
    unconfirmed.email = CONTACT
    _db.session.commit()
    assert claims.methods_for(unconfirmed) == [ClaimMethod.CODE, ClaimMethod.REVIEW]


def test_the_claimant_cancels_a_pending_claim(app, make_user):
    business = imported()
    client = sign_in(app, make_user("artisan"))
    claim = start_code_claim(client, business)
    response = client.post(f"/espace-artisan/revendications/{claim.id}/annuler", follow_redirects=True)
    assert "Votre demande est annulée" in text(response) and "Annulée" in text(response)
    claim = _db.session.get(BusinessClaim, claim.id)
    assert claim.status == ClaimStatus.CANCELLED and claim.code_hash is None
    code = client.post(f"/espace-artisan/revendications/{claim.id}/code", data={"code": "123456"},
                       follow_redirects=True)
    assert "déjà été traitée" in text(code) and _db.session.get(Business, business.id).owner_id is None


def test_the_public_page_of_an_unclaimed_business_invites_its_owner_to_claim_it(client, db):
    from tests.factories import make_business

    unclaimed = make_business(owner=None, siret="41234567000001", name="Fournil des Canuts")
    db.session.commit()
    page = client.get(f"/entreprises/{unclaimed.slug}").get_data(as_text=True)
    assert "pas encore de compte sur Passerelle" in page
    assert "/espace-artisan/revendiquer?siret=41234567000001" in page
