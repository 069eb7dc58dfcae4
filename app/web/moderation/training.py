"""Moderation view of training businesses: spontaneous applications per territory and trade (no names), marks to
verify or renew, and the « entreprise formatrice vérifiée » decision."""
from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from app.core.formatting import date_fr
from app.models import Permission
from app.services import access
from app.services.training import profiles, spontaneous
from app.web._shared.permissions import permission_required
from app.web.moderation import bp


class VerifyForm(FlaskForm):
    """The verification button: only its CSRF token."""


@bp.route("/entreprises-formatrices")
@permission_required(Permission.MODERATE)
def training():
    """Counts per département and trade, marks expiring within 60 days, profiles never verified."""
    departements = access.territory(current_user)
    return render_template("moderation/training.html", counts=spontaneous.counts_by_territory_and_trade(departements),
                           expiring=profiles.expiring(current_user), unverified=profiles.unverified(current_user),
                           form=VerifyForm())


@bp.route("/entreprises-formatrices/<int:profile_id>/verifier", methods=["POST"])
@permission_required(Permission.MODERATE)
def verify_training(profile_id: int):
    """Mark (or renew) « entreprise formatrice vérifiée » for two years."""
    profile = profiles.profile_for_staff(profile_id, current_user)
    if not VerifyForm().validate_on_submit():
        flash("La page a expiré : recommencez.", "error")
    else:
        profiles.verify(profile, current_user)
        flash(f"{profile.business.name} : entreprise formatrice vérifiée jusqu’au {date_fr(profile.verified_until)}.",
              "success")
    return redirect(url_for("moderation.training"))
