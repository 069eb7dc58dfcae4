"""Report a published listing to the chamber of its territory."""
from flask import current_app, flash, redirect, render_template
from flask_limiter.util import get_remote_address
from flask_login import current_user

from app.core.errors import Refused
from app.extensions import limiter
from app.services import access
from app.services.moderation import reports
from app.web.moderation.forms import add_service_errors
from app.web.reports import bp
from app.web.reports.forms import ReportForm


def _limit() -> str:
    """Reports allowed per IP address (REPORTS_RATELIMIT, default 5 per hour)."""
    return current_app.config["REPORTS_RATELIMIT"]


@bp.route("/annonces/<int:listing_id>/signaler", methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"])
def new(listing_id: int):
    """The report form of a published listing; anyone may use it."""
    listing = access.published_listing_or_404(listing_id)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            reports.create_report(listing, current_user, get_remote_address(), form.reason.data or "",
                                  form.comment.data)
        except Refused as error:
            add_service_errors(form, error.errors)
        else:
            flash("Merci : votre signalement est transmis à la chambre de métiers et de l’artisanat du territoire, "
                  "qui va l’examiner.", "success")
            return redirect(listing.public_path)
    return render_template("reports/new.html", listing=listing, form=form), 422 if form.errors else 200
