"""The chamber's « Revendications »: staff of the territory see the claims to check (the business, its known address,
the claimant's account, the explanation), approve or refuse them with a reason, each decision in the audit log and on
the business's history; other chambers get 403; staff hand a business to another artisan account."""
import re

from sqlalchemy import select

from app.extensions import db as _db
from app.models.business import Business
from app.models.claim import BusinessClaim, ClaimStatus
from app.models.mail import OutgoingMail
from app.models.moderation import AuditEntry
from tests.application_factories import apply_to, make_artisan_offer, make_candidate, sign_in
from tests.factories import make_business

CONTACT = "contact@atelier-bois.fr"
EVIDENCE = "Je suis la gérante depuis 2019, RM 75 ; joignable au 01 23 45 67 89."


def text(response) -> str:
    """The page's text with the typography filter's non-breaking spaces made plain."""
    return response.get_data(as_text=True).replace("\u00a0", " ").replace("\u202f", " ")


def mails_to(to: str) -> list[OutgoingMail]:
    return list(_db.session.scalars(select(OutgoingMail).where(OutgoingMail.to == to).order_by(OutgoingMail.id)))


def review_claim(app, make_user, owner=None, postcode="75011"):
    """Staff in Île-de-France, a business there with a known address, and an artisan's claim for the chamber."""
    staff = make_user("staff", chamber_code="IDF", display_name="Claire Conseil")
    business = make_business(owner, name="Atelier du Bois", postcode=postcode)
    business.email = CONTACT
    _db.session.commit()
    artisan = make_user("artisan", display_name="Jeanne Menuisière")
    client = sign_in(app, artisan)
    response = client.post(f"/espace-artisan/revendiquer/{business.id}", data={"method": "review",
                                                                                "evidence": EVIDENCE})
    assert response.status_code == 302, text(response)[:500]
    return staff, business, artisan, _db.session.scalar(select(BusinessClaim))


def test_the_queue_and_the_claim_page_show_what_staff_need(app, make_user):
    staff, business, artisan, claim = review_claim(app, make_user)
    assert "Revendication à vérifier" in mails_to(staff.email)[-1].subject
    client = sign_in(app, staff)
    queue = text(client.get("/moderation/revendications"))
    assert "Revendications à vérifier" in queue and "Atelier du Bois" in queue and artisan.email in queue
    assert 'href="/moderation/revendications"' in queue  # in the moderation navigation
    page = text(client.get(f"/moderation/revendications/{claim.id}"))
    for expected in (business.siret, CONTACT, artisan.email, "Jeanne Menuisière", "Compte créé le", EVIDENCE):
        assert expected in page


def test_approval_gives_the_business_and_is_logged(app, make_user):
    _, offer = make_artisan_offer(make_user, owner=False, contact_email="offre@atelier.fr")
    application = apply_to(offer, make_candidate(make_user))
    staff = make_user("staff", chamber_code="IDF")
    artisan = make_user("artisan")
    rival = make_user("artisan")
    for user in (artisan, rival):
        sign_in(app, user).post(f"/espace-artisan/revendiquer/{offer.business_id}",
                                data={"method": "review", "evidence": EVIDENCE})
    claim, other = _db.session.scalars(select(BusinessClaim).order_by(BusinessClaim.id)).all()
    client = sign_in(app, staff)
    response = client.post(f"/moderation/revendications/{claim.id}/accepter", data={"message": "Kbis vu."})
    assert response.status_code == 302
    assert _db.session.get(Business, offer.business_id).owner_id == artisan.id
    assert _db.session.get(BusinessClaim, claim.id).decided_by_id == staff.id
    other = _db.session.get(BusinessClaim, other.id)
    assert other.status == ClaimStatus.REJECTED and "Une autre demande" in other.decision_reason
    entry = _db.session.scalar(select(AuditEntry).where(AuditEntry.action == "business.claim_approved"))
    assert entry.actor_id == staff.id and entry.chamber_code == "IDF" and entry.message == "Kbis vu."
    assert "Vous gérez maintenant" in mails_to(artisan.email)[-1].subject
    assert "n’est pas acceptée" in mails_to(rival.email)[-1].subject
    history = text(client.get(f"/moderation/entreprises/{offer.business_id}"))
    assert "Revendication acceptée" in history
    assert "Revendication acceptée" in text(client.get("/moderation/journal"))
    twice = client.post(f"/moderation/revendications/{claim.id}/accepter", data={}, follow_redirects=True)
    assert "déjà été traitée" in text(twice)
    assert _db.session.query(AuditEntry).filter_by(action="business.claim_approved").count() == 1
    inbox = text(sign_in(app, artisan).get(f"/espace-artisan/candidatures/{application.id}"))
    assert "Léa Martin" in inbox


