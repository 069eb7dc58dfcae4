"""Reports: anyone reports a published listing, several different people hide it, staff resolve, rate limits."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.core.errors import Refused
from app.core.time import utcnow
from app.extensions import db
from app.models.listing_states import ListingStatus
from app.models.moderation import AuditEntry, Report, ReportStatus
from app.services.moderation import reports
from tests.factories import make_offer
from tests.moderation_fixtures import people, signed_in  # noqa: F401

S = ListingStatus


def _report(app, listing, ip="10.0.0.1", client=None, **data):
    client = client or app.test_client()
    client.environ_base["REMOTE_ADDR"] = ip
    return client.post(f"/annonces/{listing.id}/signaler",
                       data={"reason": "scam", "comment": "Demande de virement.", **data})


def veterans(make_user, count: int) -> list:
    """Confirmed accounts old enough for their reports to hide a listing."""
    users = [make_user("apprentice") for _ in range(count)]
    for user in users:
        user.created_at = utcnow() - timedelta(days=30)
    db.session.commit()
    return users


def _open(listing):
    return db.session.scalars(select(Report).where(Report.listing_id == listing.id,
                                                   Report.status == ReportStatus.OPEN)).all()


def test_a_visitor_reports_a_published_listing(app, people):
    offer = make_offer(people.business, "published")
    assert app.test_client().get(f"/annonces/{offer.id}/signaler").status_code == 200
    response = _report(app, offer, ip="192.0.2.7")
    assert response.status_code == 302 and response.location.endswith(offer.public_path)
    [report] = _open(offer)
    assert report.reason.value == "scam" and report.comment == "Demande de virement."
    assert report.reporter_id is None and report.reporter_key.startswith("ip:")
    assert "192.0.2.7" not in report.reporter_key


def test_only_published_listings_can_be_reported(app, people):
    draft = make_offer(people.business, "submitted")
    assert app.test_client().get(f"/annonces/{draft.id}/signaler").status_code == 404
    assert _report(app, draft).status_code == 404
    assert app.test_client().get("/annonces/999999/signaler").status_code == 404


def test_the_reason_is_required_and_other_needs_a_comment(app, people):
    offer = make_offer(people.business, "published")
    assert _report(app, offer, reason="").status_code == 422
    response = _report(app, offer, reason="other", comment="")
    assert response.status_code == 422 and "Précisez en quelques mots" in response.get_data(as_text=True)
    assert _open(offer) == []


def test_one_open_report_per_person(app, people):
    offer = make_offer(people.business, "published")
    assert _report(app, offer).status_code == 302
    response = _report(app, offer)
    assert response.status_code == 422 and "déjà signalé cette annonce" in response.get_data(as_text=True)
    assert len(_open(offer)) == 1


def test_three_established_accounts_from_different_networks_hide_the_listing(app, people, signed_in, make_user,
                                                                             mailbox):
    offer = make_offer(people.business, "published")
    first, second, third = veterans(make_user, 3)
    _report(app, offer, ip="10.0.1.1", client=signed_in(first, ip="10.0.1.1"))
    _report(app, offer, ip="10.0.2.1", client=signed_in(second, ip="10.0.2.1"))
    db.session.refresh(offer)
    assert offer.status == S.PUBLISHED
    _report(app, offer, ip="10.0.3.1", client=signed_in(third, ip="10.0.3.1"))
    db.session.refresh(offer)
    assert offer.status == S.SUSPENDED and offer.last_review_reason == "reported"
    assert app.test_client().get(offer.public_path).status_code == 404
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "listing.suspend")).one()
    assert entry.actor_id is None and entry.actor_label == "Système"
    assert reports.hidden_by_reports(offer)
    recipients = {mail["To"] for mail in mailbox()}
    assert people.staff.email in recipients and people.owner.email in recipients
    assert people.other_staff.email not in recipients


def test_one_person_reporting_three_times_does_not_hide(app, people):
    offer = make_offer(people.business, "published")
    for _ in range(3):
        _report(app, offer, ip="10.0.0.9")
    db.session.refresh(offer)
    assert offer.status == S.PUBLISHED and len(_open(offer)) == 1
    with pytest.raises(Refused):
        reports.create_report(offer, None, "10.0.0.9", "scam")


def test_reports_are_rate_limited_per_address(app, people):
    offer = make_offer(people.business, "published")
    codes = [_report(app, offer, ip="10.1.1.1", reason="").status_code for _ in range(6)]
    assert codes == [422] * 5 + [429]
    assert _report(app, offer, ip="10.1.1.2").status_code == 302


def test_the_reports_queue_counts_reports_per_listing_in_the_territory(app, people, signed_in):
    offer = make_offer(people.business, "published", title="Offre signalée deux fois")
    _report(app, offer, ip="10.0.0.1")
    _report(app, offer, ip="10.0.0.2", reason="inaccurate")
    page = signed_in(people.staff).get("/moderation/signalements").get_data(as_text=True)
    assert "Offre signalée deux fois" in page and '<td data-label="Signalements" class="report-count">2</td>' in page
    assert "Offre signalée deux fois" not in signed_in(people.other_staff).get("/moderation/signalements").get_data(
        as_text=True)
    assert reports.open_count(people.staff) == 2 and reports.open_count(people.other_staff) == 0


def test_dismissing_reinstates_a_listing_hidden_only_by_reports(app, people, signed_in, make_user):
    offer = make_offer(people.business, "published")
    for n, reporter in enumerate(veterans(make_user, 3)):
        reports.create_report(offer, reporter, f"10.0.{n}.1", "scam")
    staff = signed_in(people.staff)
    response = staff.post(f"/moderation/annonces/{offer.id}/signalements",
                          data={"decision": "dismiss", "note": "Annonce vérifiée par téléphone."})
    assert response.status_code == 302
    db.session.refresh(offer)
    assert offer.status == S.PUBLISHED and _open(offer) == []
    resolved = db.session.scalars(select(Report)).all()
    assert {r.status for r in resolved} == {ReportStatus.DISMISSED}
    assert all(r.resolution_note == "Annonce vérifiée par téléphone." for r in resolved)
    actions = [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions == ["listing.suspend", "reports.dismiss", "listing.reinstate"]


def test_dismissing_keeps_a_listing_suspended_by_staff(app, people):
    offer = make_offer(people.business, "published")
    reports.create_report(offer, None, "10.0.0.1", "scam")
    from app.services.listings.lifecycle import transition

    transition(offer, "suspend", people.staff, reason="fraud", message="Fraude avérée.")
    reports.resolve(offer, people.staff, "dismiss", "Le signalement n’apporte rien de plus.")
    assert offer.status == S.SUSPENDED


def test_upholding_suspends_a_published_listing(app, people, signed_in):
    offer = make_offer(people.business, "published")
    _report(app, offer, ip="10.0.0.1")
    response = signed_in(people.staff).post(f"/moderation/annonces/{offer.id}/signalements",
                                            data={"decision": "uphold", "reason": "fraud",
                                                  "note": "Demande d’argent aux candidats."})
    assert response.status_code == 302
    db.session.refresh(offer)
    assert offer.status == S.SUSPENDED and offer.last_review_reason == "fraud"
    assert offer.last_review_message == "Demande d’argent aux candidats."
    assert not reports.hidden_by_reports(offer)


def test_upholding_keeps_a_hidden_listing_suspended_for_good(app, people, make_user):
    offer = make_offer(people.business, "published")
    for n, reporter in enumerate(veterans(make_user, 3)):
        reports.create_report(offer, reporter, f"10.0.{n}.1", "scam")
    reports.resolve(offer, people.staff, "uphold", "Arnaque confirmée.")
    assert offer.status == S.SUSPENDED and not reports.hidden_by_reports(offer)
    assert offer.last_review_message == "Arnaque confirmée."


def test_resolving_needs_a_note_and_the_territory(app, people, signed_in):
    offer = make_offer(people.business, "published")
    _report(app, offer, ip="10.0.0.1")
    assert signed_in(people.staff).post(f"/moderation/annonces/{offer.id}/signalements",
                                        data={"decision": "dismiss", "note": ""}).status_code == 422
    assert signed_in(people.other_staff).post(f"/moderation/annonces/{offer.id}/signalements",
                                              data={"decision": "dismiss", "note": "Rien."}).status_code == 403
    assert len(_open(offer)) == 1
