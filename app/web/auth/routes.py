"""Account views: sign-up, confirmation, login, logout, password reset and change, the account page."""
from urllib.parse import urlsplit

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user

from app.core.formatting import lifetime_fr
from app.extensions import limiter
from app.geo import get_chamber
from app.models.user import SIGNUP_ROLES
from app.services.accounts import security_log
from app.services.accounts import users as accounts
from app.services.accounts.lockout import AccountLocked
from app.services.accounts.users import AccountError
from app.web._shared.landing import landing_page
from app.web.auth import bp
from app.web.auth.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    ResetPasswordForm,
    SignupForm,
    add_error,
)

MSG_LOGIN_FAILED = "Adresse électronique ou mot de passe incorrect."
MSG_CONFIRM_PENDING = ("Votre adresse électronique n’est pas encore confirmée\u00a0: ouvrez le lien reçu par e-mail "
                       "ou demandez-en un nouveau depuis votre compte.")


def _limit(name: str):
    """A rate limit read from the config at request time."""
    return lambda: current_app.config[name]


def _email_key() -> str:
    """Rate-limit key: the e-mail typed in the form, so that one account is protected from many addresses."""
    return "email:" + accounts.normalize_email(request.form.get("email", ""))


def _user_key() -> str:
    """Rate-limit key: the signed-in user (the IP address for a visitor, who is sent to the login page anyway)."""
    return f"user:{current_user.id}" if current_user.is_authenticated else f"ip:{get_remote_address()}"