def test_refusal_needs_a_reason_that_the_claimant_reads(app, make_user):
    staff, business, artisan, claim = review_claim(app, make_user)
    client = sign_in(app, staff)
    empty = client.post(f"/moderation/revendications/{claim.id}/refuser", data={"reason": "  "})
    assert empty.status_code == 422 and "Indiquez le motif du refus" in text(empty)
    assert _db.session.get(BusinessClaim, claim.id).status == ClaimStatus.PENDING
    client.post(f"/moderation/revendications/{claim.id}/refuser", data={"reason": "Le Kbis ne correspond pas."})
    claim = _db.session.get(BusinessClaim, claim.id)
    assert claim.status == ClaimStatus.REJECTED and _db.session.get(Business, business.id).owner_id is None
    entry = _db.session.scalar(select(AuditEntry).where(AuditEntry.action == "business.claim_rejected"))
    assert entry.message == "Le Kbis ne correspond pas." and entry.subject_id == business.id
    assert "Le Kbis ne correspond pas." in mails_to(artisan.email)[-1].body_text
    assert "Revendication refusée" in text(client.get(f"/moderation/entreprises/{business.id}"))
    mine = text(sign_in(app, artisan).get(f"/espace-artisan/revendications/{claim.id}"))
    assert "Refusée" in mine and "Le Kbis ne correspond pas." in mine
    assert "Aucune revendication à vérifier" in text(client.get("/moderation/revendications"))


def test_other_chambers_get_403_and_see_nothing(app, make_user):
    staff, business, artisan, claim = review_claim(app, make_user)
    other = sign_in(app, make_user("staff", chamber_code="BRE"))
    assert "Atelier du Bois" not in text(other.get("/moderation/revendications"))
    assert other.get(f"/moderation/revendications/{claim.id}").status_code == 403
    assert other.post(f"/moderation/revendications/{claim.id}/accepter").status_code == 403
    assert other.post(f"/moderation/revendications/{claim.id}/refuser", data={"reason": "Non."}).status_code == 403
    assert other.post(f"/moderation/entreprises/{business.id}/transfert",
                      data={"email": artisan.email, "note": "Non."}).status_code == 403
    assert other.get("/moderation/revendications/999999").status_code == 404
    assert sign_in(app, artisan).get("/moderation/revendications").status_code == 403
    assert _db.session.get(BusinessClaim, claim.id).status == ClaimStatus.PENDING
    admin = sign_in(app, make_user("admin"))
    assert "Atelier du Bois" in text(admin.get("/moderation/revendications"))


def test_staff_transfer_a_business_to_another_artisan_account(app, make_user):
    owner = make_user("artisan", email="ancien@exemple.fr")
    staff, business, artisan, claim = review_claim(app, make_user, owner=owner)
    client = sign_in(app, staff)
    page = client.get(f"/moderation/entreprises/{business.id}")
    assert "Confier l’entreprise à un autre compte" in text(page)
    for email, message in (("inconnu@exemple.fr", "Aucun compte n’existe"),
                           (make_user("apprentice").email, "pas un compte artisan"),
                           (make_user("artisan", confirmed=False).email, "pas encore confirmé"),
                           ("ancien@exemple.fr", "gère déjà")):
        refused = client.post(f"/moderation/entreprises/{business.id}/transfert",
                              data={"email": email, "note": "Reprise de l’entreprise."})
        assert refused.status_code == 422 and message in text(refused), email
        assert email in text(refused)  # the form keeps what was typed
    no_note = client.post(f"/moderation/entreprises/{business.id}/transfert", data={"email": artisan.email})
    assert no_note.status_code == 422 and "Indiquez pourquoi" in text(no_note)
    response = client.post(f"/moderation/entreprises/{business.id}/transfert",
                           data={"email": artisan.email.upper(), "note": "Reprise de l’entreprise."})
    assert response.status_code == 302
    assert _db.session.get(Business, business.id).owner_id == artisan.id
    assert _db.session.get(BusinessClaim, claim.id).status == ClaimStatus.APPROVED
    entry = _db.session.scalar(select(AuditEntry).where(AuditEntry.action == "business.transfer"))
    assert entry.details["previous_owner"] == "ancien@exemple.fr" and entry.details["owner"] == artisan.email
    assert "confiée à un autre compte" in mails_to("ancien@exemple.fr")[-1].subject
    assert "Reprise de l’entreprise." in mails_to("ancien@exemple.fr")[-1].body_text
    assert "Vous gérez maintenant" in mails_to(artisan.email)[-1].subject
    assert "Entreprise confiée à un autre compte" in text(client.get(f"/moderation/entreprises/{business.id}"))


def test_staff_forms_need_their_csrf_token(app, make_user):
    staff, business, artisan, claim = review_claim(app, make_user)
    client = sign_in(app, staff)
    app.config["WTF_CSRF_ENABLED"] = True
    page = client.get(f"/moderation/revendications/{claim.id}").get_data(as_text=True)
    assert page.count('name="csrf_token"') >= 2
    assert client.post(f"/moderation/revendications/{claim.id}/accepter").status_code == 400
    assert client.post(f"/moderation/entreprises/{business.id}/transfert",
                       data={"email": artisan.email, "note": "x"}).status_code == 400
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post(f"/moderation/revendications/{claim.id}/accepter",
                       data={"csrf_token": token}).status_code == 302
    assert _db.session.get(Business, business.id).owner_id == artisan.id
