"""What /sitemap.xml lists: every public listing page and every public business page, with its last change."""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.extensions import db
from app.models.business import Business
from app.models.listing import Listing, Offer, Project
from app.models.visibility import public_business, public_listing

# The path prefix of each listing type's public page (CONTRACT.md).
_PREFIXES = {cls.__mapper_args__["polymorphic_identity"]: cls.url_prefix for cls in (Offer, Project)}


@dataclass(frozen=True)
class SitemapEntry:
    """One public page: its site path and when it last changed."""

    path: str
    updated_at: datetime


def sitemap_entries() -> list[SitemapEntry]:
    """Every public listing (newest first) then every public business page, read column by column."""
    listings = db.session.execute(
        select(Listing.id, Listing.type, Listing.slug, Listing.updated_at).where(public_listing())
        .order_by(Listing.id.desc()))
    businesses = db.session.execute(
        select(Business.slug, Business.updated_at).where(public_business()).order_by(Business.slug))
    return ([SitemapEntry(f"{_PREFIXES[kind]}/{listing_id}-{slug}", updated)
             for listing_id, kind, slug, updated in listings if kind in _PREFIXES]
            + [SitemapEntry(f"/entreprises/{slug}", updated) for slug, updated in businesses])
