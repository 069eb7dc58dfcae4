"""Full-text search of listings with Whoosh (the only package importing it), fed with plain dicts.

A search document is a dict with these keys (only kind and listing_id are required):
    kind ("offer" | "project"), listing_id (int), title, trade_label, description, business_name (str),
    commune, departement, trade, diploma (str, exact values used by filters and facets),
    partner_types (a list of str, exact values: a project's partner types sought, filtered and counted),
    highlighted (bool), published_at (datetime, aware or naive UTC), lat, lon (float degrees, or None).
Its index key is document_key(kind, listing_id), e.g. "offer:17"; deletes take such keys.
"""
from .index import (
    IndexBusy,
    IndexOutdated,
    IndexUnavailable,
    SearchError,
    apply_changes,
    current_generation,
    ensure_index,
    forget,
    is_outdated,
    rebuild,
)
from .query import MAX_PER_PAGE, SORTS, EngineQuery, EngineResult, ResultItem, search
from .schema import document_key

__all__ = [
    "MAX_PER_PAGE", "SORTS", "EngineQuery", "EngineResult", "IndexBusy", "IndexOutdated", "IndexUnavailable",
    "ResultItem", "SearchError", "apply_changes", "current_generation", "document_key", "ensure_index", "forget",
    "is_outdated", "rebuild", "search",
]
