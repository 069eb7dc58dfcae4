"""Degraded search: plain SQL over published listings (words in title or description, same filters), no facets."""
from __future__ import annotations

import math
import re
from datetime import datetime, timezone

from markupsafe import Markup, escape
from sqlalchemy import or_, select

from app.core.time import today
from app.extensions import db
from app.geo import Circle
from app.models.business import Business
from app.models.listing import Listing
from app.models.visibility import public_listing
from app.reference.trades import Diploma
from app.search.listings import load_listings
from app.search.params import SearchRequest
from app.search.results import SearchHit, SearchPage

MAX_WORDS = 10
SNIPPET_CHARS = 200
_OLDEST = datetime.min.replace(tzinfo=timezone.utc)


def _like(word: str) -> str:
    return "%" + re.sub(r"([\\%_])", r"\\\1", word) + "%"


def _snippet(text: str) -> Markup:
    text = " ".join((text or "").split())
    return escape(text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …")


def sql_search(request: SearchRequest) -> SearchPage:
    """The same search answered by the database alone (accents and stemming are not handled)."""
    partner_types = Listing.__table__.c.partner_types
    stmt = (select(Listing.id, Listing.type, Listing.published_at, Business.lat, Business.lon, partner_types)
            .join(Listing.business).where(public_listing()))
    for word in re.findall(r"\w+", request.q)[:MAX_WORDS]:
        pattern = _like(word)
        stmt = stmt.where(or_(Listing.title.ilike(pattern, escape="\\"),
                              Listing.description.ilike(pattern, escape="\\")))
    if request.kinds:
        stmt = stmt.where(Listing.type.in_(request.kinds))
    if request.trades:
        stmt = stmt.where(Listing.trade.in_(request.trades))
    if request.diplomas:
        stmt = stmt.where(Listing.__table__.c.diploma.in_([Diploma(value) for value in request.diplomas]))
    if request.departements:
        stmt = stmt.where(Listing.departement.in_(request.departements))
    if request.highlighted:
        stmt = stmt.where(Business.highlighted_on(today()))
    commune = request.near_commune
    if commune is not None:
        circle = Circle(commune.lat, commune.lon, request.radius_km)
        stmt = stmt.where(Business.lat.between(circle.box.south, circle.box.north),
                          Business.lon.between(circle.box.west, circle.box.east))
    rows = db.session.execute(stmt).all()
    if request.partner_types:  # a JSON list, tested here alike on SQLite and PostgreSQL
        wanted = set(request.partner_types)
        rows = [row for row in rows if wanted.intersection(row.partner_types or ())]
    distances: dict[int, float] = {}
    if commune is not None:
        for row in rows:
            distances[row.id] = circle.distance_to(row.lat, row.lon)
        rows = [row for row in rows if distances[row.id] <= request.radius_km]
    if request.sort == "distance":
        rows.sort(key=lambda row: (distances[row.id], row.id))
    else:  # relevance cannot be computed here: newest first
        rows.sort(key=lambda row: (row.published_at or _OLDEST, row.id), reverse=True)
    start = (request.page - 1) * request.per_page
    page_rows = rows[start:start + request.per_page]
    found = load_listings(row.id for row in page_rows)
    items = []
    for row in page_rows:
        listing = found[row.id]
        distance = round(distances[row.id], 1) if row.id in distances else None
        items.append(SearchHit(listing, row.type, distance, _snippet(listing.description), escape(listing.title)))
    return SearchPage(request=request, total=len(rows), page=request.page, per_page=request.per_page,
                      pages=math.ceil(len(rows) / request.per_page), items=items, near_commune=commune,
                      degraded=True)
