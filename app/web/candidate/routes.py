"""Views of the apprentice's pages: each parses a form, calls one service function, then renders or redirects."""
import logging

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required

from app.core.errors import NotFound, Refused
from app.extensions import limiter
from app.files import cvs
from app.models import Permission
from app.models.application_states import InvalidMove, Party
from app.models.conversation import Side
from app.services import access
from app.services.access import visible_listing_or_404
from app.services.conversations import routing
from app.services.responses import applications
from app.services.responses import candidate_profiles as candidates
from app.web._shared.form_fields import add_service_errors
from app.web._shared.permissions import permission_required
from app.web.auth.routes import safe_next
from app.web.candidate import bp
from app.web.candidate.forms import ApplyForm, ConfirmForm, ProfileForm
from app.web.conversations.views import message_key, message_limit, thread_block

log = logging.getLogger(__name__)


def user_key() -> str:
    """Rate-limit key: the signed-in user, else the IP address."""
    return f"user:{current_user.id}" if current_user.is_authenticated else f"ip:{get_remote_address()}"


def _apply_limit() -> str:
    """The rate limit of application submissions, read from the config at request time."""
    return current_app.config["RATELIMIT_APPLY"]


def _status(form) -> int:
    """422 for a rejected form, 200 otherwise."""
    return 422 if form.errors else 200


@bp.route("/candidat/profil", methods=["GET", "POST"])
@permission_required(Permission.APPLY)
def profile():
    """The apprentice profile: identity, age, place, wishes, availability and CV."""
    existing = candidates.get_profile(current_user)
    form = ProfileForm(obj=existing)
    if form.validate_on_submit():
        try:
            existing = candidates.save_profile(current_user._get_current_object(), cv_upload=form.cv.data,
                                               remove_cv=form.remove_cv.data, **form.service_fields())
        except Refused as error:
            add_service_errors(form, error.errors)
        else:
            flash("Votre profil est enregistré.", "success")
            return redirect(safe_next(request.args.get("next")) or url_for("candidate.profile"))
    return render_template("candidate/profile.html", form=form, profile=existing,
                           minor_rules=candidates.MINOR_RULES, minor_info_url=candidates.MINOR_INFO_URL,
                           majority_age=candidates.MAJORITY_AGE), _status(form)


@bp.route("/candidat/profil/cv")
@permission_required(Permission.APPLY)
def profile_cv():
    """Download the CV kept on the profile (its owner only)."""
    cv = candidates.profile_cv(current_user)
    path = cvs.cv_path(cv.stored_name) if cv else None
    if path is None:
        raise NotFound()
    return cvs.cv_response(path, cv.original_name)


@bp.route("/offres/<int:offer_id>/candidater", methods=["GET", "POST"])
@limiter.limit(_apply_limit, methods=["POST"], key_func=user_key)
@permission_required(Permission.APPLY)
def apply(offer_id: int):
    """Apply to a published offer."""
    offer = visible_listing_or_404("offer", offer_id, current_user)
    profile = candidates.get_profile(current_user)
    if profile is None:
        flash("Complétez d’abord votre profil de candidat : l’artisan le lira avec votre candidature.", "info")
        return redirect(url_for("candidate.profile", next=request.path))
    form = ApplyForm()
    answer_fields = form.ask(offer.questions)
    if form.validate_on_submit():
        try:
            application = applications.apply(offer, current_user._get_current_object(), message=form.message.data,
                                             answers=form.answers(), cv_upload=form.cv.data,
                                             keep_cv=form.keep_cv.data)
        except Refused as error:
            add_service_errors(form, error.errors)
        except InvalidMove as error:
            flash(str(error), "error")
            return redirect(url_for("candidate.applications"))
        else:
            flash(f"Votre candidature à « {offer.title} » est envoyée {routing.sent_to(application)}. "
                  "Nous vous préviendrons de chaque réponse.", "success")
            return redirect(url_for("candidate.application", application_id=application.id))
    existing = applications.existing_application(offer, current_user)
    return render_template("candidate/apply.html", form=form, offer=offer, profile=profile, existing=existing,
                           answer_fields=answer_fields), _status(form)


@bp.route("/candidatures", endpoint="applications")
@permission_required(Permission.APPLY)
def applications_list():
    """« Mes candidatures »: every application with where it stands."""
    return render_template("candidate/applications.html",
                           applications=applications.candidate_applications(current_user))


@bp.route("/candidatures/<int:application_id>", methods=["GET", "POST"])
@limiter.limit(message_limit, methods=["POST"], key_func=message_key)
@login_required
def application(application_id: int):
    """One application as the candidate sees it: the thread with the artisan (never the notes); POST: a message."""
    found = access.application_or_404(application_id, current_user, Party.CANDIDATE)
    thread = thread_block(found, Side.APPLICANT, url_for("candidate.application", application_id=found.id),
                          author=current_user._get_current_object())
    if thread.response:
        return thread.response
    return render_template("candidate/application.html", application=found,
                           can_withdraw=bool(applications.allowed_moves(found, current_user)),
                           **thread.context), thread.status


@bp.route("/candidatures/<int:application_id>/retirer", methods=["GET", "POST"])
@login_required
def withdraw(application_id: int):
    """Withdraw an application: GET, or a POST without `confirm`, first says what it means (it cannot be undone)."""
    found = access.application_or_404(application_id, current_user, Party.CANDIDATE)
    form = ConfirmForm()
    if not request.form.get("confirm"):
        if not applications.allowed_moves(found, current_user):
            flash(f"Une candidature « {found.status.label} » ne peut plus être retirée.", "error")
            return redirect(url_for("candidate.application", application_id=application_id))
        return render_template("candidate/withdraw_confirm.html", application=found, form=form,
                               told=routing.withdrawal_notice(found))
    if form.validate_on_submit():
        try:
            applications.withdraw(found, current_user._get_current_object())
        except InvalidMove as error:
            flash(str(error), "error")
        else:
            flash(f"Votre candidature est retirée. {routing.who_is_told(found)}", "success")
    return redirect(url_for("candidate.application", application_id=application_id))


@bp.route("/candidatures/<int:application_id>/cv")
@login_required
def cv(application_id: int):
    """The CV sent with an application: for the candidate and the offer's artisan only."""
    download = applications.cv_for_download(application_id, current_user)
    log.info("cv_download application=%s user=%s", application_id, current_user.id)
    return cvs.cv_response(download.path, download.name)
