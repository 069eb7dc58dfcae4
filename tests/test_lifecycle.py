"""The listing lifecycle: who may fire each transition and from which state, edits, visibility, expiry, renewal."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.core.errors import NotAllowed, NotFound, Refused
from app.core.time import utcnow
from app.extensions import db
from app.models.listing_states import GONE, PUBLIC, RENEW_GRACE_DAYS, SYSTEM, TRANSITIONS, ListingStatus
from app.models.mail import OutgoingMail
from app.services.access import visible_listing_or_404
from app.services.listings.lifecycle import (
    InvalidTransition,
    allowed_actions,
    create_offer,
    expire_listings,
    renew,
    transition,
    update_listing,
)
from app.services.moderation.review import queue_page
from tests.factories import OFFER_DEFAULTS, make_business, make_offer, make_project

S = ListingStatus
DECISION = {"message": "Merci de préciser les horaires.", "reason": "incomplete"}


@pytest.fixture
def people(make_user):
    """An artisan with a Breton business, the Breton and Île-de-France staff, an admin and outsiders."""
    owner = make_user("artisan", display_name="Anne Le Goff")
    return {
        "owner": owner,
        "business": make_business(owner, postcode="35000", commune="Rennes", name="Boulangerie du Thabor"),
        "staff": make_user("staff", chamber_code="BRE"),
        "other_staff": make_user("staff", chamber_code="IDF"),
        "admin": make_user("admin"),
        "other_artisan": make_user("artisan"),
        "apprentice": make_user("apprentice"),
    }


def _mails():
    from app.extensions import db

    return db.session.scalars(select(OutgoingMail).order_by(OutgoingMail.id)).all()


ALLOWED = [
    ("submit", S.DRAFT, "owner", S.SUBMITTED),
    ("submit", S.CHANGES_REQUESTED, "owner", S.SUBMITTED),
    *[("withdraw", s, "owner", S.WITHDRAWN) for s in (S.DRAFT, S.SUBMITTED, S.CHANGES_REQUESTED, S.PUBLISHED,
                                                      S.SUSPENDED)],
    ("fill", S.PUBLISHED, "owner", S.FILLED),
    ("close", S.PUBLISHED, "owner", S.CLOSED),
    ("renew", S.PUBLISHED, "owner", S.PUBLISHED),
    ("renew", S.EXPIRED, "owner", S.PUBLISHED),
    ("publish", S.SUBMITTED, "staff", S.PUBLISHED),
    ("publish", S.SUBMITTED, "admin", S.PUBLISHED),
    ("request_changes", S.SUBMITTED, "staff", S.CHANGES_REQUESTED),
    ("reject", S.SUBMITTED, "staff", S.REJECTED),
    ("reject", S.SUBMITTED, "admin", S.REJECTED),
    ("suspend", S.PUBLISHED, "staff", S.SUSPENDED),
    ("reinstate", S.SUSPENDED, "admin", S.PUBLISHED),
]


@pytest.mark.parametrize("action, source, who, target", ALLOWED)
def test_allowed_transitions(people, action, source, who, target):
    offer = make_offer(people["business"], source)
    transition(offer, action, people[who], **DECISION)
    assert offer.status == target
    assert offer.status_changed_at > utcnow() - timedelta(minutes=1)


REFUSED_WHO = [
    ("publish", S.SUBMITTED, "owner"),  # an artisan never publishes their own listing
    ("publish", S.SUBMITTED, "other_staff"),  # Île-de-France staff on a Breton listing
    ("publish", S.SUBMITTED, "other_artisan"),
    ("publish", S.SUBMITTED, "apprentice"),
    ("reject", S.SUBMITTED, "other_staff"),
    ("suspend", S.PUBLISHED, "other_staff"),
    ("suspend", S.PUBLISHED, "owner"),
    ("submit", S.DRAFT, "other_artisan"),
    ("submit", S.DRAFT, "staff"),
    ("withdraw", S.PUBLISHED, "other_artisan"),
    ("withdraw", S.PUBLISHED, "admin"),  # staff and admins suspend instead
    ("fill", S.PUBLISHED, "staff"),
    ("renew", S.PUBLISHED, "other_artisan"),
    ("expire", S.PUBLISHED, "owner"),
    ("expire", S.PUBLISHED, "admin"),
]


@pytest.mark.parametrize("action, source, who", REFUSED_WHO)
def test_transitions_refused_to_the_wrong_person(people, action, source, who):
    offer = make_offer(people["business"], source)
    with pytest.raises(NotAllowed) as refused:
        transition(offer, action, people[who], **DECISION)
    assert refused.value.status == 403 and "réservée" in str(refused.value)
    assert offer.status == source


def test_anonymous_visitors_cannot_fire_anything(people):
    from app.models.user import AnonymousUser

    offer = make_offer(people["business"], S.SUBMITTED)
    for action in TRANSITIONS:
        with pytest.raises(NotAllowed):
            transition(offer, action, AnonymousUser(), **DECISION)


def _actor_for(people, action):
    return {"owner": people["owner"], "staff": people["staff"], "system": SYSTEM}[TRANSITIONS[action].actor.value]


@pytest.mark.parametrize("action, source", [(t.name, s) for t in TRANSITIONS.values() for s in S
                                            if s not in t.sources])
def test_transitions_refused_from_the_wrong_state(people, action, source):
    offer = make_offer(people["business"], source)
    with pytest.raises(InvalidTransition) as refused:
        transition(offer, action, _actor_for(people, action), **DECISION)
    assert refused.value.status == 409 and source.label in str(refused.value)
    assert offer.status == source


def test_projects_are_not_filled_but_closed(people):
    project = make_project(people["business"], S.PUBLISHED)
    with pytest.raises(InvalidTransition):
        transition(project, "fill", people["owner"])
    transition(project, "close", people["owner"])
    assert project.status == S.CLOSED


def test_full_review_cycle_keeps_the_artisan_informed(people):
    owner, staff = people["owner"], people["staff"]
    offer = make_offer(people["business"])
    transition(offer, "submit", owner)
    assert offer.submitted_at is not None and offer in queue_page(staff).items
    assert offer not in queue_page(people["other_staff"]).items and offer in queue_page(people["admin"]).items

    with pytest.raises(Refused) as refused:
        transition(offer, "request_changes", staff)
    assert "message" in refused.value.errors
    transition(offer, "request_changes", staff, message="Précisez le rythme de l’alternance.")
    assert offer.last_review_message == "Précisez le rythme de l’alternance."
    assert "Modifications demandées" in _mails()[-1].subject
    assert "Précisez le rythme" in _mails()[-1].body_text and _mails()[-1].to == owner.email

    update_listing(offer, owner, rhythm="2 semaines en entreprise, 1 semaine au CFA")
    transition(offer, "submit", owner)
    transition(offer, "publish", staff)
    assert offer.status in PUBLIC and offer.last_review_message is None
    assert offer.published_at is not None
    assert offer.expires_at - offer.published_at == timedelta(days=60)
    assert "en ligne" in _mails()[-1].subject and offer.public_path in _mails()[-1].body_text


def test_reject_and_suspend_need_a_reason_shown_to_the_artisan(people):
    offer = make_offer(people["business"], S.SUBMITTED)
    with pytest.raises(Refused) as refused:
        transition(offer, "reject", people["staff"], message="Hors sujet.")
    assert "reason" in refused.value.errors
    transition(offer, "reject", people["staff"], message="Ce n’est pas une offre d’alternance.", reason="not_craft")
    assert offer.last_review_reason == "not_craft" and offer.status in GONE
    assert "Hors du champ de l’artisanat" in _mails()[-1].body_text

    published = make_offer(people["business"], S.PUBLISHED)
    with pytest.raises(Refused):
        transition(published, "suspend", people["staff"])
    transition(published, "suspend", people["staff"], reason="reported")
    assert published.status == S.SUSPENDED and "suspendue" in _mails()[-1].subject


def test_owner_actions_send_no_mail(people):
    offer = make_offer(people["business"], S.PUBLISHED)
    transition(offer, "fill", people["owner"])
    assert _mails() == []


def test_a_substantive_edit_of_a_published_listing_goes_back_to_review(people):
    owner = people["owner"]
    offer = make_offer(people["business"], S.PUBLISHED)
    update_listing(offer, owner, positions=2, urgent=True)
    assert offer.status == S.PUBLISHED and offer.positions == 2
    update_listing(offer, owner, title="Apprentie ou apprenti boulanger – CAP")
    assert offer.status == S.SUBMITTED and offer.slug == "apprentie-ou-apprenti-boulanger-cap"
    with pytest.raises(NotFound):
        visible_listing_or_404("offer", offer.id, None)


def test_edits_are_for_the_owner_and_for_listings_still_alive(people):
    offer = make_offer(people["business"], S.DRAFT)
    with pytest.raises(NotAllowed):
        update_listing(offer, people["other_artisan"], title="Piraté")
    with pytest.raises(NotAllowed):
        update_listing(offer, people["staff"], title="Corrigé")
    withdrawn = make_offer(people["business"], S.WITHDRAWN)
    with pytest.raises(InvalidTransition):
        update_listing(withdrawn, people["owner"], title="Ressuscitée")


@pytest.mark.parametrize("fields, field", [
    ({"description": "Trop court."}, "description"),
    ({"trade": "astronaute"}, "trade"),
    ({"diploma": "BTS", "level": 3}, "level"),
    ({"duration_months": 40}, "duration_months"),
    ({"positions": 0}, "positions"),
    ({"questions": ["Un ?", "Deux ?", "Trois ?", "Quatre ?"]}, "questions"),
    ({"contact_email": "pas-une-adresse"}, "contact_email"),
    ({"contract": "intérim"}, "contract"),
])
def test_offer_fields_are_checked(people, fields, field):
    with pytest.raises(Refused) as refused:
        create_offer(people["business"], people["owner"], **{**OFFER_DEFAULTS, **fields})
    assert field in refused.value.errors


def test_offer_defaults(people):
    offer = create_offer(people["business"], people["owner"], **{**OFFER_DEFAULTS, "diploma": "bts"})
    assert (offer.level, offer.contract, offer.positions, offer.start_label) == (5, "apprentissage", 1,
                                                                                 "Dès que possible")
    assert offer.departement == "35" and offer.status == S.DRAFT


def test_a_project_budget_range_must_be_ordered(people):
    with pytest.raises(Refused) as refused:
        make_project(people["business"], budget_min=5000, budget_max=1000)
    assert "budget_max" in refused.value.errors


@pytest.mark.parametrize("who, sees_draft", [("owner", True), ("staff", True), ("admin", True),
                                             ("other_staff", False), ("other_artisan", False), (None, False)])
def test_only_published_listings_are_public(people, who, sees_draft):
    user = people[who] if who else None
    draft = make_offer(people["business"], S.DRAFT)
    published = make_project(people["business"], S.PUBLISHED)
    assert visible_listing_or_404("project", published.id, user) == published
    if sees_draft:
        assert visible_listing_or_404("offer", draft.id, user) == draft
    else:
        with pytest.raises(NotFound):
            visible_listing_or_404("offer", draft.id, user)
    with pytest.raises(NotFound):
        visible_listing_or_404("project", draft.id, people["owner"])  # an offer is not a project


def test_the_dashboard_lists_the_actions_allowed_in_each_state(people):
    offer = make_offer(people["business"], S.PUBLISHED)
    assert {t.name for t in allowed_actions(offer, people["owner"])} == {"withdraw", "fill", "close", "renew"}
    assert {t.name for t in allowed_actions(offer, people["staff"])} == {"suspend"}
    assert allowed_actions(offer, people["other_staff"]) == []


def test_expiry_reminds_once_then_expires(people, runner):
    offer = make_offer(people["business"], S.PUBLISHED)
    now = utcnow()
    offer.expires_at = now + timedelta(days=5)
    assert expire_listings(now) == {"expired": 0, "reminded": 1}
    assert "expire dans 7 jours" in _mails()[-1].subject
    assert expire_listings(now + timedelta(days=1)) == {"expired": 0, "reminded": 0}  # once only
    assert expire_listings(now + timedelta(days=6)) == {"expired": 1, "reminded": 0}
    assert offer.status == S.EXPIRED and "a expiré" in _mails()[-1].subject
    assert len(_mails()) == 2


def test_expire_command_prints_its_counts(people, runner):
    offer = make_offer(people["business"], S.PUBLISHED)
    offer.expires_at = utcnow() - timedelta(minutes=1)
    result = runner.invoke(args=["listings", "expire"])
    assert result.exit_code == 0
    assert "Annonces expirées : 1" in result.output and offer.status == S.EXPIRED


def test_renew_gives_sixty_days_and_a_new_reminder(people):
    offer = make_offer(people["business"], S.PUBLISHED)
    offer.expires_at = utcnow() + timedelta(days=3)
    expire_listings()
    renew(offer, people["owner"])
    assert offer.expires_at > utcnow() + timedelta(days=59) and offer.reminder_sent_at is None


def test_an_expired_listing_is_renewed_in_the_grace_period_then_needs_review(people):
    offer = make_offer(people["business"], S.EXPIRED)
    renew(offer, people["owner"])
    assert offer.status == S.PUBLISHED
    old = make_offer(people["business"], S.EXPIRED)
    old.expires_at = utcnow() - timedelta(days=RENEW_GRACE_DAYS + 1)
    db.session.commit()  # a refused transition rolls back what is pending, like any failed use case
    with pytest.raises(InvalidTransition):
        renew(old, people["owner"])
    assert [t.name for t in allowed_actions(old, people["owner"])] == ["submit"]
    transition(old, "submit", people["owner"])
    assert old.status == S.SUBMITTED


def test_every_field_error_is_reported_at_once(people):
    with pytest.raises(Refused) as refused:
        create_offer(people["business"], people["owner"], title="Ok", description="court", trade="?", diploma="X")
    assert set(refused.value.errors) == {"title", "description", "trade", "diploma"}


def test_views_are_counted_in_memory_then_written_together(people):
    from app.services.listings.view_counts import flush_views, pending_views, record_view

    offer = make_offer(people["business"], S.PUBLISHED)
    record_view(offer)
    record_view(offer)
    assert pending_views() == 2
    db.session.expire_all()
    assert offer.views_count == 0  # nothing written yet
    assert flush_views() == 2 and pending_views() == 0
    db.session.expire_all()
    assert offer.views_count == 2
