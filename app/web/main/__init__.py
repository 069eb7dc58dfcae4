"""Public pages: home and the legal pages."""
from flask import Blueprint

bp = Blueprint("main", __name__)
