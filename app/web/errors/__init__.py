"""Error pages: French HTML pages, JSON errors under /api/."""
from flask import Blueprint

bp = Blueprint("errors", __name__)
