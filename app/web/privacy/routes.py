"""Views of « Mes données »: each parses a form, calls one service function, then renders or redirects."""
from flask import Response, current_app, flash, redirect, render_template, session, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, logout_user

from app.core.time import utcnow
from app.extensions import limiter
from app.services.accounts import privacy, security_log
from app.services.accounts.retention import APPLICATION_CONSENT_MONTHS, APPLICATION_MONTHS, SECURITY_LOG_MONTHS
from app.services.accounts.users import AccountError
from app.web.auth.forms import add_error
from app.web.privacy import bp
from app.web.privacy.forms import ActionForm, DeleteAccountForm


def _delete_limit() -> str:
    """The rate limit of deletion attempts (password guesses), read from the config at request time."""
    return current_app.config["RATELIMIT_ACCOUNT_DELETE"]


def _user_key() -> str:
    """Rate-limit key: the signed-in user (the IP address for a visitor, who is sent to the login page anyway)."""
    return f"user:{current_user.id}" if current_user.is_authenticated else f"ip:{get_remote_address()}"


@bp.route("/compte/donnees")
@login_required
def index():
    """What Passerelle keeps about the user, the download button, consents, recent security events."""
    user = current_user._get_current_object()
    return render_template("privacy/index.html", form=ActionForm(), events=security_log.events_for(user),
                           consents=privacy.consenting_applications(user), can_delete=privacy.can_delete_self(user),
                           months=APPLICATION_MONTHS, consent_months=APPLICATION_CONSENT_MONTHS,
                           log_months=SECURITY_LOG_MONTHS)


@bp.route("/compte/donnees/telecharger", methods=["POST"])
@login_required
def export():
    """The user's data as a JSON file, never kept by the browser's cache."""
    if not ActionForm().validate_on_submit():
        return redirect(url_for("privacy.index"))
    document = privacy.export_json(current_user._get_current_object())
    name = f"passerelle-mes-donnees-{utcnow().date().isoformat()}.json"
    return Response(document, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff"})


@bp.route("/compte/donnees/accord-cv/retirer", methods=["POST"])
@login_required
def withdraw_consent():
    """Withdraw the consent to keep CVs up to 2 years."""
    if ActionForm().validate_on_submit():
        count = privacy.withdraw_cv_consent(current_user._get_current_object())
        flash(f"Votre accord est retiré pour {count} candidature(s) : elles seront effacées {APPLICATION_MONTHS} "
              "mois après la fin du recrutement." if count else "Aucun accord à retirer.", "success")
    return redirect(url_for("privacy.index"))


@bp.route("/compte/donnees/supprimer", methods=["GET", "POST"])
@login_required
@limiter.limit(_delete_limit, methods=["POST"], key_func=_user_key)
def delete():
    """Delete the account after a clear warning, the password and a confirmation box."""
    user = current_user._get_current_object()
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            privacy.delete_account(user, form.password.data, form.confirm.data)
        except AccountError as error:
            add_error(form, error)
        else:
            session.clear()
            logout_user()
            return redirect(url_for("privacy.deleted"))
    return render_template("privacy/delete.html", form=form, can_delete=privacy.can_delete_self(user),
                           public_listings=privacy.open_business_listings(user)), 422 if form.errors else 200


@bp.route("/compte/supprime")
def deleted():
    """The confirmation shown once the account is deleted."""
    return render_template("privacy/deleted.html", months=SECURITY_LOG_MONTHS)
