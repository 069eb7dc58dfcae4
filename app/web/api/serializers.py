"""JSON shapes of the API (CONTRACT.md): search results, facets and the public fields of a listing."""
from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from app.models.business import Business
from app.models.listing import Listing
from app.search import SearchHit, SearchPage
from app.services.listings.fields import PUBLIC_FIELDS, ListingField


def iso_utc(value: datetime | None) -> str | None:
    """ISO 8601 in UTC to the second ("2026-11-20T08:00:00+00:00"), or None."""
    return value.astimezone(timezone.utc).isoformat(timespec="seconds") if value else None


def _value(member: Any) -> Any:
    """An enum member's value (None stays None)."""
    return getattr(member, "value", member)


def _field_json(field: ListingField, listing: Listing) -> Any:
    """A listing field as JSON: enum values, ISO dates, lists never null."""
    value = getattr(listing, field.name)
    if field.is_list:
        return list(value or [])
    if isinstance(value, date):
        return value.isoformat()
    return _value(value)


def business_json(business: Business) -> dict[str, Any]:
    """The public identity of a business."""
    return {"name": business.name, "siret": business.siret, "commune": business.commune_name,
            "postcode": business.postcode, "departement": business.departement,
            "highlighted": business.is_highlighted()}


def _common(listing: Listing) -> dict[str, Any]:
    return {"id": listing.id, "type": listing.type, "external_id": listing.external_id, "title": listing.title,
            "url": listing.public_path, "trade": listing.trade_label or None,
            "diploma": _value(getattr(listing, "diploma", None)), "business": business_json(listing.business),
            "published_at": iso_utc(listing.published_at)}


def search_item(hit: SearchHit) -> dict[str, Any]:
    """One search result."""
    return {**_common(hit.listing), "distance_km": hit.distance_km, "snippet": str(hit.snippet)}


def search_json(page: SearchPage) -> dict[str, Any]:
    """A page of search results as CONTRACT.md shows it."""
    return {"total": page.total, "page": page.page, "per_page": page.per_page, "pages": page.pages,
            "results": [search_item(hit) for hit in page.items], "facets": page.facets,
            "suggestion": page.suggestion, "degraded": page.degraded}


def listing_json(listing: Listing) -> dict[str, Any]:
    """Every public field of a published listing (never the contact e-mail nor review notes)."""
    data = {**_common(listing), "trade_code": listing.trade, "departement": listing.departement,
            "expires_at": iso_utc(listing.expires_at)}
    for field in PUBLIC_FIELDS[listing.type]:
        data.setdefault(field.name, _field_json(field, listing))  # trade and diploma keep their _common shape
    return data
