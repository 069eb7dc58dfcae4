"""« Mes données »: download one's personal data, withdraw a consent, delete one's account."""
from flask import Blueprint

bp = Blueprint("privacy", __name__)
