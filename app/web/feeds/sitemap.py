"""/robots.txt and /sitemap.xml: crawlers may read every public page and find each listing and business page."""
from datetime import timezone
from xml.etree import ElementTree as ET

from flask import Response

from app.core.urls import absolute
from app.services.businesses.sitemap import sitemap_entries
from app.web.feeds import bp

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
# Private areas (accounts, management, moderation, messages, API): of no use in a search engine.
DISALLOWED = ("/admin", "/alertes", "/api/", "/autocompletion", "/candidat", "/compte", "/confirmer", "/deconnexion",
              "/espace-artisan", "/messages", "/moderation", "/notifications", "/propositions")


@bp.route("/robots.txt")
def robots():
    """The crawling rules and the sitemap's address."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED), "",
             f"Sitemap: {absolute('/sitemap.xml')}", ""]
    return Response("\n".join(lines), mimetype="text/plain")


@bp.route("/sitemap.xml")
def sitemap():
    """Every public listing and business page, with its last change (sitemaps.org 0.9)."""
    urlset = ET.Element("urlset", xmlns=SITEMAP)
    home = ET.SubElement(urlset, "url")
    ET.SubElement(home, "loc").text = absolute("/")
    for entry in sitemap_entries():
        url = ET.SubElement(urlset, "url")
        ET.SubElement(url, "loc").text = absolute(entry.path)
        if entry.updated_at is not None:
            lastmod = entry.updated_at.astimezone(timezone.utc).isoformat(timespec="seconds")
            ET.SubElement(url, "lastmod").text = lastmod
    body = ET.tostring(urlset, encoding="utf-8", xml_declaration=True)
    return Response(body, mimetype="application/xml")
