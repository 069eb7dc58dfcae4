"""/robots.txt and /sitemap.xml: crawlers may read every public page and find each listing and business page.

A sitemap holds at most 50 000 addresses (sitemaps.org): beyond, /sitemap.xml is an index of /sitemap-<n>.xml.
"""
from datetime import timezone
from xml.etree import ElementTree as ET

from flask import Response, abort

from app.core.time import utcnow
from app.core.urls import absolute
from app.services.businesses.sitemap import SitemapEntry, sitemap_entries
from app.web.feeds import bp

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
MAX_URLS = 50_000
# Private areas (accounts, management, moderation, messages, API): of no use in a search engine.
DISALLOWED = ("/admin", "/alertes", "/api/", "/autocompletion", "/candidat", "/compte", "/confirmer", "/deconnexion",
              "/espace-artisan", "/messages", "/moderation", "/notifications", "/propositions")


@bp.route("/robots.txt")
def robots():
    """The crawling rules and the sitemap's address."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED), "",
             f"Sitemap: {absolute('/sitemap.xml')}", ""]
    return Response("\n".join(lines), mimetype="text/plain")


def _pages(max_urls: int) -> list[list[SitemapEntry | None]]:
    """The home page (None) then every public page, cut into sitemaps of at most `max_urls` addresses."""
    entries = [None, *sitemap_entries()]
    return [entries[start:start + max_urls] for start in range(0, len(entries), max_urls)]


def _xml(root: ET.Element) -> Response:
    return Response(ET.tostring(root, encoding="utf-8", xml_declaration=True), mimetype="application/xml")


def _lastmod(value) -> str:
    return value.astimezone(timezone.utc).isoformat(timespec="seconds")


def _urlset(entries: list[SitemapEntry | None]) -> Response:
    urlset = ET.Element("urlset", xmlns=SITEMAP)
    for entry in entries:
        url = ET.SubElement(urlset, "url")
        ET.SubElement(url, "loc").text = absolute(entry.path if entry else "/")
        if entry is not None and entry.updated_at is not None:
            ET.SubElement(url, "lastmod").text = _lastmod(entry.updated_at)
    return _xml(urlset)


@bp.route("/sitemap.xml")
def sitemap():
    """Every public listing and business page with its last change, or the index of the sitemaps when too many."""
    pages = _pages(MAX_URLS)
    if len(pages) == 1:
        return _urlset(pages[0])
    index = ET.Element("sitemapindex", xmlns=SITEMAP)
    for number in range(1, len(pages) + 1):
        item = ET.SubElement(index, "sitemap")
        ET.SubElement(item, "loc").text = absolute(f"/sitemap-{number}.xml")
        ET.SubElement(item, "lastmod").text = _lastmod(utcnow())
    return _xml(index)


@bp.route("/sitemap-<int:number>.xml")
def sitemap_part(number: int):
    """One sitemap of the index (only when /sitemap.xml is an index)."""
    pages = _pages(MAX_URLS)
    if len(pages) == 1 or not 1 <= number <= len(pages):
        abort(404)
    return _urlset(pages[number - 1])
