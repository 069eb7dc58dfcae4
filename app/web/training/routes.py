"""Training pages: the training profile, finding training businesses, spontaneous applications, favourites."""
from flask import flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from app.core.errors import NotFound, Refused
from app.core.time import utcnow
from app.extensions import limiter, login_manager
from app.files import cvs
from app.models import Permission
from app.models.application_states import InvalidMove, Party
from app.services import access
from app.services.accounts import security_log
from app.services.businesses import artisan_space
from app.services.businesses.profiles import businesses_of
from app.services.responses.candidate_profiles import get_profile
from app.services.training import favourites, finder
from app.services.training import for_you as for_you_service
from app.services.training import profiles, spontaneous
from app.web._shared.form_fields import add_service_errors
from app.web._shared.permissions import permission_required
from app.web.artisan.forms import OfferForm
from app.web.artisan.forms import add_service_errors as add_offer_errors
from app.web.conversations.views import message_key, message_limit, thread_block
from app.web.training import bp
from app.web.training.forms import ActionForm, FinderForm, SpontaneousForm, TrainingProfileForm

# --- template helpers (the includes on shared pages call these; each loads once per request) ----------------------

@bp.app_template_global()
def training_profile_of(business):
    """The business's training profile, or None."""
    return profiles.profile_of(business)


@bp.app_template_global()
def training_verified(profile) -> bool:
    """True while the chamber's « entreprise formatrice vérifiée » mark holds."""
    return profile is not None and profile.verified_on(utcnow())


@bp.app_template_global()
def applied_status(listing):
    """The signed-in candidate's application status for `listing`, or None (one query per request)."""
    if not getattr(current_user, "is_authenticated", False) or not current_user.can(Permission.APPLY):
        return None
    if "applied_statuses" not in g:
        g.applied_statuses = favourites.application_statuses(current_user)
    return g.applied_statuses.get(listing.id)


@bp.app_template_global()
def is_favourite(listing) -> bool:
    """True when the signed-in user keeps `listing` (one query per request)."""
    if not favourites.may_keep(current_user):
        return False
    if "favourite_ids" not in g:
        g.favourite_ids = favourites.kept_ids(current_user)
    return listing.id in g.favourite_ids


@bp.app_template_global()
def may_keep_favourites() -> bool:
    """True for a signed-in young person or partner."""
    return favourites.may_keep(current_user)


@bp.app_template_global()
def for_you():
    """« Pour vous » for the signed-in apprentice's profile."""
    return for_you_service.suggestions(get_profile(current_user))


@bp.app_template_global()
def here_path() -> str:
    """The current path and query, where a star's form comes back to."""
    return request.full_path if request.query_string else request.path


@bp.app_template_global()
def action_form():
    """A form holding only a CSRF token, for the buttons of shared pages."""
    return ActionForm()


# --- the artisan's training profile ------------------------------------------------------------------------------

@bp.route("/espace-artisan/entreprises/<int:business_id>/formation", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_BUSINESS)
def edit_profile(business_id: int):
    """Say which trades and diplomas the business trains for, who mentors, from when, how many; pause or not."""
    business = access.owned_business_or_abort(business_id, current_user)
    profile = profiles.profile_of(business)
    form = TrainingProfileForm(obj=profile)
    if form.validate_on_submit():
        try:
            profiles.save_profile(business, current_user, trades=form.trades.data, diplomas=form.diplomas.data,
                                  mentor_first_name=form.mentor_first_name.data,
                                  mentor_role=form.mentor_role.data, start_from=form.start_from.data,
                                  places=form.places.data, accepting=form.accepting.data)
        except Refused as error:
            add_service_errors(form, error.errors)
        else:
            flash("Votre profil d’entreprise formatrice est enregistré.", "success")
            return redirect(url_for("training.owner_inbox"))
    return render_template("training/profile_form.html", form=form, business=business,
                           profile=profile), 422 if form.errors else 200


# --- finding training businesses ---------------------------------------------------------------------------------

