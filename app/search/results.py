"""What a search answers, whoever answered it (the index, or SQL when it is down): SearchPage and its SearchHits."""
from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from app.geo import Commune
from app.models.listing import Listing
from app.search.params import SearchRequest

# Engine facet name -> CONTRACT.md facet name.
FACET_NAMES = {"kind": "type", "trade": "trade", "diploma": "diploma", "departement": "departement",
               "partner_type": "partner_type"}


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
    """The service's answer (not the engine's EngineResult): one page of listings, totals, facets, a suggestion."""

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
    corrected_from: str | None = None  # the text as typed when these are the results of its correction
