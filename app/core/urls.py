"""Absolute URLs of the site, always on PUBLIC_URL (never the request's Host header): mails, feeds, JSON-LD, links."""
from urllib.parse import urlsplit

from flask import current_app


def public_base() -> str:
    """PUBLIC_URL without its trailing slash, e.g. https://passerelle.artisanat.fr."""
    return current_app.config["PUBLIC_URL"].rstrip("/")


def public_host() -> str:
    """The host name of PUBLIC_URL, without its port."""
    return urlsplit(public_base()).hostname or "localhost"


def public_url(endpoint: str, **values) -> str:
    """Absolute URL of an endpoint on PUBLIC_URL, usable inside or outside a request."""
    base = urlsplit(public_base())
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https")
    return adapter.build(endpoint, values, force_external=True)


def absolute(path: str) -> str:
    """A site path (starting with /) made absolute on PUBLIC_URL."""
    return public_base() + path
