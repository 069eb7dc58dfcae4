"""Views of the artisan's space: each parses a form, calls one service function, then renders or redirects."""
from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from app.core.errors import Refused
from app.core.formatting import date_fr
from app.geo import communes_for_postcode
from app.models import Permission
from app.models.application_states import ApplicationStatus
from app.models.listing_states import TRANSITIONS, InvalidTransition, ReviewReason
from app.services import access
from app.services.businesses import artisan_space, claims
from app.services.businesses.profiles import businesses_of
from app.services.listings.form_tokens import AlreadyDone, once
from app.services.listings.lifecycle import allowed_actions, transition
from app.services.responses import applications
from app.web._shared.permissions import permission_required
from app.web.artisan import bp
from app.web.artisan.forms import BusinessForm, OfferForm, ProjectForm, add_service_errors

FORMS = {"offer": OfferForm, "project": ProjectForm}
# "L’annonce" for offers and projects alike: a project title after « est prolongée » would not agree.
DONE = {
    "submit": "L’annonce « {title} » est envoyée en relecture à votre chambre de métiers.",
    "withdraw": "L’annonce « {title} » est retirée : elle n’est plus visible.",
    "fill": "L’annonce « {title} » est marquée comme pourvue. Félicitations !",
    "close": "L’annonce « {title} » est clôturée.",
    "renew": "L’annonce « {title} » est prolongée de {days} jours : elle reste en ligne jusqu’au {until}.",
}
# Actions that cannot be undone: the artisan confirms them on a page that says what will happen.
ASK_FIRST = frozenset({"withdraw", "fill"})
# Renewing gives 60 days from today: a listing published or renewed today gains nothing, and is told so.
NOTHING_GAINED = "L’annonce « {title} » est déjà en ligne jusqu’au {until} : la prolonger aujourd’hui ne change rien."


@bp.route("/espace-artisan")
@permission_required(Permission.MANAGE_BUSINESS)
def dashboard():
    """The artisan's businesses and listings by state, with the actions allowed now."""
    return render_template("artisan/dashboard.html", businesses=businesses_of(current_user),
                           groups=artisan_space.dashboard(current_user), claims=claims.claims_of(current_user),
                           review_reasons={reason.value: reason.label for reason in ReviewReason})


@bp.route("/espace-artisan/entreprises/nouvelle", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_BUSINESS)
def new_business():
    """Register a business; a SIRET already known points to the claim page."""
    form = BusinessForm()
    if form.validate_on_submit():
        try:
            business = artisan_space.save_business_profile(current_user, form.service_fields(), logo=form.logo.data)
        except Refused as error:
            add_service_errors(form, error.errors)
        else:
            flash(f"L’entreprise « {business.name} » est enregistrée.", "success")
            return redirect(url_for("artisan.dashboard"))
    claim_siret = claims.known_siret(form.siret.data) if request.method == "POST" else None
    return render_template("artisan/business_form.html", form=form, business=None,
                           claim_siret=claim_siret), 422 if form.errors else 200


@bp.route("/espace-artisan/entreprises/<int:business_id>/modifier", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_BUSINESS)
def edit_business(business_id: int):
    """Edit a business profile."""
    business = access.owned_business_or_abort(business_id, current_user)
    form = BusinessForm(obj=business)
    if form.validate_on_submit():
        try:
            artisan_space.save_business_profile(current_user, form.service_fields(), business=business,
                                                logo=form.logo.data, remove_logo=form.remove_logo.data)
        except Refused as error:
            add_service_errors(form, error.errors)
        else:
            flash("Profil de l’entreprise mis à jour.", "success")
            return redirect(url_for("artisan.dashboard"))
    return render_template("artisan/business_form.html", form=form, business=business), 422 if form.errors else 200


