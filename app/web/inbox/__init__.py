"""The artisan's inbox: applications per offer and across offers, statuses with messages, notes; project interests."""
from flask import Blueprint

bp = Blueprint("inbox", __name__)
