"""Views of the moderation space: each parses a form, calls one service function, then renders or redirects."""
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.core.errors import Refused
from app.core.time import today, utcnow
from app.models import Permission
from app.models.listing_states import InvalidTransition
from app.services import access
from app.services.moderation import audit
from app.services.moderation import chamber_dashboard as dashboard
from app.services.moderation import reports
from app.services.moderation import review as moderation
from app.web._shared.numbers import page_number
from app.web._shared.permissions import permission_required
from app.web.moderation import bp
from app.web.moderation.forms import (
    DecisionForm,
    EndHighlightForm,
    HighlightForm,
    ResolveForm,
    VerifyForm,
    add_service_errors,
)

DONE = {
    "publish": "« {title} » est publiée. L’artisan en est informé par e-mail.",
    "request_changes": "Votre demande de modifications est envoyée à l’artisan pour « {title} ».",
    "reject": "« {title} » est refusée. L’artisan en connaît le motif.",
    "suspend": "« {title} » est suspendue : elle n’est plus visible.",
    "reinstate": "« {title} » est rétablie et de nouveau visible.",
}


def _page() -> int:
    """The page number asked in the query string (1 when absent; 400 when not a page number)."""
    return page_number()


def _chamber() -> str | None:
    """The chamber filter of the query string (admins only; staff asking for another chamber get 403)."""
    return request.args.get("chambre") or None


@bp.route("")
@permission_required(Permission.MODERATE)
def queue():
    """Listings awaiting review in the user's territory, oldest first."""
    page = moderation.queue_page(current_user, _chamber(), _page())
    return render_template("moderation/queue.html", page=page, now=utcnow(), chamber=_chamber(),
                           chambers=moderation.chamber_choices(),
                           open_reports=reports.open_count(current_user, _chamber()))


def _review_forms(listing, token: str, failed: tuple[str, DecisionForm] | None = None) -> dict:
    """One form per possible decision, each with its own field names; a failed one keeps its input."""
    forms = {}
    for action in moderation.DECISIONS:
        if failed and failed[0] == action:
            forms[action] = failed[1]
        else:
            forms[action] = DecisionForm(prefix=action, formdata=None, action=action, token=token)
    return forms


def _render_review(listing, failed=None, resolve_form=None, status: int = 200):
    """The review page of a listing."""
    context = moderation.review_context(listing, current_user)
    context["forms"] = _review_forms(listing, context["token"], failed)
    context["resolve_form"] = resolve_form or ResolveForm(formdata=None)
    context["open_reports"] = [r for r in context["reports"] if r.status.value == "open"]
    context["hidden_by_reports"] = reports.hidden_by_reports(listing)
    return render_template("moderation/review.html", now=utcnow(), **context), status


@bp.route("/annonces/<int:listing_id>")
@permission_required(Permission.MODERATE)
def review(listing_id: int):
    """A listing with its business's history, its reports, the changes since the last review and the decisions."""
    return _render_review(access.listing_for_staff(listing_id, current_user))


@bp.route("/annonces/<int:listing_id>/decision/<action>", methods=["POST"])
@permission_required(Permission.MODERATE)
def decide(listing_id: int, action: str):
    """Publish, ask for changes, reject, suspend or reinstate a listing."""
    listing = access.listing_for_staff(listing_id, current_user)
    if action not in moderation.DECISIONS:
        abort(404)
    form = DecisionForm(prefix=action)
    if form.validate_on_submit():
        try:
            moderation.decide(listing, current_user, action, form.token.data, message=form.message.data,
                              reason=form.reason.data)
        except Refused as error:
            add_service_errors(form, error.errors)
        except moderation.AlreadyDecided as error:
            flash(error.message, "warning")
            return redirect(url_for("moderation.review", listing_id=listing.id))
        except InvalidTransition as error:
            flash(error.message, "error")
            return redirect(url_for("moderation.review", listing_id=listing.id))
        else:
            flash(DONE[action].format(title=listing.title), "success")
            return redirect(url_for("moderation.queue") if action in ("publish", "request_changes", "reject")
                            else url_for("moderation.review", listing_id=listing.id))
    return _render_review(listing, failed=(action, form), status=422)


@bp.route("/signalements")
@permission_required(Permission.MODERATE)
def report_queue():
    """Listings with open reports in the user's territory, with their counts."""
    page = reports.queue_page(current_user, _chamber(), _page())
    return render_template("moderation/reports.html", page=page, chamber=_chamber(),
                           chambers=moderation.chamber_choices(), threshold=reports.hide_threshold())


@bp.route("/annonces/<int:listing_id>/signalements", methods=["POST"])
@permission_required(Permission.MODERATE)
def resolve_reports(listing_id: int):
    """Dismiss or uphold the open reports of a listing, with a note."""
    listing = access.listing_for_staff(listing_id, current_user)
    form = ResolveForm()
    if form.validate_on_submit():
        try:
            count = reports.resolve(listing, current_user, form.decision.data or "", form.note.data,
                                    reason=form.reason.data)
        except Refused as error:
            add_service_errors(form, error.errors)
        except InvalidTransition as error:
            flash(error.message, "error")
            return redirect(url_for("moderation.review", listing_id=listing.id))
        else:
            plural = "s" if count > 1 else ""
            done = f"classé{plural} sans suite" if form.decision.data == "dismiss" else f"retenu{plural}"
            flash(f"{count} signalement{plural} {done} pour « {listing.title} ».", "success")
            return redirect(url_for("moderation.report_queue"))
    return _render_review(listing, resolve_form=form, status=422)


