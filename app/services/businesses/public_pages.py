"""What a business's public page lists: its open listings."""
from sqlalchemy import select

from app.extensions import db
from app.models.business import Business
from app.models.listing import Listing
from app.models.listing_states import PUBLIC


def open_listings(business: Business) -> list[Listing]:
    """The business's published listings, newest first."""
    return list(db.session.scalars(
        select(Listing).where(Listing.business_id == business.id, Listing.status.in_(PUBLIC))
        .order_by(Listing.published_at.desc(), Listing.id.desc())))
