"""Running a search: the Whoosh index, listings re-checked and loaded from the database, SQL when it is down."""
from __future__ import annotations

import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from flask import current_app
from markupsafe import Markup

from app.extensions import db
from app.geo import Commune
from app.models.base import utcnow
from app.models.listing import Listing
from app.models.listing_states import PUBLIC
from app.search.engine import Near, EngineQuery, forget
from app.search.engine import search as engine_search
from app.search.params import SearchRequest
from app.search.sync import listings_query
from app.reference.trades import trade_label

log = logging.getLogger(__name__)

# Engine facet name -> CONTRACT.md facet name.
FACET_NAMES = {"kind": "type", "trade": "trade", "diploma": "diploma", "departement": "departement"}


@dataclass
class SearchHit:
    """One result: the listing (loaded from the database), its distance and HTML to show (escaped, with <mark>)."""

    listing: Listing
    kind: str
    distance_km: float | None
    snippet: Markup
    title_html: Markup


@dataclass
class SearchPage:
    """One page of results with totals, facet counts over all results and a spelling suggestion."""

    request: SearchRequest
    total: int
    page: int
    per_page: int
    pages: int
    items: list[SearchHit]
    facets: dict[str, dict[str, int]] = field(default_factory=lambda: {name: {} for name in FACET_NAMES.values()})
    suggestion: str | None = None
    near_commune: Commune | None = None
    degraded: bool = False  # True when the index was unavailable and a plain SQL search answered


def load_listings(ids: Iterable[int]) -> dict[int, Listing]:
    """Listings by id with their business, in one query."""
    ids = list(ids)
    if not ids:
        return {}
    return {listing.id: listing for listing in db.session.scalars(listings_query().where(Listing.id.in_(ids)))}


def still_matches(listing: Listing | None, kind: str, request: SearchRequest) -> bool:
    """Whether a hit is still published (and highlighted when asked) in the database."""
    if listing is None or listing.type != kind or listing.status not in PUBLIC:
        return False
    return not request.highlighted or listing.business.is_highlighted(utcnow().date())


def _facets(engine_facets: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    facets = {}
    for engine_name, name in FACET_NAMES.items():
        counts = engine_facets.get(engine_name, {})
        if name == "trade":  # CONTRACT.md keys trades by their French label
            counts = {trade_label(code) or code: n for code, n in counts.items()}
        facets[name] = dict(counts)
    return facets


def run_search(request: SearchRequest) -> SearchPage:
    """Search published listings; falls back to a plain SQL search (degraded=True) when the index is down."""
    commune = request.near_commune
    params = EngineQuery(
        q=request.q, kinds=request.kinds, trades=request.trades, diplomas=request.diplomas,
        departements=request.departements, highlighted_only=request.highlighted, sort=request.sort,
        near=Near(commune.lat, commune.lon, request.radius_km) if commune else None,
        page=request.page, per_page=request.per_page)
    index_dir = current_app.config["SEARCH_INDEX_DIR"]
    try:
        result = engine_search(index_dir, params)
    except Exception as exc:  # a missing or broken index must never break search: SQL answers instead
        log.warning("search index unavailable, answering with SQL: %r", exc)
        forget(index_dir)
        from app.search.fallback import sql_search

        return sql_search(request)
    found = load_listings(item.listing_id for item in result.items)
    items = []
    for item in result.items:
        listing = found.get(item.listing_id)
        if not still_matches(listing, item.kind, request):
            continue
        distance = round(item.distance_km, 1) if item.distance_km is not None else None
        items.append(SearchHit(listing, item.kind, distance, Markup(item.snippet), Markup(item.title_html)))
    # A hit the index still has but the database no longer publishes (withdrawn a second ago, its outbox row
    # not applied yet) is dropped. Only this page's stale hits are known: they are taken off the total, while
    # facet counts may include them until the drain catches up (seconds), which is a fair approximation.
    total = max(0, result.total - (len(result.items) - len(items)))
    return SearchPage(request=request, total=total, page=request.page, per_page=request.per_page,
                      pages=math.ceil(total / request.per_page), items=items, facets=_facets(result.facets),
                      suggestion=result.suggestion, near_commune=commune)
