"""The artisan's space: dashboard, business profiles, offers and projects, lifecycle actions."""
from flask import Blueprint

bp = Blueprint("artisan", __name__)
