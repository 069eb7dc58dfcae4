"""Views of the claim pages: each parses a form, calls one service function, then renders or redirects."""
from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user

from app.core.errors import Conflict, Refused
from app.extensions import limiter
from app.models import Permission
from app.models.claim import ClaimMethod, ClaimStatus
from app.models.visibility import business_is_public
from app.services.businesses import claims
from app.web._shared.form_fields import add_service_errors
from app.web._shared.permissions import permission_required
from app.web.claims import bp
from app.web.claims.forms import ActionForm, ClaimForm, CodeForm, EvidenceForm

METHOD_LABELS = {ClaimMethod.CODE: "Recevoir un code à l’adresse connue de l’entreprise",
                 ClaimMethod.REVIEW: "Demander la vérification par la chambre de métiers"}


def _limit(name: str):
    """A rate limit read from the config at request time."""
    return lambda: current_app.config[name]


def _user_key() -> str:
    """Rate-limit key: the signed-in account (the IP address for a visitor, sent to the login page anyway)."""
    return f"user:{current_user.id}" if current_user.is_authenticated else f"ip:{get_remote_address()}"


@bp.route("/espace-artisan/revendiquer")
def find():
    """Find a business by SIRET or name, to claim it (visitors see the results and how to sign in)."""
    siret, q = request.args.get("siret", "")[:40], request.args.get("q", "")[:200]
    results, error = [], None
    try:
        results = claims.find(siret=siret, q=None if siret.strip() else q)
    except Refused as refused:
        error = refused.errors.get("siret") or refused.message
    searched = bool(siret.strip() or q.strip())
    return render_template("claims/find.html", siret=siret, q=q, results=results, error=error, searched=searched,
                           problem=claims.claimant_problem(current_user) if current_user.is_authenticated else None,
                           next_url=request.full_path), 422 if error else 200


def _method_form(business, form: ClaimForm) -> ClaimForm:
    """Fill the choices of the claim form for this business."""
    methods = claims.methods_for(business)
    form.method.choices = [(m.value, METHOD_LABELS[m]) for m in methods]
    form.address.choices = [(a.key, a.masked) for a in claims.known_addresses(business)]
    if form.method.data is None:
        form.method.data = methods[0].value
    if form.address.data is None and len(form.address.choices) == 1:
        form.address.data = form.address.choices[0][0]
    return form


@bp.route("/espace-artisan/revendiquer/<int:business_id>", methods=["GET", "POST"])
@limiter.limit(_limit("RATELIMIT_CLAIM_START"), methods=["POST"], key_func=_user_key)
@permission_required(Permission.MANAGE_BUSINESS)
def start(business_id: int):
    """Choose how to prove the business is yours: a code to a known address, or the chamber's check."""
    business = claims.business_or_404(business_id)
    pending = claims.pending_claim(current_user, business)
    if pending is not None:
        flash(claims.MSG_ALREADY_PENDING, "info")
        return redirect(url_for("claims.claim", claim_id=pending.id))
    form = _method_form(business, ClaimForm())
    if form.validate_on_submit():
        try:
            claim = claims.start_claim(current_user._get_current_object(), business, form.method.data or "",
                                       address_key=form.address.data, evidence=form.evidence.data)
        except Refused as error:
            add_service_errors(form, error.errors)
        else:
            if claim.method == ClaimMethod.CODE:
                flash(f"Un code est envoyé à {claims.mask_email(claim.code_sent_to)}. Saisissez-le ci-dessous.",
                      "success")
            else:
                flash("Votre demande est envoyée à la chambre de métiers, qui vous répondra par e-mail.", "success")
            return redirect(url_for("claims.claim", claim_id=claim.id))
    return render_template("claims/start.html", form=form, business=business, public=business_is_public(business),
                           owned=claims.owned_by_confirmed(business), problem=claims.claimant_problem(current_user),
                           is_owner=business.owner_id == current_user.id), 422 if form.errors else 200


def _render_claim(claim, code_form=None, evidence_form=None, status: int = 200):
    """The page of one claim: its status, and the code form while a code is awaited."""
    return render_template("claims/claim.html", claim=claim, business=claim.business,
                           public=business_is_public(claim.business), code_form=code_form or CodeForm(formdata=None),
                           evidence_form=evidence_form or EvidenceForm(formdata=None),
                           dead=claims.code_dead(claim), expired=claims.code_expired(claim),
                           masked=claims.mask_email(claim.code_sent_to) if claim.code_sent_to else None,
                           pending=claim.status == ClaimStatus.PENDING), status


