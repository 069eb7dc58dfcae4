"""Error pages: French HTML pages, JSON errors under /api/."""
from flask import Blueprint

bp = Blueprint("errors", __name__)

from app.web.errors import handlers  # noqa: E402,F401
