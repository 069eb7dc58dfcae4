"""Running a search: the Whoosh index, listings re-checked and loaded from the database, SQL when it is down."""
from __future__ import annotations

import logging
import math
from dataclasses import replace

from flask import current_app
from markupsafe import Markup

import app.search.engine as engine
from app.geo import Circle
from app.models.listing import Listing
from app.models.visibility import listing_is_public
from app.reference.trades import trade_label
from app.search.fallback import sql_search
from app.search.listings import load_listings
from app.search.params import SearchRequest
from app.search.results import FACET_NAMES, SearchHit, SearchPage

log = logging.getLogger(__name__)


def engine_query(request: SearchRequest) -> engine.EngineQuery:
    """The engine's query for a checked search request."""
    commune = request.near_commune
    return engine.EngineQuery(
        q=request.q, kinds=request.kinds, trades=request.trades, diplomas=request.diplomas,
        departements=request.departements, partner_types=request.partner_types,
        highlighted_only=request.highlighted, sort=request.sort,
        near=Circle(commune.lat, commune.lon, request.radius_km) if commune else None,
        page=request.page, per_page=request.per_page)


def still_matches(listing: Listing | None, kind: str, request: SearchRequest) -> bool:
    """Whether a hit is still published by a public business (and highlighted when asked) in the database."""
    if listing is None or listing.type != kind or not listing_is_public(listing):
        return False
    return not request.highlighted or listing.business.is_highlighted()


def _facets(engine_facets: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    facets = {}
    for engine_name, name in FACET_NAMES.items():
        counts = engine_facets.get(engine_name, {})
        if name == "trade":  # CONTRACT.md keys trades by their French label
            counts = {trade_label(code) or code: n for code, n in counts.items()}
        facets[name] = dict(counts)
    return facets


def run_search(request: SearchRequest, correct: bool = False) -> SearchPage:
    """Search published listings; falls back to a plain SQL search (degraded=True) when the index is down.

    With `correct`, a text that finds nothing while its spelling suggestion finds something answers with the
    suggestion's results, the typed text in `corrected_from` (« Résultats pour boulanger »).
    """
    page = _run(request)
    if correct and not page.total and page.suggestion and page.suggestion != request.q:
        corrected = _run(replace(request, q=page.suggestion))
        if corrected.total:
            return replace(corrected, corrected_from=request.q)
    return page


def _run(request: SearchRequest) -> SearchPage:
    index_dir = current_app.config["SEARCH_INDEX_DIR"]
    try:
        result = engine.search(index_dir, engine_query(request))
    except Exception as exc:  # a missing or broken index must never break search: SQL answers instead
        log.warning("search index unavailable, answering with SQL: %r", exc)
        engine.forget(index_dir)
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
                      suggestion=result.suggestion, near_commune=request.near_commune)


def check_index() -> None:
    """Raise when this node's index cannot answer a search (for the health check)."""
    engine.search(current_app.config["SEARCH_INDEX_DIR"], engine.EngineQuery(per_page=1))