@bp.route("/espace-artisan/revendications/<int:claim_id>")
@permission_required(Permission.MANAGE_BUSINESS)
def claim(claim_id: int):
    """One of my claims: where it stands; the code entry while a code is awaited."""
    return _render_claim(claims.own_claim_or_404(claim_id, current_user))


def _code_failed(response) -> bool:
    """Only wrong codes count towards the per-account limit."""
    return g.get("claim_code_failed", False)


@bp.route("/espace-artisan/revendications/<int:claim_id>/code", methods=["POST"])
@limiter.limit(_limit("RATELIMIT_CLAIM_CODE"), key_func=_user_key, deduct_when=_code_failed)
@permission_required(Permission.MANAGE_BUSINESS)
def code(claim_id: int):
    """Check the code typed: right, the business is yours; wrong, one try less."""
    claim_ = claims.own_claim_or_404(claim_id, current_user)
    form = CodeForm()
    if form.validate_on_submit():
        try:
            claims.confirm_code(current_user._get_current_object(), claim_, form.code.data)
        except Conflict as error:
            flash(error.message, "warning")
            return redirect(url_for("claims.claim", claim_id=claim_.id))
        except Refused as error:
            g.claim_code_failed = error.errors.get("code") != claims.MSG_CODE_FORMAT
            add_service_errors(form, error.errors)
        else:
            flash(f"C’est fait : vous gérez maintenant « {claim_.business.name} ». Ses annonces, candidatures "
                  "et messages sont dans votre espace.", "success")
            return redirect(url_for("artisan.dashboard"))
    return _render_claim(claim_, code_form=form, status=422)


@bp.route("/espace-artisan/revendications/<int:claim_id>/nouveau-code", methods=["POST"])
@limiter.limit(_limit("RATELIMIT_CLAIM_START"), key_func=_user_key)
@permission_required(Permission.MANAGE_BUSINESS)
def resend(claim_id: int):
    """Send a new code to the same address."""
    claim_ = claims.own_claim_or_404(claim_id, current_user)
    if ActionForm().validate_on_submit():
        try:
            claims.resend_code(current_user._get_current_object(), claim_)
        except (Refused, Conflict) as error:
            flash(error.message, "warning")
        else:
            flash(f"Un nouveau code est envoyé à {claims.mask_email(claim_.code_sent_to)}.", "success")
    return redirect(url_for("claims.claim", claim_id=claim_.id))


@bp.route("/espace-artisan/revendications/<int:claim_id>/chambre", methods=["POST"])
@limiter.limit(_limit("RATELIMIT_CLAIM_START"), key_func=_user_key)
@permission_required(Permission.MANAGE_BUSINESS)
def ask_chamber(claim_id: int):
    """Ask the chamber to check the claim instead of the code."""
    claim_ = claims.own_claim_or_404(claim_id, current_user)
    form = EvidenceForm()
    if form.validate_on_submit():
        try:
            claims.ask_chamber(current_user._get_current_object(), claim_, form.evidence.data)
        except Conflict as error:
            flash(error.message, "warning")
            return redirect(url_for("claims.claim", claim_id=claim_.id))
        except Refused as error:
            add_service_errors(form, {"evidence": error.errors.get("evidence", error.message)})
        else:
            flash("Votre demande est envoyée à la chambre de métiers, qui vous répondra par e-mail.", "success")
            return redirect(url_for("claims.claim", claim_id=claim_.id))
    return _render_claim(claim_, evidence_form=form, status=422)


@bp.route("/espace-artisan/revendications/<int:claim_id>/annuler", methods=["POST"])
@permission_required(Permission.MANAGE_BUSINESS)
def cancel(claim_id: int):
    """Withdraw a pending claim."""
    claim_ = claims.own_claim_or_404(claim_id, current_user)
    if ActionForm().validate_on_submit():
        try:
            claims.cancel_claim(current_user._get_current_object(), claim_)
        except Conflict as error:
            flash(error.message, "warning")
        else:
            flash("Votre demande est annulée.", "success")
    return redirect(url_for("artisan.dashboard"))
