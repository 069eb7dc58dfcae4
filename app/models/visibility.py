"""What the public may see: a business, and its published listings, only once its owner confirmed their e-mail.

An imported business (no owner) is public: the chamber's board vouches for it. Anyone can type any valid SIRET at
sign-up, so nothing of an owned business is public before its owner proved their address (issue #12).
"""
from sqlalchemy import and_, or_, select

from app.models.business import Business
from app.models.listing import Listing
from app.models.listing_states import PUBLIC
from app.models.user import User


def business_is_public(business: Business) -> bool:
    """True when the business has no owner or its owner's e-mail address is confirmed."""
    return business.owner_id is None or (business.owner is not None and business.owner.email_confirmed)


def listing_is_public(listing: Listing) -> bool:
    """True when the listing is published and its business is public."""
    return listing.status in PUBLIC and business_is_public(listing.business)


def public_business():
    """SQL condition on Business: the business is public."""
    confirmed = select(User.id).where(User.email_confirmed_at.is_not(None))
    return or_(Business.owner_id.is_(None), Business.owner_id.in_(confirmed))


def public_listing():
    """SQL condition on Listing: published, of a public business."""
    return and_(Listing.status.in_(PUBLIC), Listing.business_id.in_(select(Business.id).where(public_business())))
