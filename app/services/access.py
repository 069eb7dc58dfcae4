"""Every object-level access rule, and the loaders that answer 404 or 403 for them.

A loader answers NotFound (404) when the user may not know the object exists, and NotAllowed (403) when they may
know it but not act on it. Views call a loader first; services call the rules again before they change anything.
"""
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.core.errors import NotAllowed, NotFound
from app.extensions import db
from app.geo import chamber_for_departement, get_chamber
from app.models.application import Application
from app.models.application_states import Party
from app.models.business import Business
from app.models.interest import Interest
from app.models.listing import LISTING_CLASSES, Listing, Offer, Project
from app.models.user import STAFF_ROLES, Permission, Role, User
from app.models.visibility import business_is_public, listing_is_public


@dataclass(frozen=True)
class ContactActor:
    """The business's contact address holding a valid signed link to one application or proposal (no account).

    It acts as the owner of that one subject only; app.services.conversations.routing checks the link.
    """

    email: str
    application_id: int | None = None
    interest_id: int | None = None
    is_authenticated = False  # not a signed-in account: every account-only rule refuses it


# --- rules -----------------------------------------------------------------------------------------------------

def is_owner(user, business: Business) -> bool:
    """True when the signed-in user owns the business."""
    return (getattr(user, "is_authenticated", False) and business.owner_id is not None
            and business.owner_id == user.id)


def can_manage(user, business: Business) -> bool:
    """Owner or admin may edit a business profile."""
    return is_owner(user, business) or bool(getattr(user, "is_admin", False))


def can_moderate(user) -> bool:
    """True for a signed-in user whose role grants moderation."""
    return bool(getattr(user, "is_authenticated", False) and user.can(Permission.MODERATE))


def covers(user, departement: str | None) -> bool:
    """True for an admin, or a staff member whose chamber's territory includes the département."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_admin:
        return True
    if user.role != Role.STAFF or not user.can(Permission.MODERATE) or not departement:
        return False
    chamber = chamber_for_departement(departement)
    return chamber is not None and chamber.code == user.chamber_code


def ensure_covers(user, departement: str | None) -> None:
    """Raise NotAllowed (403) unless the user moderates this département."""
    if not covers(user, departement):
        raise NotAllowed("Cette annonce ou cette entreprise relève d’une autre chambre.")


def territory(user, chamber_code: str | None = None) -> tuple[str, ...] | None:
    """Départements a moderator works on (None: everywhere); an admin may narrow it to one chamber."""
    if not can_moderate(user):
        raise NotAllowed()
    if user.is_admin:
        chamber = get_chamber(chamber_code)
        return chamber.departements if chamber else None
    own = get_chamber(user.chamber_code)
    if chamber_code and (own is None or get_chamber(chamber_code) != own):
        raise NotAllowed("Vous ne pouvez consulter que le territoire de votre chambre.")
    return own.departements if own else ()


def chambers_of(user, chamber_code: str | None = None) -> tuple[str, ...] | None:
    """Chamber codes a moderator works on (None: every chamber)."""
    if user.is_admin:
        chamber = get_chamber(chamber_code)
        return (chamber.code,) if chamber else None
    territory(user, chamber_code)
    return (user.chamber_code,)


def can_view(listing: Listing, user) -> bool:
    """Published listings of public businesses are public; others only for their owner, the staff of their
    territory and admins."""
    return listing_is_public(listing) or is_owner(user, listing.business) or covers(user, listing.departement)


def can_view_business(business: Business, user) -> bool:
    """A public business's page is for everyone; an unconfirmed owner's only for them, their staff and admins."""
    return business_is_public(business) or can_manage(user, business) or covers(user, business.departement)


def application_party(application: Application, user) -> Party | None:
    """The candidate, the owner of the offer's business (or its contact link), or None for anyone else (staff
    included)."""
    if isinstance(user, ContactActor):
        return Party.OWNER if user.application_id == application.id else None
    if not getattr(user, "is_authenticated", False):
        return None
    if application.candidate_id == user.id:
        return Party.CANDIDATE
    if is_owner(user, application.offer.business):
        return Party.OWNER
    return None


def interest_party(interest: Interest, user) -> Party | None:
    """The partner, the owner of the project's business (or its contact link), or None."""
    if isinstance(user, ContactActor):
        return Party.OWNER if user.interest_id == interest.id else None
    if not getattr(user, "is_authenticated", False):
        return None
    if interest.partner_id == user.id:
        return Party.PARTNER
    if is_owner(user, interest.project.business):
        return Party.OWNER
    return None


# --- loaders ---------------------------------------------------------------------------------------------------

