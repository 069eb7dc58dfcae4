"""Public pages: offers, projects and businesses, with schema.org JSON-LD; uploaded images."""
from flask import Blueprint

bp = Blueprint("listings", __name__)
