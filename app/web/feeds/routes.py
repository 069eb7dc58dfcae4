"""/recherche.atom: the same search as /recherche, newest first, as an Atom 1.0 feed."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from urllib.parse import urlencode
from xml.etree import ElementTree as ET

from flask import Response, request

from app.core.text import strip_control_characters
from app.core.time import utcnow
from app.core.urls import absolute, public_host
from app.models.listing import Listing
from app.search import InvalidParameter, SearchPage, SearchRequest, parse_search_args, run_search
from app.web.feeds import bp

ATOM = "http://www.w3.org/2005/Atom"
SUMMARY_CHARS = 300
TAG_YEAR = 2026  # the year in the entries' tag: URIs; never change it, or every entry looks new to readers


def _rfc3339(value: datetime) -> str:
    return value.astimezone(timezone.utc).isoformat(timespec="seconds")


def _url(path: str, search: SearchRequest) -> str:
    query = urlencode(search.query_args())
    return absolute(path + (f"?{query}" if query else ""))


def _title(search: SearchRequest, page: SearchPage) -> str:
    parts = ["Passerelle – annonces"]
    if search.q:
        parts.append(f"« {search.q} »")
    if page.near_commune is not None:
        parts.append(f"à moins de {search.radius_km:g} km de {page.near_commune.name}")
    return " ".join(parts)


def _summary(listing: Listing) -> str:
    text = " ".join((getattr(listing, "summary", None) or listing.description or "").split())
    return text if len(text) <= SUMMARY_CHARS else text[:SUMMARY_CHARS].rsplit(" ", 1)[0] + " …"


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    # ElementTree writes control characters as they are, and a reader refuses the whole feed: rows stored before
    # they were refused still hold some, so every text and attribute is cleaned here.
    element = ET.SubElement(parent, tag, {name: _xml(value) for name, value in attributes.items()})
    if text is not None:
        element.text = _xml(text)
    return element


def _xml(text: str) -> str:
    return strip_control_characters(text, multi_line=True)


def _entry(feed: ET.Element, listing: Listing, authority: str) -> None:
    entry = _add(feed, "entry")
    _add(entry, "id", f"tag:{authority},{TAG_YEAR}:{listing.type}/{listing.id}")
    _add(entry, "title", listing.title, type="text")
    published = listing.published_at or listing.created_at
    _add(entry, "updated", _rfc3339(max(published, listing.updated_at or published)))
    _add(entry, "published", _rfc3339(published))
    _add(entry, "link", rel="alternate", type="text/html", href=absolute(listing.public_path))
    author = _add(entry, "author")
    _add(author, "name", listing.business.name)
    if listing.trade_label:
        _add(entry, "category", term=listing.trade or "", label=listing.trade_label)
    _add(entry, "summary", _summary(listing), type="text")


def feed_updated(page: SearchPage) -> datetime:
    """When the feed last changed: its newest entry's date (now when it has none)."""
    dates = [max(hit.listing.published_at or hit.listing.created_at, hit.listing.updated_at) for hit in page.items]
    return max(dates, default=utcnow())


def build_feed(search: SearchRequest, page: SearchPage) -> bytes:
    """The Atom document of a page of results (ElementTree escapes every text and attribute)."""
    feed = ET.Element("feed", xmlns=ATOM)
    _add(feed, "id", _url("/recherche.atom", search))
    _add(feed, "title", _title(search, page), type="text")
    _add(feed, "updated", _rfc3339(feed_updated(page)))
    _add(feed, "link", rel="self", type="application/atom+xml", href=_url("/recherche.atom", search))
    _add(feed, "link", rel="alternate", type="text/html", href=_url("/recherche", search))
    _add(feed, "generator", "Passerelle")
    authority = public_host()
    for hit in page.items:
        _entry(feed, hit.listing, authority)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


@bp.get("/recherche.atom")
def search_feed() -> Response:
    """The newest published listings matching the search parameters of /recherche."""
    try:
        search = replace(parse_search_args(request.args), sort="date")
    except InvalidParameter as error:
        return Response(f"Paramètre « {error.field} » invalide : {error.message}\n", 400,
                        content_type="text/plain; charset=utf-8")
    page = run_search(search)
    response = Response(build_feed(search, page), content_type="application/atom+xml; charset=utf-8")
    # Feed readers poll: an unchanged feed answers 304 to If-None-Match / If-Modified-Since (werkzeug compares).
    response.last_modified = feed_updated(page).replace(microsecond=0)
    response.add_etag()
    return response.make_conditional(request)
