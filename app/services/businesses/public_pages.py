"""What a business's public page lists: its open listings; the search follows its owner's confirmation."""
from sqlalchemy import select

from app.extensions import db
from app.models.business import Business
from app.models.listing import Listing
from app.models.listing_states import PUBLIC
from app.search import record_change


def open_listings(business: Business) -> list[Listing]:
    """The business's published listings, newest first."""
    return list(db.session.scalars(
        select(Listing).where(Listing.business_id == business.id, Listing.status.in_(PUBLIC))
        .order_by(Listing.published_at.desc(), Listing.id.desc())))


def owner_visibility_changed(user) -> None:
    """Queue a search update of the published listings of the user's businesses: they became public (or not)."""
    for listing in db.session.scalars(select(Listing).join(Listing.business)
                                      .where(Business.owner_id == user.id, Listing.status.in_(PUBLIC))):
        record_change(listing)
