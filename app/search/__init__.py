"""THE search package. Its public interface is this module; the rest of the app imports from `app.search` only.

Writing (inside the transaction that changes a listing; the caller commits):
    record_change(listing)          # an outbox row, applied to the index after commit (see sync.py)
Reading (pages, the API, the feed, alerts):
    request = parse_search_args(request.args)   # SearchRequest; InvalidParameter(field, message) when bad
    page = run_search(request)                   # SearchPage: total, pages, items (SearchHit), facets...
Operating (CLI, health check):
    drain() (`flask search sync`), reindex(), prune(days), pending_count(), published_count(), check_index()
Wiring: init_sync(app) applies the outbox after commit, init_catchup(app) catches up with other nodes
(the factory places each hook itself: see register_request_hooks).

Inside: engine/ alone imports Whoosh and nothing from the app; params, results, fallback and run are the read
path; sync and catchup the writer; listings is what both share (the listing query and its search document).
"""
from flask import Flask

import app.search.catchup as _catchup
import app.search.sync as _sync
from app.search.engine import IndexBusy, IndexUnavailable, SearchError
from app.search.listings import load_listings, published_count
from app.search.params import (
    DEFAULT_PER_PAGE,
    DEFAULT_RADIUS_KM,
    MAX_PER_PAGE,
    SORTS,
    InvalidParameter,
    SearchRequest,
    parse_search_args,
)
from app.search.results import SearchHit, SearchPage
from app.search.run import check_index, run_search
from app.search.sync import RETENTION_DAYS, SyncResult, drain, pending_count, prune, record_change, reindex


def init_sync(app: Flask) -> None:
    """Apply the outbox after the request or command whose transaction wrote to it (a teardown hook)."""
    _sync.init_app(app)


def init_catchup(app: Flask) -> None:
    """Catch up with other nodes' changes after responses (an after_request hook)."""
    _catchup.init_app(app)


__all__ = [
    "DEFAULT_PER_PAGE", "DEFAULT_RADIUS_KM", "MAX_PER_PAGE", "RETENTION_DAYS", "SORTS", "IndexBusy",
    "IndexUnavailable", "InvalidParameter", "SearchError", "SearchHit", "SearchPage", "SearchRequest", "SyncResult",
    "check_index", "drain", "init_catchup", "init_sync", "load_listings", "parse_search_args",
    "pending_count", "prune", "published_count", "record_change", "reindex", "run_search",
]
