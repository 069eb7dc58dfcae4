"""Staff decisions: each one through the state machine, territory scoping on every POST, concurrent reviewers."""
import pytest
from sqlalchemy import func, select

from app.core.errors import NotAllowed, Refused
from app.extensions import db
from app.models.listing_states import ListingStatus
from app.models.moderation import AuditEntry
from app.services.moderation import review as moderation
from tests.factories import make_offer
from tests.moderation_fixtures import people, signed_in  # noqa: F401

S = ListingStatus
DECISIONS = [
    ("publish", S.SUBMITTED, {}, S.PUBLISHED, "Votre annonce est en ligne"),
    ("request_changes", S.SUBMITTED, {"message": "Précisez les horaires de travail."}, S.CHANGES_REQUESTED,
     "Modifications demandées"),
    ("reject", S.SUBMITTED, {"reason": "not_craft", "message": "Ce métier ne relève pas de l’artisanat."},
     S.REJECTED, "n’a pas été acceptée"),
    ("suspend", S.PUBLISHED, {"reason": "fraud", "message": "Annonce en double sur un autre site."}, S.SUSPENDED,
     "a été suspendue"),
    ("reinstate", S.SUSPENDED, {}, S.PUBLISHED, "Votre annonce est en ligne"),
]


def _post(client, listing, action, **fields):
    data = {f"{action}-token": moderation.review_token(listing), **{f"{action}-{k}": v for k, v in fields.items()}}
    return client.post(f"/moderation/annonces/{listing.id}/decision/{action}", data=data)


@pytest.mark.parametrize("action, source, fields, target, subject", DECISIONS)
def test_each_decision_through_the_review_page(people, signed_in, mailbox, action, source, fields, target, subject):
    offer = make_offer(people.business, source)
    response = _post(signed_in(people.staff), offer, action, **fields)
    assert response.status_code == 302
    db.session.refresh(offer)
    assert offer.status == target
    assert offer.last_review_message == fields.get("message")
    assert offer.last_review_reason == fields.get("reason")
    mail = mailbox()[-1]
    assert mail["To"] == people.owner.email and subject in mail["Subject"]
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == f"listing.{action}")).one()
    assert entry.actor_id == people.staff.id and entry.chamber_code == "BRE" and entry.subject_id == offer.id


@pytest.mark.parametrize("action, fields, field", [
    ("request_changes", {"message": "  "}, "message"),
    ("reject", {"message": "Hors champ."}, "reason"),
    ("reject", {"reason": "not_craft"}, "message"),
    ("suspend", {"reason": "fraud"}, "message"),
])
def test_required_message_and_reason_are_checked(people, signed_in, action, fields, field):
    offer = make_offer(people.business, "published" if action == "suspend" else "submitted")
    before = offer.status
    response = _post(signed_in(people.staff), offer, action, **fields)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Le formulaire contient des erreurs" in page
    db.session.refresh(offer)
    assert offer.status == before
    assert db.session.scalar(select(func.count(AuditEntry.id))) == 0


@pytest.mark.parametrize("action, source, fields, target, subject", DECISIONS)
def test_staff_of_another_chamber_get_403_on_every_decision(people, signed_in, action, source, fields, target,
                                                            subject):
    offer = make_offer(people.business, source)
    assert _post(signed_in(people.other_staff), offer, action, **fields).status_code == 403
    db.session.refresh(offer)
    assert offer.status == source
    assert _post(signed_in(people.admin), offer, action, **fields).status_code == 302
    db.session.refresh(offer)
    assert offer.status == target


def test_unknown_listing_or_action_is_404(people, signed_in):
    staff = signed_in(people.staff)
    assert staff.post("/moderation/annonces/999999/decision/publish").status_code == 404
    offer = make_offer(people.business, "submitted")
    assert staff.post(f"/moderation/annonces/{offer.id}/decision/delete").status_code == 404


def test_two_reviewers_cannot_both_decide(people, signed_in, make_user):
    offer = make_offer(people.business, "submitted")
    colleague = make_user("staff", chamber_code="BRE", display_name="Gwen Le Bras")
    first, second = signed_in(people.staff), signed_in(colleague)
    assert first.get(f"/moderation/annonces/{offer.id}").status_code == 200
    assert second.get(f"/moderation/annonces/{offer.id}").status_code == 200
    token = moderation.review_token(offer)  # what both pages carry

    assert first.post(f"/moderation/annonces/{offer.id}/decision/publish",
                      data={"publish-token": token}).status_code == 302
    response = second.post(f"/moderation/annonces/{offer.id}/decision/reject",
                           data={"reject-token": token, "reject-reason": "incomplete",
                                 "reject-message": "Trop vague."}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Cette annonce vient d’être traitée par Yann Kergoat" in page
    assert "«\u00a0Publiée\u00a0»" in page
    db.session.refresh(offer)
    assert offer.status == S.PUBLISHED and offer.last_review_reason is None
    assert db.session.scalar(select(func.count(AuditEntry.id))) == 1


def test_a_stale_version_is_refused_by_the_service(people):
    offer = make_offer(people.business, "submitted")
    stale = moderation.review_token(offer)
    moderation.decide(offer, people.admin, "request_changes", stale, message="Ajoutez la durée.")
    with pytest.raises(moderation.AlreadyDecided) as refused:
        moderation.decide(offer, people.staff, "publish", stale)
    assert "Admin" in str(refused.value) and offer.status == S.CHANGES_REQUESTED
    with pytest.raises(moderation.AlreadyDecided):
        moderation.decide(offer, people.staff, "publish", "garbage")


def test_an_artisan_never_publishes_their_own_listing(people, signed_in):
    offer = make_offer(people.business, "submitted")
    assert _post(signed_in(people.owner), offer, "publish").status_code == 403
    # A staff member who somehow owns the business is refused by the service too.
    people.business.owner_id = people.staff.id
    db.session.commit()
    with pytest.raises(NotAllowed):
        moderation.decide(offer, people.staff, "publish", moderation.review_token(offer))
    db.session.refresh(offer)
    assert offer.status == S.SUBMITTED


def test_the_service_checks_territory_whatever_the_caller(people):
    offer = make_offer(people.business, "submitted")
    with pytest.raises(NotAllowed):
        moderation.decide(offer, people.other_staff, "publish", moderation.review_token(offer))
    with pytest.raises(Refused):
        moderation.decide(offer, people.staff, "reject", moderation.review_token(offer), message="Non.")


def test_the_artisan_sees_the_reason_in_their_space(people, signed_in):
    offer = make_offer(people.business, "submitted")
    _post(signed_in(people.staff), offer, "reject", reason="incomplete", message="Ajoutez le diplôme préparé.")
    page = signed_in(people.owner).get("/espace-artisan").get_data(as_text=True)
    assert "Ajoutez le diplôme préparé." in page
