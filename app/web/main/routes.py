"""Home page and legal pages."""
from flask import render_template

from app.services.businesses.directory import highlighted_businesses
from app.web.main import bp


@bp.route("/")
def index():
    """Home page: what Passerelle offers to each kind of visitor, and highlighted local businesses."""

    return render_template("main/index.html", highlighted=highlighted_businesses(limit=6))


@bp.route("/mentions-legales")
def legal():
    """Mentions légales."""
    return render_template("main/legal.html")


@bp.route("/confidentialite")
def privacy():
    """Privacy policy in plain French."""
    return render_template("main/privacy.html")


@bp.route("/accessibilite")
def accessibility():
    """Accessibility statement."""
    return render_template("main/accessibility.html")
