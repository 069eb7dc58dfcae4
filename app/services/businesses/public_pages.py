"""Read helpers of the public pages: a business by slug and its open listings."""
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from app.extensions import db
from app.models.business import Business
from app.models.listing import Listing
from app.models.listing_states import PUBLIC


def business_by_slug_or_404(slug: str) -> Business:
    """The business with this slug, or NotFound."""
    business = db.session.scalar(select(Business).filter_by(slug=slug))
    if business is None:
        raise NotFound()
    return business


def open_listings(business: Business) -> list[Listing]:
    """The business's published listings, newest first."""
    return list(db.session.scalars(
        select(Listing).where(Listing.business_id == business.id, Listing.status.in_(PUBLIC))
        .order_by(Listing.published_at.desc(), Listing.id.desc())))
