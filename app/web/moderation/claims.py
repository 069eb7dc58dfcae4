"""Moderation views of claims: the « Revendications » queue, one claim's decision, handing a business to an account."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import Length

from app.core.errors import Conflict, Refused
from app.models import Permission
from app.services import access
from app.services.moderation import claims as claim_review
from app.services.moderation import review as moderation
from app.web._shared.numbers import page_number
from app.web._shared.permissions import permission_required
from app.web.moderation import bp
from app.web.moderation.forms import add_service_errors

TOO_LONG = "2 000 caractères au plus."


class ApproveClaimForm(FlaskForm):
    """Approve a claim, with an optional note for the log and the mails."""

    message = TextAreaField("Note (facultative)", id="approuver-message",
                            validators=[Length(max=2000, message=TOO_LONG)])


class RejectClaimForm(FlaskForm):
    """Refuse a claim: the reason is mailed to the claimant."""

    reason = TextAreaField("Motif du refus (envoyé à la personne)", id="refuser-motif",
                           validators=[Length(max=2000, message=TOO_LONG)])


class TransferForm(FlaskForm):
    """Hand a business to another artisan account."""

    email = StringField("Adresse du compte artisan", id="transfert-email",
                        validators=[Length(max=254, message="254 caractères au plus.")])
    note = TextAreaField("Pourquoi (écrit au journal et envoyé à l’ancien responsable)", id="transfert-note",
                         validators=[Length(max=2000, message=TOO_LONG)])


@bp.route("/revendications")
@permission_required(Permission.VERIFY_BUSINESSES)
def claims():
    """Claims the chamber checks in the user's territory, oldest first."""
    chamber = request.args.get("chambre") or None
    page = claim_review.queue_page(current_user, chamber, page_number())
    return render_template("moderation/claims.html", page=page, chamber=chamber,
                           chambers=moderation.chamber_choices())


def _render_claim(claim, approve_form=None, reject_form=None, status: int = 200):
    """The page of one claim with its two decisions."""
    return render_template("moderation/claim.html", approve_form=approve_form or ApproveClaimForm(formdata=None),
                           reject_form=reject_form or RejectClaimForm(formdata=None), chamber=None,
                           **claim_review.claim_context(claim, current_user)), status


@bp.route("/revendications/<int:claim_id>")
@permission_required(Permission.VERIFY_BUSINESSES)
def claim(claim_id: int):
    """One claim: the business, its known addresses, the claimant's account, the explanation, the decisions."""
    return _render_claim(claim_review.claim_for_staff(claim_id, current_user))


@bp.route("/revendications/<int:claim_id>/accepter", methods=["POST"])
@permission_required(Permission.VERIFY_BUSINESSES)
def approve_claim(claim_id: int):
    """Approve a claim: the claimant now owns the business."""
    claim_ = claim_review.claim_for_staff(claim_id, current_user)
    form = ApproveClaimForm()
    if form.validate_on_submit():
        try:
            claim_review.approve_claim(claim_, current_user, form.message.data)
        except Conflict as error:
            flash(error.message, "warning")
            return redirect(url_for("moderation.claim", claim_id=claim_.id))
        except Refused as error:
            add_service_errors(form, error.errors)
        else:
            flash(f"{claim_.user.email} gère maintenant « {claim_.business.name} ». La personne en est informée "
                  "par e-mail.", "success")
            return redirect(url_for("moderation.claims"))
    return _render_claim(claim_, approve_form=form, status=422)


@bp.route("/revendications/<int:claim_id>/refuser", methods=["POST"])
@permission_required(Permission.VERIFY_BUSINESSES)
def reject_claim(claim_id: int):
    """Refuse a claim with a reason."""
    claim_ = claim_review.claim_for_staff(claim_id, current_user)
    form = RejectClaimForm()
    if form.validate_on_submit():
        try:
            claim_review.reject_claim(claim_, current_user, form.reason.data)
        except Conflict as error:
            flash(error.message, "warning")
            return redirect(url_for("moderation.claim", claim_id=claim_.id))
        except Refused as error:
            add_service_errors(form, error.errors)
        else:
            flash(f"La demande de {claim_.user.email} est refusée. La personne en connaît le motif.", "success")
            return redirect(url_for("moderation.claims"))
    return _render_claim(claim_, reject_form=form, status=422)


@bp.route("/entreprises/<int:business_id>/transfert", methods=["GET", "POST"])
@permission_required(Permission.VERIFY_BUSINESSES)
def transfer_business(business_id: int):
    """Hand a business to another artisan account (its listings, applications and threads follow)."""
    business = access.business_for_staff(business_id, current_user)
    form = TransferForm()
    if form.validate_on_submit():
        try:
            claim_review.transfer_business(current_user, business, form.email.data, form.note.data)
        except Refused as error:
            add_service_errors(form, error.errors)
        else:
            flash(f"« {business.name} » est maintenant gérée par {business.owner.email}.", "success")
            return redirect(url_for("moderation.business", business_id=business.id))
    return render_template("moderation/transfer.html", form=form, business=business, chamber=None,
                           claims=claim_review.claims_of_business(business, current_user)), \
        422 if form.errors else 200
