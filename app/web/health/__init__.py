"""/healthz: is the database reachable, is the search index usable, how far behind is this node's index."""
from flask import Blueprint

bp = Blueprint("health", __name__)
