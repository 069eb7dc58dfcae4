"""Saved searches and e-mail alerts: save, confirm, « Mes alertes », one-click unsubscribe."""
from flask import Blueprint

bp = Blueprint("alerts", __name__, url_prefix="/alertes")
