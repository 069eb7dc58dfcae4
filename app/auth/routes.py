"""Account views (placeholder until the accounts work lands)."""
from flask import abort

from app.auth import bp


@bp.route("/connexion", methods=["GET", "POST"])
def login():
    """Login form."""
    abort(404)


@bp.route("/inscription", methods=["GET", "POST"])
def signup():
    """Sign-up form."""
    abort(404)


@bp.route("/deconnexion", methods=["POST"])
def logout():
    """Logout."""
    abort(404)


@bp.route("/compte")
def account():
    """Account page."""
    abort(404)
