"""`flask demo load`: realistic data across régions, every listing state, idempotent, working logins."""
from sqlalchemy import func, select

from app.demo.accounts import ACCOUNTS
from app.models.business import Business
from app.models.listing import Listing
from app.models.listing_states import ListingStatus


def _counts(db):
    return (db.session.scalar(select(func.count(Listing.id))), db.session.scalar(select(func.count(Business.id))))


def test_demo_load_is_idempotent_and_prints_every_login(runner, db):
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    for account in ACCOUNTS:
        assert account.email in first.output and account.password in first.output
    counts = _counts(db)
    assert counts[0] >= 30 and counts[1] >= 10

    second = runner.invoke(args=["demo", "load"])
    assert second.exit_code == 0
    assert "0 élément(s) créé(s)" in second.output
    assert _counts(db) == counts


def test_demo_covers_every_role_several_regions_and_listing_states(runner, db):
    runner.invoke(args=["demo", "load"])
    roles = {account.role for account in ACCOUNTS}
    assert roles == {"artisan", "apprentice", "partner", "staff", "admin"}
    assert len({a.chamber for a in ACCOUNTS if a.role == "staff"}) >= 3
    regions = set(db.session.scalars(select(Business.region)))
    assert len(regions) >= 8
    statuses = set(db.session.scalars(select(Listing.status)))
    assert statuses >= {ListingStatus.DRAFT, ListingStatus.SUBMITTED, ListingStatus.PUBLISHED,
                        ListingStatus.CHANGES_REQUESTED, ListingStatus.REJECTED, ListingStatus.FILLED,
                        ListingStatus.WITHDRAWN, ListingStatus.EXPIRED, ListingStatus.CLOSED}
    assert {"offer", "project"} <= set(db.session.scalars(select(Listing.type)))


def test_demo_has_applications_at_several_stages_and_a_partner_proposal(runner, db):
    from app.models import Application, ApplicationStatus, Interest

    runner.invoke(args=["demo", "load"])
    statuses = set(db.session.scalars(select(Application.status)))
    assert {ApplicationStatus.RECEIVED, ApplicationStatus.INTERVIEW} <= statuses
    assert db.session.scalar(select(func.count(Interest.id))) == 1
    assert all(application.cv_file_id for application in db.session.scalars(select(Application)))
    runner.invoke(args=["demo", "load"])
    assert db.session.scalar(select(func.count(Application.id))) == 5


def test_demo_shows_every_way_an_application_reaches_a_person(runner, db, client, login):
    """Claimed and unclaimed businesses with a contact address, a thread both ways, an accepted interview, a claim
    waiting in a chamber's queue, and one application for the chamber to forward."""
    from app.models import Application, BusinessClaim, ClaimStatus, Interview, InterviewStatus, Message, Side

    runner.invoke(args=["demo", "load"])
    deliveries = {application.delivery for application in db.session.scalars(select(Application))}
    assert deliveries == {"owner", "contact", "chamber"}
    unclaimed = db.session.scalars(select(Listing).join(Listing.business)
                                   .where(Business.owner_id.is_(None), Listing.contact_email.is_not(None))).all()
    assert unclaimed and all(listing.business.email for listing in unclaimed)
    sides = set(db.session.scalars(select(Message.side)))
    assert {Side.APPLICANT, Side.OWNER} <= sides
    assert db.session.scalar(select(func.count(Interview.id)).where(Interview.status == InterviewStatus.ACCEPTED)) == 1
    claim = db.session.scalar(select(BusinessClaim))
    assert claim.status == ClaimStatus.PENDING and claim.business.chamber.code == "ARA"

    staff = next(a for a in ACCOUNTS if a.chamber == "ARA")
    login(staff.email, staff.password)
    assert claim.business.name in client.get("/moderation/revendications").get_data(as_text=True)


def test_demo_accounts_can_sign_in(runner, client, login):
    runner.invoke(args=["demo", "load"])
    account = next(a for a in ACCOUNTS if a.role == "artisan")
    response = login(account.email, account.password)
    assert "Mon compte" in response.get_data(as_text=True)
    assert client.get("/compte").status_code == 200
