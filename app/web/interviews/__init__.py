"""Interview pages: the artisan's proposal form (account or contact link), the candidate's answers, cancelling,
the .ics downloads, and the panel shown on both application pages."""
from flask import Blueprint

bp = Blueprint("interviews", __name__)
