"""« Mes données »: download one's personal data, withdraw a consent, delete one's account."""
from flask import Blueprint

bp = Blueprint("privacy", __name__)

from app.web.privacy import routes  # noqa: E402,F401
