"""The audit log: every decision is recorded in its own transaction, shown on the histories, and cannot change."""
from datetime import date, timedelta

import pytest
from sqlalchemy import delete, select, update

from app.extensions import db
from app.models.listing_states import ReviewReason
from app.models.moderation import AuditEntry, AuditLogIsAppendOnly
from app.services.listings.lifecycle import transition
from app.services.moderation import audit, reports
from app.services.moderation import review as moderation
from tests.factories import make_offer
from tests.moderation_fixtures import people, signed_in  # noqa: F401


def _entries():
    return db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()


def test_decisions_verification_highlight_and_reports_are_recorded(people):
    offer = make_offer(people.business, "submitted")
    moderation.decide(offer, people.staff, "request_changes", moderation.review_token(offer),
                      message="Ajoutez la durée du contrat.")
    rm = f"{people.business.siret[:9]} RM 35"
    moderation.verify(people.business, people.staff, rm, True)
    moderation.highlight(people.business, people.staff, date.today() + timedelta(days=90), ["circuit-court"],
                         message="Visite sur place.")
    published = make_offer(people.business, "published")
    reports.create_report(published, None, "10.0.0.1", "inaccurate")
    reports.resolve(published, people.staff, "dismiss", "Informations exactes.")

    entries = _entries()
    assert [e.action for e in entries] == ["listing.request_changes", "business.verify", "business.highlight",
                                           "reports.dismiss"]
    changes, verify, highlight, dismiss = entries
    assert changes.actor_id == people.staff.id and changes.actor_label == "Yann Kergoat <yann@cma-bretagne.fr>"
    assert changes.message == "Ajoutez la durée du contrat." and changes.chamber_code == "BRE"
    assert changes.details["status"] == "changes_requested"
    assert changes.details["snapshot"]["title"] == offer.title
    assert verify.details["rm_number"] == rm and verify.subject_id == people.business.id
    assert highlight.details["commitments"] == ["circuit-court"] and highlight.message == "Visite sur place."
    assert dismiss.subject_id == published.id and dismiss.message == "Informations exactes."
    assert all(e.at is not None and e.at.tzinfo is not None for e in entries)


def test_a_refused_decision_leaves_no_entry(people):
    offer = make_offer(people.business, "submitted")
    with pytest.raises(Exception):
        moderation.decide(offer, people.staff, "reject", moderation.review_token(offer), message="Sans motif.")
    with pytest.raises(Exception):
        moderation.decide(offer, people.other_staff, "publish", moderation.review_token(offer))
    assert _entries() == []


def test_entries_cannot_be_changed_or_deleted(people):
    offer = make_offer(people.business, "submitted")
    transition(offer, "publish", people.staff)
    entry = _entries()[0]

    entry.message = "Réécrit après coup"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()

    db.session.delete(db.session.get(AuditEntry, entry.id))
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()

    with pytest.raises(AuditLogIsAppendOnly):
        db.session.execute(update(AuditEntry).values(message="x"))
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.execute(delete(AuditEntry))
    db.session.rollback()
    assert db.session.get(AuditEntry, entry.id).message is None
    assert not any(name.startswith(("update", "delete", "edit")) for name in dir(audit))


def test_histories_are_shown_on_the_review_and_business_pages(people, signed_in):
    offer = make_offer(people.business, "submitted")
    transition(offer, "request_changes", people.staff, message="Ajoutez la durée du contrat.")
    other = make_offer(people.business, "submitted", title="Autre offre de la même entreprise")
    transition(other, "reject", people.staff, reason="duplicate", message="Doublon de l’offre précédente.")
    staff = signed_in(people.staff)

    review = staff.get(f"/moderation/annonces/{offer.id}").get_data(as_text=True)
    assert "Modifications demandées" in review and "Ajoutez la durée du contrat." in review
    assert "Doublon de l’offre précédente." in review  # the business's history
    assert f"Motif\u00a0: {ReviewReason.DUPLICATE.label}" in review
    assert "Autre offre de la même entreprise" in review  # which listing the entry is about

    business = staff.get(f"/moderation/entreprises/{people.business.id}").get_data(as_text=True)
    assert "Ajoutez la durée du contrat." in business and "Annonce refusée" in business

    journal = staff.get("/moderation/journal").get_data(as_text=True)
    assert "Annonce refusée" in journal and "Yann Kergoat" in journal
    assert "Annonce refusée" not in signed_in(people.other_staff).get("/moderation/journal").get_data(as_text=True)