@bp.route("/entreprises")
@permission_required(Permission.VERIFY_BUSINESSES)
def businesses():
    """Businesses of the territory, searchable by name or SIRET."""
    page = moderation.businesses_page(current_user, _chamber(), request.args.get("q", ""),
                                      request.args.get("filtre", ""), _page())
    return render_template("moderation/businesses.html", page=page, chamber=_chamber(),
                           chambers=moderation.chamber_choices(), q=request.args.get("q", ""),
                           only=request.args.get("filtre", ""))


def _render_business(business, verify_form=None, highlight_form=None, status: int = 200):
    """The moderation page of a business."""
    context = moderation.business_context(business, current_user)
    if highlight_form is None:
        highlight_form = HighlightForm(formdata=None, commitments=business.highlighted_commitments or [],
                                       until=business.highlighted_until)
    return render_template("moderation/business.html", verify_form=verify_form or VerifyForm(formdata=None),
                           highlight_form=highlight_form, end_form=EndHighlightForm(formdata=None),
                           today=today(), **context), status


@bp.route("/entreprises/<int:business_id>")
@permission_required(Permission.VERIFY_BUSINESSES)
def business(business_id: int):
    """A business: its verification, highlight, listings, reports and history."""
    return _render_business(access.business_for_staff(business_id, current_user))


@bp.route("/entreprises/<int:business_id>/verification", methods=["POST"])
@permission_required(Permission.VERIFY_BUSINESSES)
def verify_business(business_id: int):
    """Verify a business: SIRET and registration at the Répertoire des métiers."""
    business = access.business_for_staff(business_id, current_user)
    form = VerifyForm()
    if form.validate_on_submit():
        try:
            moderation.verify(business, current_user, form.rm_number.data, form.siret_checked.data)
        except Refused as error:
            add_service_errors(form, error.errors)
        else:
            flash(f"« {business.name} » est vérifiée.", "success")
            return redirect(url_for("moderation.business", business_id=business.id))
    return _render_business(business, verify_form=form, status=422)


@bp.route("/entreprises/<int:business_id>/mise-en-avant", methods=["POST"])
@permission_required(Permission.VERIFY_BUSINESSES)
def highlight_business(business_id: int):
    """Put a verified business forward, with the commitments checked and an end date."""
    business = access.business_for_staff(business_id, current_user)
    form = HighlightForm()
    if form.validate_on_submit():
        try:
            moderation.highlight(business, current_user, form.until.data, form.commitments.data,
                                 message=form.message.data)
        except Refused as error:
            add_service_errors(form, error.errors)
        else:
            flash(f"« {business.name} » est mise en avant comme entreprise locale et responsable.", "success")
            return redirect(url_for("moderation.business", business_id=business.id))
    return _render_business(business, highlight_form=form, status=422)


@bp.route("/entreprises/<int:business_id>/fin-mise-en-avant", methods=["POST"])
@permission_required(Permission.VERIFY_BUSINESSES)
def end_highlight(business_id: int):
    """Stop putting a business forward."""
    business = access.business_for_staff(business_id, current_user)
    form = EndHighlightForm()
    if form.validate_on_submit():
        moderation.end_highlight(business, current_user, message=form.message.data)
        flash(f"« {business.name} » n’est plus mise en avant.", "success")
    return redirect(url_for("moderation.business", business_id=business.id))


@bp.route("/tableau-de-bord")
@permission_required(Permission.MODERATE)
def dashboard_page():
    """Figures of the territory: listings by state and trade, review delays, reports, applications."""
    data = dashboard.figures(current_user, _chamber())
    return render_template("moderation/dashboard.html", data=data, chamber=_chamber(),
                           chambers=moderation.chamber_choices())


def _csv_response(content: str, name: str) -> Response:
    """A CSV download."""
    stamp = utcnow().strftime("%Y-%m-%d")
    return Response(content.encode("utf-8"), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}-{stamp}.csv"',
                             "Content-Type": "text/csv; charset=utf-8"})


@bp.route("/tableau-de-bord/annonces.csv")
@permission_required(Permission.MODERATE)
def export_listings():
    """The territory's listings as CSV for Excel (audit-logged)."""
    return _csv_response(dashboard.listings_csv(current_user, _chamber()), "annonces")


@bp.route("/tableau-de-bord/indicateurs.csv")
@permission_required(Permission.MODERATE)
def export_figures():
    """The dashboard's figures as CSV for Excel (audit-logged)."""
    return _csv_response(dashboard.figures_csv(current_user, _chamber()), "indicateurs")


@bp.route("/journal")
@permission_required(Permission.MODERATE)
def journal():
    """The audit log of the territory, newest first."""
    page = audit.entries_page(access.chambers_of(current_user, _chamber()), _page())
    return render_template("moderation/journal.html", page=page, chamber=_chamber(),
                           chambers=moderation.chamber_choices(), names=audit.subject_names(page.items))
