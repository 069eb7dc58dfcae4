"""Atom feeds: /recherche.atom, the newest listings of any search."""
from flask import Blueprint

bp = Blueprint("feeds", __name__)
