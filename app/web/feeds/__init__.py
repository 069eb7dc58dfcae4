"""Atom feeds: /recherche.atom, the newest listings of any search."""
from flask import Blueprint

bp = Blueprint("feeds", __name__)

from app.web.feeds import routes  # noqa: E402,F401
