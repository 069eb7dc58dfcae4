"""Administration: staff accounts, roles and chambers, deactivation, moving a business; all audit-logged."""
import pytest
from sqlalchemy import select

from app.core.errors import NotAllowed
from app.extensions import db
from app.models.moderation import AuditEntry
from app.models.user import Role, User
from app.services.accounts import staff as staff_service
from tests.factories import make_offer
from tests.moderation_fixtures import people, signed_in  # noqa: F401


def _entry(action):
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).one()


def test_only_admins_reach_the_administration(client, people, signed_in):
    assert client.get("/admin").status_code == 302
    assert signed_in(people.staff).get("/admin").status_code == 403
    assert signed_in(people.staff).post("/admin/conseillers/nouveau", data={}).status_code == 403
    page = signed_in(people.admin).get("/admin").get_data(as_text=True)
    assert "yann@cma-bretagne.fr" in page and "lea@cma-idf.fr" in page and "Administration" in page
    with pytest.raises(NotAllowed):
        staff_service.change_chamber(people.staff, people.other_staff, "BRE")


def test_an_admin_creates_a_staff_account_for_a_chamber(people, signed_in, mailbox):
    response = signed_in(people.admin).post("/admin/conseillers/nouveau", data={
        "email": "Nolwenn@CMA-Bretagne.fr", "display_name": "Nolwenn Riou", "chamber": "BRE"})
    assert response.status_code == 302
    user = db.session.scalar(select(User).filter_by(email="nolwenn@cma-bretagne.fr"))
    assert user.role == Role.STAFF and user.chamber_code == "BRE" and user.email_confirmed
    mail = mailbox()[-1]
    assert mail["To"] == user.email and "/mot-de-passe/reinitialiser/" in mail.get_content()
    entry = _entry("staff.create")
    assert entry.subject_id == user.id and entry.actor_id == people.admin.id and entry.chamber_code == "BRE"


def test_creating_a_staff_account_needs_a_valid_chamber_and_a_new_address(people, signed_in):
    admin = signed_in(people.admin)
    response = admin.post("/admin/conseillers/nouveau", data={"email": "x@cma.fr", "chamber": ""})
    assert response.status_code == 422 and "rattaché à une chambre" in response.get_data(as_text=True)
    response = admin.post("/admin/conseillers/nouveau", data={"email": people.staff.email, "chamber": "BRE"})
    assert response.status_code == 422 and "Un compte existe déjà" in response.get_data(as_text=True)
    assert db.session.scalars(select(AuditEntry)).all() == []


def test_roles_chambers_and_deactivation(people, signed_in):
    admin = signed_in(people.admin)
    staff_client = signed_in(people.staff)
    assert admin.post(f"/admin/conseillers/{people.staff.id}/chambre", data={"chamber": "NOR"}).status_code == 302
    db.session.refresh(people.staff)
    assert people.staff.chamber_code == "NOR"
    assert _entry("staff.chamber").details == {"before": "BRE", "after": "NOR"}

    assert admin.post(f"/admin/conseillers/{people.staff.id}/role", data={"role": "admin"}).status_code == 302
    db.session.refresh(people.staff)
    assert people.staff.role == Role.ADMIN and people.staff.chamber_code is None
    admin.post(f"/admin/conseillers/{people.staff.id}/role", data={"role": "staff", "chamber": "BRE"})
    db.session.refresh(people.staff)
    assert people.staff.role == Role.STAFF and people.staff.chamber_code == "BRE"

    assert admin.post(f"/admin/conseillers/{people.staff.id}/activation", data={"active": "0"}).status_code == 302
    db.session.refresh(people.staff)
    assert not people.staff.is_active_account
    assert staff_client.get("/moderation").status_code == 302  # the open session has ended
    assert _entry("staff.deactivate").subject_id == people.staff.id


def test_an_admin_cannot_lock_themselves_out(people, signed_in):
    admin = signed_in(people.admin)
    admin.post(f"/admin/conseillers/{people.admin.id}/activation", data={"active": "0"})
    admin.post(f"/admin/conseillers/{people.admin.id}/role", data={"role": "staff", "chamber": "BRE"})
    db.session.refresh(people.admin)
    assert people.admin.is_active_account and people.admin.role == Role.ADMIN
    # Only staff accounts are managed here.
    assert admin.post(f"/admin/conseillers/{people.owner.id}/role", data={"role": "admin"}).status_code == 404


def test_moving_a_business_moves_its_listings_to_the_new_chamber(people, signed_in):
    offer = make_offer(people.business, "submitted")
    admin = signed_in(people.admin)
    assert "Boulangerie du Thabor" in admin.get("/admin/entreprises?q=Thabor").get_data(as_text=True)
    response = admin.post(f"/admin/entreprises/{people.business.id}/demenagement",
                          data={"postcode": "75011", "commune": "", "address_line": "12 rue Oberkampf"})
    assert response.status_code == 302
    db.session.refresh(people.business)
    db.session.refresh(offer)
    assert people.business.departement == "75" and offer.departement == "75"
    assert signed_in(people.staff).get(f"/moderation/annonces/{offer.id}").status_code == 403
    assert signed_in(people.other_staff).get(f"/moderation/annonces/{offer.id}").status_code == 200
    entry = _entry("business.move")
    assert entry.details["before"]["chamber"] == "BRE" and entry.details["after"]["chamber"] == "IDF"


def test_moving_to_an_unknown_postcode_is_refused_in_french(people, signed_in):
    response = signed_in(people.admin).post(f"/admin/entreprises/{people.business.id}/demenagement",
                                            data={"postcode": "99999"})
    assert response.status_code == 422 and "Code postal inconnu" in response.get_data(as_text=True)
    db.session.refresh(people.business)
    assert people.business.departement == "35"
    assert signed_in(people.staff).get(f"/admin/entreprises/{people.business.id}/demenagement").status_code == 403
