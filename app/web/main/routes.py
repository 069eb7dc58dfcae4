"""Home page and legal pages."""
from flask import render_template
from flask_login import current_user

from app.services.businesses.directory import highlighted_businesses
from app.web._shared.landing import next_step
from app.web.main import bp
from app.web.main import legal as _legal  # noqa: F401 (its context processor gives every page the legal details)


@bp.route("/")
def index():
    """Home page: what Passerelle offers to each kind of visitor (a signed-in user's next step), local businesses."""
    step = next_step(current_user) if current_user.is_authenticated else None
    return render_template("main/index.html", highlighted=highlighted_businesses(limit=6), next_step=step)


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


@bp.route("/conditions-d-utilisation")
def terms():
    """Conditions générales d’utilisation."""
    return render_template("main/terms.html")
