"""The apprentice's pages: profile, applying to an offer, « Mes candidatures », withdrawing, CV downloads."""
from flask import Blueprint

bp = Blueprint("candidate", __name__)
