"""/healthz: is the database reachable, is the search index usable, how far behind is this node's index."""
from flask import Blueprint

bp = Blueprint("health", __name__)

from app.web.health import routes  # noqa: E402,F401