@bp.route("/entreprises-formatrices")
def find():
    """Training businesses by trade and diploma around a place, nearest first; works without JavaScript."""
    form = FinderForm(request.args)
    form.validate()
    near, place_name, results = None, None, None
    if form.lieu.data:
        centre = finder.centre_of(form.lieu.data)
        if centre is None:
            form.lieu.errors = [f"Aucun lieu ne correspond à « {form.lieu.data} » : indiquez un code postal."]
        else:
            near, place_name = (centre[0], centre[1]), centre[2]
    radius = int(form.rayon.data) if (form.rayon.data or "").isdigit() else 30
    if not form.lieu.errors:
        results = finder.find(trade=form.metier.data or None, diploma=form.diplome.data or None, near=near,
                              radius_km=min(max(radius, 1), finder.RADIUS_MAX))
    return render_template("training/find.html", form=form, results=results, place_name=place_name,
                           radius=radius)


# --- the candidate's side ----------------------------------------------------------------------------------------

def _business_or_404(slug: str):
    """A public business that takes spontaneous applications."""
    business = access.business_by_slug_or_404(slug, current_user)
    if profiles.profile_of(business) is None:
        raise NotFound()
    return business


@bp.route("/entreprises/<slug>/candidature-spontanee", methods=["GET", "POST"])
@permission_required(Permission.APPLY)
def apply(slug: str):
    """Send a spontaneous application to a training business."""
    business = _business_or_404(slug)
    profile = profiles.profile_of(business)
    candidate = get_profile(current_user)
    form = SpontaneousForm()
    if request.method == "GET":
        form.trade.data = (candidate.trades[0] if candidate and candidate.trades else
                           (profile.trades[0] if profile.trades else ""))
        form.diploma.data = (candidate.diploma.value if candidate and candidate.diploma else
                             (profile.diplomas[0] if profile.diplomas else ""))
    recent = spontaneous.recent_application(business, current_user)
    if form.validate_on_submit():
        try:
            application = spontaneous.send(business, current_user, trade=form.trade.data,
                                           diploma=form.diploma.data, start_from=form.start_from.data,
                                           message=form.message.data)
        except Refused as error:
            add_service_errors(form, error.errors, flash_unmatched=True)
        except InvalidMove as error:
            flash(error.message, "error")
        else:
            flash("Votre candidature spontanée est envoyée à l’artisan sur Passerelle.", "success")
            return redirect(url_for("training.candidate_thread", application_id=application.id))
    return render_template("training/apply.html", form=form, business=business, profile=profile,
                           candidate=candidate, receiving=spontaneous.receiving(business),
                           refusal=spontaneous.refusal_text(business),
                           recent=recent), 422 if form.errors or request.method == "POST" else 200


@bp.route("/candidatures-spontanees")
@permission_required(Permission.APPLY)
def candidate_list():
    """The candidate's spontaneous applications and where each stands."""
    return render_template("training/candidate_list.html", applications=spontaneous.of_candidate(current_user))


@bp.route("/candidatures-spontanees/<int:application_id>", methods=["GET", "POST"])
@limiter.limit(message_limit, methods=["POST"], key_func=message_key)
@permission_required(Permission.APPLY)
def candidate_thread(application_id: int):
    """One spontaneous application: its status, the thread, a message box, withdrawal."""
    application = spontaneous.application_or_404(application_id, current_user, Party.CANDIDATE)
    return _thread(application, Party.CANDIDATE, "training.candidate_thread")


@bp.route("/candidatures-spontanees/<int:application_id>/statut/<target>", methods=["POST"])
@permission_required(Permission.APPLY)
def candidate_move(application_id: int, target: str):
    """Withdraw a spontaneous application."""
    application = spontaneous.application_or_404(application_id, current_user, Party.CANDIDATE)
    return _move(application, Party.CANDIDATE, target, "training.candidate_thread")


# --- the artisan's side ------------------------------------------------------------------------------------------

@bp.route("/espace-artisan/candidatures-spontanees")
@permission_required(Permission.MANAGE_BUSINESS)
def owner_inbox():
    """Spontaneous applications to the artisan's businesses, and each business's training profile."""
    businesses = businesses_of(current_user)
    return render_template("training/owner_inbox.html", applications=spontaneous.inbox(current_user),
                           businesses=businesses,
                           training=profiles.profiles_by_business(b.id for b in businesses))


@bp.route("/espace-artisan/candidatures-spontanees/<int:application_id>", methods=["GET", "POST"])
@limiter.limit(message_limit, methods=["POST"], key_func=message_key)
@permission_required(Permission.MANAGE_BUSINESS)
def owner_thread(application_id: int):
    """One spontaneous application for the artisan: the candidate, the CV, the thread, statuses, make an offer."""
    application = spontaneous.application_or_404(application_id, current_user, Party.OWNER)
    return _thread(application, Party.OWNER, "training.owner_thread")


