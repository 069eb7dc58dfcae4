"""The search page (/recherche) and the autocomplete endpoints for trades and communes."""
from flask import Blueprint

bp = Blueprint("search_pages", __name__)
