"""The review queue: territory scoping, oldest first, waiting time in French, pagination, changes since last review."""
from datetime import timedelta

from app.core.time import utcnow
from app.extensions import db
from app.services.listings.lifecycle import transition, update_listing
from app.services.moderation import review as moderation
from tests.factories import make_business, make_offer
from tests.moderation_fixtures import people, signed_in  # noqa: F401


def _submitted(business, days_ago: float, **fields):
    offer = make_offer(business, "submitted", **fields)
    offer.submitted_at = utcnow() - timedelta(days=days_ago)
    db.session.commit()
    return offer


def test_staff_see_their_territory_oldest_first_with_the_waiting_time(people, signed_in, make_user):
    _submitted(people.business, 1, title="Apprenti boulanger récent")
    _submitted(people.business, 3.2, title="Apprenti boulanger ancien")
    _submitted(make_business(make_user("artisan"), postcode="75011"), 5, title="Offre parisienne")

    page = signed_in(people.staff).get("/moderation").get_data(as_text=True)
    assert page.index("Apprenti boulanger ancien") < page.index("Apprenti boulanger récent")
    assert "Offre parisienne" not in page
    assert "en attente depuis 3\u00a0jours" in page and "en attente depuis 1\u00a0jour<" in page

    idf = signed_in(people.other_staff).get("/moderation").get_data(as_text=True)
    assert "Offre parisienne" in idf and "Apprenti boulanger" not in idf

    everything = signed_in(people.admin).get("/moderation").get_data(as_text=True)
    assert all(title in everything for title in ("Offre parisienne", "Apprenti boulanger ancien"))
    only_brittany = signed_in(people.admin).get("/moderation?chambre=BRE").get_data(as_text=True)
    assert "Offre parisienne" not in only_brittany and "Apprenti boulanger ancien" in only_brittany


def test_other_chamber_staff_get_403_on_the_review_page_and_the_chamber_filter(people, signed_in):
    offer = _submitted(people.business, 1)
    idf = signed_in(people.other_staff)
    assert idf.get(f"/moderation/annonces/{offer.id}").status_code == 403
    assert idf.get("/moderation?chambre=BRE").status_code == 403
    assert signed_in(people.staff).get(f"/moderation/annonces/{offer.id}").status_code == 200
    assert signed_in(people.admin).get(f"/moderation/annonces/{offer.id}").status_code == 200
    assert idf.get("/moderation/annonces/999999").status_code == 404


def test_the_queue_is_for_moderators_only(client, people, signed_in):
    assert client.get("/moderation").status_code == 302
    assert signed_in(people.owner).get("/moderation").status_code == 403


def test_the_queue_is_paginated(people, signed_in):
    for n in range(moderation.QUEUE_PAGE_SIZE + 5):
        _submitted(people.business, 40 - n, title=f"Offre numéro {n:02d} à relire")
    staff = signed_in(people.staff)
    first = staff.get("/moderation").get_data(as_text=True)
    second = staff.get("/moderation?page=2").get_data(as_text=True)
    assert "Offre numéro 00 à relire" in first and "Offre numéro 29 à relire" not in first
    assert "Offre numéro 29 à relire" in second and "Page 2 sur 2" in second
    assert moderation.queue_page(people.staff).total == moderation.QUEUE_PAGE_SIZE + 5


def test_the_review_page_shows_the_changes_since_the_last_review(people, signed_in):
    offer = make_offer(people.business, "submitted")
    staff = signed_in(people.staff)
    assert "Première relecture" in staff.get(f"/moderation/annonces/{offer.id}").get_data(as_text=True)
    transition(offer, "request_changes", people.staff, message="Précisez les horaires.")
    update_listing(offer, people.owner, title="Apprenti boulanger (H/F) – horaires de jour",
                   rhythm="2 semaines en entreprise, 1 semaine au CFA")
    transition(offer, "submit", people.owner)

    page = staff.get(f"/moderation/annonces/{offer.id}").get_data(as_text=True)
    assert "Modifications depuis la dernière relecture" in page
    assert "Apprenti boulanger (H/F) – CAP Boulanger" in page  # before
    assert "Apprenti boulanger (H/F) – horaires de jour" in page  # after
    assert "2\u00a0semaines en entreprise, 1\u00a0semaine au CFA" in page
    assert "Précisez les horaires." in page  # the earlier decision, from the audit log
    changes = {change.field for change in moderation.changes_since_last_review(offer)}
    assert changes == {"title", "rhythm"}