def _listing_form(kind: str, business=None, listing=None):
    """Shared body of the create and edit views of offers and projects."""
    form = FORMS[kind](obj=listing)
    if listing is not None and not form.is_submitted():
        form.fill_from(listing)
    if form.validate_on_submit():
        def save():
            return artisan_space.save_listing(current_user, kind, form.service_fields(), business=business,
                                              listing=listing, submit=form.wants_submit)

        try:
            listing, message = once(form.form_token.data, save)
        except AlreadyDone as error:  # the first post did it: same page as after it
            flash(str(error), "success")
            return redirect(url_for("artisan.dashboard"))
        except Refused as error:
            add_service_errors(form, error.errors)
        except InvalidTransition as error:
            flash(error.message, "error")
            return redirect(url_for("artisan.dashboard"))
        else:
            flash(message, "success")
            return redirect(url_for("artisan.dashboard"))
    business = business or listing.business
    status = 422 if form.errors else 200
    return render_template(f"artisan/{kind}_form.html", form=form, business=business, listing=listing), status


@bp.route("/espace-artisan/entreprises/<int:business_id>/offres/nouvelle", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_BUSINESS)
def new_offer(business_id: int):
    """Draft an apprenticeship offer for one of the artisan's businesses."""
    return _listing_form("offer", business=access.owned_business_or_abort(business_id, current_user))


@bp.route("/espace-artisan/entreprises/<int:business_id>/projets/nouveau", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_BUSINESS)
def new_project(business_id: int):
    """Draft an innovation project for one of the artisan's businesses."""
    return _listing_form("project", business=access.owned_business_or_abort(business_id, current_user))


@bp.route("/espace-artisan/annonces/<int:listing_id>/modifier", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_BUSINESS)
def edit_listing(listing_id: int):
    """Edit an offer or a project while it can still change."""
    listing = access.owned_listing_or_abort(listing_id, current_user)
    if not artisan_space.can_edit(listing):
        flash(f"Une annonce « {listing.status_label} » ne peut plus être modifiée.", "error")
        return redirect(url_for("artisan.dashboard"))
    return _listing_form(listing.type, listing=listing)


@bp.route("/espace-artisan/annonces/<int:listing_id>/<action>", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_BUSINESS)
def listing_action(listing_id: int, action: str):
    """Fire one lifecycle action (submit, withdraw, fill, close, renew); the service checks who and from where.

    Withdrawing and filling cannot be undone: GET, or a POST without `confirm`, shows what will happen first.
    """
    listing = access.owned_listing_or_abort(listing_id, current_user)
    if action not in TRANSITIONS or (request.method == "GET" and action not in ASK_FIRST):
        abort(404)
    allowed = {t.name for t in allowed_actions(listing, current_user)}
    if request.method == "GET" and action not in allowed:  # a GET never acts, even to say why it cannot
        flash(f"« {TRANSITIONS[action].label} » n’est pas possible pour une annonce « {listing.status_label} ».",
              "error")
        return redirect(url_for("artisan.dashboard"))
    if action in ASK_FIRST and action in allowed and not request.form.get("confirm"):
        is_offer = listing.type == "offer"
        still_open = applications.open_applications(listing) if is_offer else []
        return render_template("artisan/confirm_action.html", listing=listing, action=TRANSITIONS[action],
                               still_open=still_open, is_offer=is_offer,
                               at_interview=[a for a in still_open if a.status == ApplicationStatus.INTERVIEW])
    before = listing.expires_at
    try:
        transition(listing, action, current_user, keep=request.form.getlist("keep", type=int))
    except (InvalidTransition, Refused) as error:
        flash(str(error), "error")
    else:
        days = (round((listing.expires_at - before).total_seconds() / 86400)
                if action == "renew" and before and listing.expires_at else None)
        if days is not None and days < 1:
            flash(NOTHING_GAINED.format(title=listing.title, until=date_fr(listing.expires_at)), "info")
        else:
            until = date_fr(listing.expires_at)
            flash(DONE.get(action, "C’est fait.").format(title=listing.title, days=days or 60, until=until), "success")
    return redirect(url_for("artisan.dashboard"))


@bp.route("/geo/communes")
def communes():
    """The communes of a postcode as JSON, for the business form's commune list."""
    postcode = request.args.get("cp", "").strip()
    found = communes_for_postcode(postcode) if postcode.isdigit() and len(postcode) == 5 else []
    return jsonify({"postcode": postcode, "communes": [{"insee": c.insee, "name": c.name} for c in found]})
