"""Alert views: each parses a form or a link, calls one service function, then renders or redirects."""
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from app.extensions import csrf, limiter
from app.search import InvalidParameter
from app.services.messaging import alerts
from app.services.messaging.alerts import AlertError
from app.web.alerts import bp
from app.web.alerts.forms import AlertForm


def _save_limit() -> str:
    """Saves allowed per IP address (each may send a confirmation e-mail), read from the config."""
    return current_app.config["RATELIMIT_ALERT_SAVE"]


def _description(query: str) -> str | None:
    try:
        return alerts.describe(alerts.search_of(query))
    except InvalidParameter:
        return None


@bp.route("/nouvelle", methods=["GET", "POST"])
@limiter.limit(_save_limit, methods=["POST"])
def new() -> ResponseReturnValue:
    """Save a search (the /recherche form posts here; GET /alertes/nouvelle?<search> shows the form alone)."""
    form = AlertForm()
    if request.method == "GET":
        form.query.data = request.query_string.decode("utf-8", "replace")
        if current_user.is_authenticated:
            form.email.data = current_user.email
    elif form.validate_on_submit():
        try:
            saved = alerts.save_search(form.query.data, form.email.data, form.frequency.data, current_user)
        except AlertError as error:
            if error.field in ("email", "frequency"):
                form[error.field].errors.append(error.message)
            else:
                form.form_errors.append(error.message)
        else:
            if saved.is_confirmed:
                flash(f"Votre alerte est enregistrée : vous recevrez les nouvelles annonces à {saved.email}.",
                      "success")
            else:
                flash(f"Presque fini : ouvrez le lien envoyé à {saved.email} pour activer votre alerte.", "success")
            return redirect(url_for("search_pages.search") + ("?" + saved.query if saved.query else ""))
    status = 400 if request.method == "POST" else 200
    return render_template("alerts/new.html", form=form, description=_description(form.query.data or "")), status


@bp.route("/confirmer/<token>", methods=["GET", "POST"])
def confirm(token: str) -> ResponseReturnValue:
    """The confirmation link: GET shows a button (mail scanners follow links), POST confirms."""
    try:
        if request.method == "POST":
            saved = alerts.confirm(token)
            flash("Votre alerte est activée : vous recevrez les nouvelles annonces par e-mail.", "success")
            return redirect(url_for("search_pages.search") + ("?" + saved.query if saved.query else ""))
        saved = alerts.saved_for_token(token)
    except AlertError as error:
        return render_template("alerts/link_invalid.html", message=error.message), 400
    return render_template("alerts/confirm.html", saved=saved, description=_description(saved.query))


@bp.route("/desinscription/<token>", methods=["GET", "POST"])
@csrf.exempt  # the secret token is the proof; mail clients post RFC 8058 one-click requests without a form token
def unsubscribe(token: str) -> ResponseReturnValue:
    """One-click unsubscribe without signing in: GET shows a button, POST turns the alert off."""
    saved = alerts.by_unsubscribe_token(token)
    if saved is None:
        return render_template("alerts/link_invalid.html",
                               message="Ce lien de désinscription n’est pas valide. Vérifiez qu’il a été copié "
                                       "en entier."), 404
    if request.method == "POST":
        if saved.active:
            alerts.unsubscribe(saved)
        return render_template("alerts/unsubscribed.html", saved=saved)
    return render_template("alerts/unsubscribe.html", saved=saved, description=_description(saved.query))


@bp.get("")
@login_required
def index() -> ResponseReturnValue:
    """« Mes alertes »: the signed-in user's saved searches."""
    rows = [(saved, _description(saved.query)) for saved in alerts.alerts_of(current_user)]
    return render_template("alerts/index.html", rows=rows)


@bp.route("/<int:alert_id>/supprimer", methods=["GET", "POST"])
@login_required
def delete(alert_id: int) -> ResponseReturnValue:
    """Delete one of the user's saved searches: GET, or a POST without `confirm`, first says what it means."""
    if not request.form.get("confirm"):
        saved = alerts.alert_of(current_user, alert_id)
        if saved is None:
            abort(404)
        return render_template("alerts/delete_confirm.html", saved=saved, description=_description(saved.query))
    if not alerts.delete_alert(current_user, alert_id):
        abort(404)
    flash("L’alerte a été supprimée.", "success")
    return redirect(url_for("alerts.index"))
