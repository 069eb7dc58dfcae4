"""THE search package. Its public interface is this module; the rest of the app imports from `app.search` only.

Writing (inside the transaction that changes a listing; the caller commits):
    record_change(listing)          # an outbox row, applied to the index after commit (see sync.py)
Reading (pages, the API, the feed, alerts):
    request = parse_search_args(request.args)   # SearchRequest; InvalidParameter(field, message) when bad
    page = run_search(request)                   # SearchPage: total, pages, items (SearchHit), facets...
Operating (CLI, health check):
    drain() (`flask search sync`), reindex(), prune(days), pending_count(), published_count(), check_index()
Wiring (the factory's register_request_hooks places each hook): listen_to_sessions(), drain_after_request and
drain_after_command apply the outbox after commit; schedule_catch_up (after a response) and catch_up_when_due
(the ticker, app/ops/ticker.py) catch up with other nodes.

Inside: engine/ alone imports Whoosh and nothing from the app; params, results, fallback and run are the read
path; sync and catchup the writer; listings is what both share (the listing query and its search document).
"""
from app.search.catchup import catch_up_when_due, schedule_catch_up
from app.search.engine import IndexBusy, IndexUnavailable, SearchError
from app.search.listings import load_listings, published_count
from app.search.params import (
    DEFAULT_PER_PAGE,
    DEFAULT_RADIUS_KM,
    FALSE,
    MAX_PAGE,
    MAX_PER_PAGE,
    SORTS,
    TRUE,
    InvalidParameter,
    SearchRequest,
    parse_search_args,
)
from app.search.results import SearchHit, SearchPage
from app.search.run import check_index, run_search
from app.search.sync import (
    RETENTION_DAYS,
    SyncResult,
    drain,
    drain_after_command,
    drain_after_request,
    listen_to_sessions,
    pending_count,
    prune,
    record_change,
    reindex,
)

__all__ = [
    "DEFAULT_PER_PAGE", "DEFAULT_RADIUS_KM", "MAX_PER_PAGE", "RETENTION_DAYS", "SORTS", "IndexBusy",
    "IndexUnavailable", "InvalidParameter", "SearchError", "SearchHit", "SearchPage", "SearchRequest", "SyncResult",
    "catch_up_when_due", "check_index", "drain", "drain_after_command", "drain_after_request", "listen_to_sessions",
    "load_listings", "parse_search_args", "pending_count", "prune", "published_count", "record_change", "reindex",
    "run_search", "schedule_catch_up", "FALSE", "MAX_PAGE", "TRUE",
]
