"""Absolute URLs (feed, JSON-LD, canonical links, mails) come from PUBLIC_URL, never from the request's Host header."""
import json
import re
from xml.etree import ElementTree as ET

from tests.search_fixtures import artisan, place, sync  # noqa: F401

FORGED = {"Host": "evil.example"}
A = "{http://www.w3.org/2005/Atom}"


def test_the_feed_links_ignore_the_host_header(app, client, place):
    app.config["PUBLIC_URL"] = "https://passerelle.example"
    place("69003", title="Apprenti boulanger")
    sync()
    feed = ET.fromstring(client.get("/recherche.atom", headers=FORGED).data)
    hrefs = [link.get("href") for link in feed.iter(f"{A}link")]
    assert hrefs and all(href.startswith("https://passerelle.example/") for href in hrefs)
    assert feed.findtext(f"{A}id").startswith("https://passerelle.example/recherche.atom")
    assert feed.find(f"{A}entry").findtext(f"{A}id").startswith("tag:passerelle.example,2026:offer/")
    assert b"evil.example" not in client.get("/recherche.atom", headers=FORGED).data


def test_canonical_link_and_json_ld_ignore_the_host_header(app, client, place):
    app.config["PUBLIC_URL"] = "https://passerelle.example"
    listing = place("69003", title="Apprenti boulanger")
    for path in (listing.public_path, f"/entreprises/{listing.business.slug}"):
        html = client.get(path, headers=FORGED).get_data(as_text=True)
        canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1)
        assert canonical.startswith("https://passerelle.example/")
        assert "evil.example" not in html
    html = client.get(listing.public_path, headers=FORGED).get_data(as_text=True)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.+?)</script>', html, re.S).group(1))
    assert data["url"].startswith("https://passerelle.example/offres/")
    assert data["hiringOrganization"]["url"].startswith("https://passerelle.example/entreprises/")


def test_mail_links_use_the_same_setting(app, client, make_user, mailbox):
    app.config["PUBLIC_URL"] = "https://passerelle.example/"
    make_user(email="a@exemple.fr")
    client.post("/mot-de-passe-oublie", data={"email": "a@exemple.fr"}, headers=FORGED)
    body = mailbox()[0].get_body(("plain",)).get_content()
    assert "https://passerelle.example/mot-de-passe/reinitialiser/" in body and "evil.example" not in body