def visible_listing_or_404(kind: str, listing_id: int, user) -> Listing:
    """The listing of this kind and id if `user` may see it.

    :raise NotFound: unknown kind or id, or a listing the user may not see (without saying why).
    """
    model = LISTING_CLASSES.get(kind)
    listing = db.session.get(model, listing_id, options=[joinedload(model.business)]) if model else None
    if listing is None or not can_view(listing, user):
        raise NotFound()
    return listing


def published_listing_or_404(listing_id: int) -> Listing:
    """A published listing of a public business, of either kind.

    :raise NotFound: anything else, as its public page answers.
    """
    listing = db.session.get(Listing, listing_id)
    if listing is None or not listing_is_public(listing):
        raise NotFound()
    return listing


def business_by_slug_or_404(slug: str, user=None) -> Business:
    """The business with this slug, if `user` (a visitor when None) may see its page.

    :raise NotFound: no such business, or an unconfirmed owner's business seen by someone else.
    """
    business = db.session.scalar(select(Business).filter_by(slug=slug))
    if business is None or not can_view_business(business, user):
        raise NotFound()
    return business


def owned_business_or_abort(business_id: int, user) -> Business:
    """The business if `user` may manage it.

    :raise NotFound: no such business.
    :raise NotAllowed: it belongs to someone else.
    """
    business = db.session.get(Business, business_id)
    if business is None:
        raise NotFound()
    if not can_manage(user, business):
        raise NotAllowed()
    return business


def owned_listing_or_abort(listing_id: int, user) -> Listing:
    """The listing if `user` owns it.

    :raise NotFound: unknown, or a listing the user may not see.
    :raise NotAllowed: a listing the user may read (public, or in their territory) but does not own.
    """
    listing = db.session.get(Listing, listing_id)
    if listing is None or not (is_owner(user, listing.business) or can_view(listing, user)):
        raise NotFound()
    if not is_owner(user, listing.business):
        raise NotAllowed()
    return listing


def _owned_or_404(model: type[Listing], listing_id: int, user) -> Listing:
    """A listing of this kind in a business the user owns; NotFound when unknown or someone else's."""
    listing = db.session.get(model, listing_id)
    if listing is None or not is_owner(user, listing.business):
        raise NotFound()
    return listing


def owned_offer_or_404(offer_id: int, user) -> Offer:
    """An offer of a business the user owns (the artisan's inbox of one offer).

    :raise NotFound: unknown, or someone else's.
    """
    return _owned_or_404(Offer, offer_id, user)


def owned_project_or_404(project_id: int, user) -> Project:
    """A project of a business the user owns (the proposals received for it).

    :raise NotFound: unknown, or someone else's.
    """
    return _owned_or_404(Project, project_id, user)


def listing_for_staff(listing_id: int, user) -> Listing:
    """A listing for moderation.

    :raise NotFound: no such listing.
    :raise NotAllowed: outside the user's territory.
    """
    listing = db.session.get(Listing, listing_id)
    if listing is None:
        raise NotFound()
    ensure_covers(user, listing.departement)
    return listing


def business_for_staff(business_id: int, user) -> Business:
    """A business for moderation.

    :raise NotFound: no such business.
    :raise NotAllowed: outside the user's territory.
    """
    business = db.session.get(Business, business_id)
    if business is None:
        raise NotFound()
    ensure_covers(user, business.departement)
    return business


def _party_or_404(item, party_of, user, party: Party, what: str):
    """The item if `user` is its `party`; 404 for strangers, 403 for the other party."""
    found = party_of(item, user) if item is not None else None
    if found is None:
        raise NotFound()
    if found != party:
        raise NotAllowed(f"Cette page est réservée à l’autre partie de {what}.")
    return item


def application_or_404(application_id: int, user, party: Party) -> Application:
    """The application if `user` is its `party`.

    :raise NotFound: unknown, or the user is neither party.
    :raise NotAllowed: the user is the other party.
    """
    return _party_or_404(db.session.get(Application, application_id), application_party, user, party,
                         "la candidature")


def interest_or_404(interest_id: int, user, party: Party) -> Interest:
    """The partner's proposal if `user` is its `party`.

    :raise NotFound: unknown, or the user is neither party.
    :raise NotAllowed: the user is the other party.
    """
    return _party_or_404(db.session.get(Interest, interest_id), interest_party, user, party, "la proposition")


def staff_member_or_404(user_id: int) -> User:
    """A staff or admin account.

    :raise NotFound: any other account (the staff pages manage staff only).
    """
    user = db.session.get(User, user_id)
    if user is None or user.role not in STAFF_ROLES:
        raise NotFound()
    return user
