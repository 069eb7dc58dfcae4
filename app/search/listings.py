"""Listings as search sees them: loaded with their business, counted, turned into search documents.

Shared by the read path (results, fallback) and the sync writer, so neither imports the other.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, with_polymorphic

from app.extensions import db
from app.models.business import Business
from app.models.listing import Listing, Offer, Project
from app.models.listing_states import PUBLIC
from app.reference.trades import trade_search_words


def listings_query():
    """A select of listings with their subclass columns, business and its owner (who makes it public) loaded in the
    same query."""
    listing = with_polymorphic(Listing, [Offer, Project])
    return select(listing).options(joinedload(listing.business).joinedload(Business.owner))


def load_listings(ids: Iterable[int]) -> dict[int, Listing]:
    """Listings by id with their business, in one query."""
    ids = list(ids)
    if not ids:
        return {}
    return {listing.id: listing for listing in db.session.scalars(listings_query().where(Listing.id.in_(ids)))}


def published_count() -> int:
    """How many listings are published."""
    return db.session.scalar(select(func.count()).select_from(Listing).where(Listing.status.in_(PUBLIC)))


def listing_document(listing: Listing, today: date) -> dict[str, Any]:
    """The search document of a published listing (see app.search.engine for the keys)."""
    business = listing.business
    diploma = getattr(listing, "diploma", None)
    summary = getattr(listing, "summary", None)
    return {
        "kind": listing.type, "listing_id": listing.id, "title": listing.title,
        "trade_label": trade_search_words(listing.trade) or listing.trade_label,  # with synonyms: « coiffure »
        "description": f"{summary}\n{listing.description}" if summary else listing.description,
        "business_name": business.name, "commune": business.commune_name, "departement": listing.departement,
        "trade": listing.trade or "", "diploma": diploma.value if diploma else "",
        "partner_types": list(getattr(listing, "partner_types", None) or ()),
        "highlighted": business.is_highlighted(today), "published_at": listing.published_at,
        "lat": business.lat, "lon": business.lon,
    }
