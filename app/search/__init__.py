"""Search service for pages, the API and the feed: parse CONTRACT.md parameters, run the search, load listings.

    request = parse_search_args(request.args)   # InvalidParameter(field, message) when a parameter is bad
    page = run_search(request)                   # SearchPage: total, pages, items (SearchHit), facets...
"""
from app.search.params import (
    DEFAULT_PER_PAGE,
    DEFAULT_RADIUS_KM,
    MAX_PER_PAGE,
    SORTS,
    InvalidParameter,
    SearchRequest,
    parse_search_args,
)
from app.search.results import SearchHit, SearchPage, load_listings, run_search

__all__ = ["DEFAULT_PER_PAGE", "DEFAULT_RADIUS_KM", "MAX_PER_PAGE", "SORTS", "InvalidParameter", "SearchHit",
           "SearchPage", "SearchRequest", "load_listings", "parse_search_args", "run_search"]