def safe_next(target: str | None) -> str | None:
    """The target when it is a path on this site, else None (no other host, scheme or backslash trick)."""
    if not target or len(target) > 2048 or not target.startswith("/") or target.startswith("//"):
        return None
    # Browsers read "\" as "/" and drop tabs and newlines, so "/\evil" or "/\t/evil" would leave the site.
    if "\\" in target or any(ord(char) < 33 or ord(char) == 127 for char in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def _remembered() -> bool:
    """True when the browser holds a remember cookie."""
    return current_app.config["REMEMBER_COOKIE_NAME"] in request.cookies


def _start_session(user, remember: bool = False) -> None:
    """Sign the user in with a fresh session (no fixation)."""
    session.clear()
    login_user(user, remember=remember)


@bp.route("/inscription", methods=["GET", "POST"])
@limiter.limit(_limit("RATELIMIT_SIGNUP_IP"), methods=["POST"])
def signup():
    """Sign-up form: artisans, young people and partners create their own account."""
    if current_user.is_authenticated:
        return redirect(url_for("auth.account"))
    form = SignupForm()
    if request.method == "GET" and request.args.get("role") in {role.value for role in SIGNUP_ROLES}:
        form.role.data = request.args["role"]
    if form.validate_on_submit():
        try:
            accounts.create_account(form.email.data, form.password.data, form.role.data,
                                    display_name=form.display_name.data, notify_taken=True)
        except AccountError as error:
            add_error(form, error)
        else:  # the same page whether the address was free or taken (its owner then gets an e-mail)
            session["signup_email"] = accounts.normalize_email(form.email.data)
            return redirect(url_for("auth.signup_sent"))
    return render_template("auth/signup.html", form=form)


@bp.route("/inscription/verifiez-vos-messages")
def signup_sent():
    """After a sign-up, free or taken address alike: check your inbox."""
    email = session.get("signup_email")
    if not email:
        return redirect(url_for("auth.signup"))
    return render_template("auth/signup_sent.html", email=email)


@bp.route("/connexion", methods=["GET", "POST"])
@limiter.limit(_limit("RATELIMIT_LOGIN_IP"), methods=["POST"])
@limiter.limit(_limit("RATELIMIT_LOGIN_ACCOUNT"), methods=["POST"], key_func=_email_key,
               deduct_when=lambda response: g.get("login_failed", False))
def login():
    """Login form; only failed attempts count towards the per-account limit."""
    next_url = safe_next(request.args.get("next"))
    if current_user.is_authenticated and request.method == "GET":
        return redirect(next_url or landing_page(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(form.email.data, form.password.data)
        except AccountLocked as locked:
            g.login_failed = True
            form.form_errors.append(str(locked))
            page = render_template("auth/login.html", form=form, next_url=next_url)
            return page, 429, {"Retry-After": str(locked.retry_after)}
        if user is not None:
            _start_session(user, remember=form.remember.data)
            if not user.email_confirmed:
                flash(MSG_CONFIRM_PENDING, "warning")
            return redirect(next_url or landing_page(user))
        form.form_errors.append(MSG_LOGIN_FAILED)
    if request.method == "POST":
        g.login_failed = True
    return render_template("auth/login.html", form=form, next_url=next_url)


@bp.route("/deconnexion", methods=["POST"])
def logout():
    """End the session everywhere: the session token rotates, so saved cookies stop working."""
    if current_user.is_authenticated:
        accounts.end_sessions(current_user._get_current_object())
        security_log.record_now("logout", current_user._get_current_object())
    session.clear()
    logout_user()
    flash("Déconnexion effectuée. À bientôt\u00a0!", "success")
    return redirect(url_for("main.index"))


@bp.route("/compte")
@login_required
def account():
    """The signed-in user's account page."""
    return render_template("auth/account.html", chamber=get_chamber(current_user.chamber_code))


@bp.route("/compte/mot-de-passe", methods=["GET", "POST"])
@login_required
@limiter.limit(_limit("RATELIMIT_PASSWORD_CHANGE"), methods=["POST"], key_func=_user_key)
def change_password():
    """Change the password; other sessions end, this one stays signed in."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            accounts.change_password(user, form.current_password.data, form.password.data)
        except AccountError as error:
            add_error(form, error)
        else:
            _start_session(user, remember=_remembered())
            flash("Votre mot de passe a été modifié.", "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/mot-de-passe-oublie", methods=["GET", "POST"])
@limiter.limit(_limit("RATELIMIT_RESET_IP"), methods=["POST"])
@limiter.limit(_limit("RATELIMIT_RESET_ACCOUNT"), methods=["POST"], key_func=_email_key)
def forgot_password():
    """Ask for a reset link; the answer is the same whether the address has an account or not."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        accounts.request_password_reset(form.email.data)
        flash("Si un compte existe pour cette adresse, un message contenant un lien de réinitialisation vient de "
              f"lui être envoyé. Le lien est valable {lifetime_fr(current_app.config['PASSWORD_RESET_MAX_AGE'])}.",
              "success")
        return redirect(url_for("auth.forgot_password"))
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/mot-de-passe/reinitialiser/<token>", methods=["GET", "POST"])
@limiter.limit(_limit("RATELIMIT_RESET_IP"), methods=["POST"])
def reset_password(token: str):
    """Choose a new password from a reset link (valid one hour, once)."""
    try:
        accounts.user_for_reset_token(token)
    except AccountError as error:
        return render_template("auth/link_invalid.html", message=str(error), reset=True), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.reset_password(token, form.password.data)
        except AccountError as error:
            add_error(form, error)
        else:
            flash("Votre mot de passe a été modifié. Connectez-vous avec le nouveau mot de passe.", "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form, token=token)


@bp.route("/confirmer/<token>")
def confirm_email(token: str):
    """Confirm the e-mail address from the link sent at sign-up."""
    try:
        accounts.confirm_email(token)
    except AccountError as error:
        return render_template("auth/link_invalid.html", message=str(error), reset=False), 400
    flash("Merci, votre adresse électronique est confirmée.", "success")
    return redirect(url_for("auth.account") if current_user.is_authenticated else url_for("auth.login"))


@bp.route("/confirmer/renvoyer", methods=["POST"])
@login_required
@limiter.limit(_limit("RATELIMIT_CONFIRM_RESEND"), key_func=_user_key)
def resend_confirmation():
    """Send the confirmation e-mail again."""
    if accounts.resend_confirmation(current_user._get_current_object()):
        flash(f"Un nouveau message de confirmation vient d’être envoyé à {current_user.email}.", "success")
    else:
        flash("Votre adresse électronique est déjà confirmée.", "info")
    return redirect(url_for("auth.account"))
