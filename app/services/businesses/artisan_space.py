"""The artisan's space: save a business profile with its logo, save and submit listings, the dashboard's data."""
from dataclasses import dataclass

from sqlalchemy import func, select

from app.core.errors import Refused
from app.extensions import db
from app.files import images
from app.models.application import Application
from app.models.business import Business
from app.models.interest import Interest
from app.models.listing import Listing
from app.models.listing_states import EDITABLE, ListingStatus, Transition
from app.services.businesses.profiles import create_business, update_business
from app.services.listings.lifecycle import (
    allowed_actions,
    create_offer,
    create_project,
    owner_listings,
    transition,
    update_listing,
)

BACK_TO_REVIEW = ("Vos modifications changent le contenu de l’annonce : elle est renvoyée en relecture à la chambre "
                  "et n’est plus visible du public jusqu’à sa validation.")


def can_edit(listing: Listing) -> bool:
    """True while the owner may still change the listing's content."""
    return listing.status in EDITABLE


def save_business_profile(user, fields: dict, business: Business | None = None, logo=None,
                          remove_logo: bool = False) -> Business:
    """Create or update a business with an optional new logo; a refused profile leaves no file behind."""
    fields = dict(fields)
    new_logo = None
    if logo is not None:
        try:
            new_logo = images.save_image(logo)
        except images.ImageError as error:
            raise Refused({"logo": str(error)}) from None
        fields["logo_path"] = new_logo
    elif remove_logo:
        fields["logo_path"] = None
    old_logo = business.logo_path if business else None
    try:
        if business is None:
            business = create_business(user, **fields)
        else:
            business = update_business(business, user, **fields)
    except Exception:  # the use case rolled back: the new logo belongs to nothing
        images.delete_image(new_logo)
        raise
    if old_logo and business.logo_path != old_logo:
        images.delete_image(old_logo)
    return business


def save_listing(user, kind: str, fields: dict, business: Business | None = None, listing: Listing | None = None,
                 submit: bool = False) -> tuple[Listing, str]:
    """Create (in `business`) or edit a listing, then submit it when asked; return it and the French message."""
    if listing is None:
        create = create_offer if kind == "offer" else create_project
        listing = create(business, user, **fields)
        message = "Brouillon enregistré. Vous pourrez l’envoyer en relecture quand il sera prêt."
    else:
        was_public = listing.is_public
        listing = update_listing(listing, user, **fields)
        back_to_review = was_public and listing.status == ListingStatus.SUBMITTED
        message = BACK_TO_REVIEW if back_to_review else "Modifications enregistrées."
    if submit and listing.status != ListingStatus.SUBMITTED:
        transition(listing, "submit", user)
        message = ("Annonce envoyée en relecture : un conseiller de votre chambre de métiers la vérifie avant "
                   "sa publication.")
    return listing, message


@dataclass
class DashboardRow:
    """A listing of the dashboard with the actions its owner may take now."""

    listing: Listing
    actions: list[Transition]
    editable: bool
    responses: int | None = None  # applications to an offer, interests in a project; None without those features


@dataclass
class DashboardGroup:
    """The listings in one state."""

    status: ListingStatus
    rows: list[DashboardRow]


def _response_counts(listings: list[Listing]) -> dict[int, int] | None:
    """Applications per offer and interests per project."""
    ids = [listing.id for listing in listings]
    counts = dict(db.session.execute(select(Application.offer_id, func.count(Application.id))
                                     .where(Application.offer_id.in_(ids)).group_by(Application.offer_id)).all())
    counts.update(db.session.execute(select(Interest.project_id, func.count(Interest.id))
                                     .where(Interest.project_id.in_(ids)).group_by(Interest.project_id)).all())
    return counts


def dashboard(user) -> list[DashboardGroup]:
    """The user's listings grouped by state, in the state machine's order, empty states left out."""
    listings = owner_listings(user)
    counts = _response_counts(listings)
    groups = []
    for status in ListingStatus:
        rows = [DashboardRow(listing, allowed_actions(listing, user), can_edit(listing),
                             None if counts is None else counts.get(listing.id, 0))
                for listing in listings if listing.status == status]
        if rows:
            groups.append(DashboardGroup(status, rows))
    return groups