@bp.route("/espace-artisan/candidatures-spontanees/<int:application_id>/cv")
@permission_required(Permission.MANAGE_BUSINESS)
def owner_cv(application_id: int):
    """The CV sent with a spontaneous application, for the business's owner only (404 for anyone else)."""
    application = spontaneous.application_or_404(application_id, current_user, Party.OWNER)
    path, name = spontaneous.cv_path_for(application)
    security_log.record_now("cv_downloaded", current_user, spontaneous_application_id=application.id)
    return cvs.cv_response(path, name)


@bp.route("/espace-artisan/candidatures-spontanees/<int:application_id>/statut/<target>", methods=["POST"])
@permission_required(Permission.MANAGE_BUSINESS)
def owner_move(application_id: int, target: str):
    """Change a spontaneous application's status."""
    application = spontaneous.application_or_404(application_id, current_user, Party.OWNER)
    return _move(application, Party.OWNER, target, "training.owner_thread")


@bp.route("/espace-artisan/candidatures-spontanees/<int:application_id>/offre", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_BUSINESS)
def make_offer(application_id: int):
    """The new-offer form prefilled from a spontaneous application; saving it links the offer in the thread."""
    application = spontaneous.application_or_404(application_id, current_user, Party.OWNER)
    business = access.owned_business_or_abort(application.business_id, current_user)
    if request.method == "GET":
        form = OfferForm(formdata=None, data=spontaneous.offer_prefill(application))
    else:
        form = OfferForm()
    if form.validate_on_submit():
        try:
            offer, message = artisan_space.save_listing(current_user, "offer", form.service_fields(),
                                                        business=business, submit=form.wants_submit)
        except Refused as error:
            add_offer_errors(form, error.errors)
        else:
            spontaneous.link_offer(application, offer)
            flash(message, "success")
            return redirect(url_for("training.owner_thread", application_id=application.id))
    return render_template("artisan/offer_form.html", form=form, business=business, listing=None,
                           spontaneous=application), 422 if form.errors else 200


# --- shared by both sides ----------------------------------------------------------------------------------------

def _thread(application, party: Party, endpoint: str):
    """Show the application and its thread; a posted message goes through the shared thread block."""
    page_url = url_for(endpoint, application_id=application.id)
    thread = thread_block(application, spontaneous.side_of(party), page_url,
                          author=current_user._get_current_object(), post=spontaneous.post)
    if thread.response:
        return thread.response
    return render_template("training/thread.html", application=application, party=party,
                           moves=spontaneous.allowed_moves(application, party), action=ActionForm(),
                           candidate=get_profile(application.candidate), **thread.context), thread.status


def _move(application, party: Party, target: str, endpoint: str):
    """Apply a status change posted with its CSRF token."""
    if not ActionForm().validate_on_submit():
        flash("La page a expiré : recommencez.", "error")
    else:
        try:
            spontaneous.move(application, current_user, party, target)
        except InvalidMove as error:
            flash(error.message, "error")
        else:
            flash(f"Statut changé : {application.status.label}.", "success")
    return redirect(url_for(endpoint, application_id=application.id))


# --- favourites --------------------------------------------------------------------------------------------------

@bp.route("/favoris")
def favourite_list():
    """The listings the user keeps, saying which are filled or gone."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not favourites.may_keep(current_user):
        raise NotFound()
    return render_template("training/favourites.html", rows=favourites.kept(current_user), action=ActionForm())


@bp.route("/favoris/<int:listing_id>", methods=["POST"])
def toggle_favourite(listing_id: int):
    """Keep or drop a listing (POST + CSRF, works without JavaScript), then go back where the user was."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not favourites.may_keep(current_user):
        raise NotFound()
    if not ActionForm().validate_on_submit():
        flash("La page a expiré : recommencez.", "error")
        return redirect(url_for("training.favourite_list"))
    kept = favourites.toggle(current_user, listing_id)
    flash("Annonce ajoutée à vos favoris." if kept else "Annonce retirée de vos favoris.", "success")
    back = request.form.get("next") or ""
    if not back.startswith("/") or back.startswith("//"):
        back = url_for("training.favourite_list")
    return redirect(back)
