"""Views of the administration: each parses a form, calls one service function, then renders or redirects."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.core.errors import NotFound, Refused
from app.extensions import db
from app.models import Permission
from app.models.business import Business
from app.services import access
from app.services.accounts import staff
from app.services.accounts.users import AccountError
from app.services.moderation.review import chamber_choices
from app.web._shared.numbers import page_number
from app.web._shared.permissions import permission_required
from app.web.admin import bp
from app.web.admin.forms import ROLE_CHOICES, ActiveForm, ChamberForm, MoveForm, RoleForm, StaffForm
from app.web.moderation.forms import add_service_errors


@bp.route("")
@permission_required(Permission.ADMINISTER)
def index():
    """Staff members and administrators, with the forms to manage them."""
    chamber = request.args.get("chambre") or None
    page = staff.staff_page(current_user, chamber, page_number())
    return render_template("admin/index.html", page=page, chamber=chamber, chambers=chamber_choices(),
                           role_choices=ROLE_CHOICES)


@bp.route("/conseillers/nouveau", methods=["GET", "POST"])
@permission_required(Permission.ADMINISTER)
def new_staff():
    """Create a staff account for a chamber."""
    form = StaffForm()
    if form.validate_on_submit():
        try:
            user = staff.create_staff(current_user, form.email.data, form.chamber.data, form.display_name.data)
        except AccountError as error:
            add_service_errors(form, {error.field or "email": str(error)})
        else:
            flash(f"Le compte de {user.email} est créé : un lien pour choisir son mot de passe lui est envoyé.",
                  "success")
            return redirect(url_for("admin.index"))
    return render_template("admin/staff_form.html", form=form), 422 if form.errors else 200


def _flash_errors(errors: dict[str, str]) -> None:
    """Show a service's refusal as flash messages (the forms of the list page have no room for them)."""
    for message in errors.values():
        flash(message, "error")


@bp.route("/conseillers/<int:user_id>/role", methods=["POST"])
@permission_required(Permission.ADMINISTER)
def change_role(user_id: int):
    """Make a staff member an administrator, or the reverse."""
    user = access.staff_member_or_404(user_id)
    form = RoleForm()
    if form.validate_on_submit():
        try:
            staff.change_role(current_user, user, form.role.data, form.chamber.data or None)
        except Refused as error:
            _flash_errors(error.errors)
        else:
            flash(f"Rôle de {user.email} : {user.role.label}.", "success")
    return redirect(url_for("admin.index"))


@bp.route("/conseillers/<int:user_id>/chambre", methods=["POST"])
@permission_required(Permission.ADMINISTER)
def change_chamber(user_id: int):
    """Attach a staff member to another chamber."""
    user = access.staff_member_or_404(user_id)
    form = ChamberForm()
    if form.validate_on_submit():
        try:
            staff.change_chamber(current_user, user, form.chamber.data)
        except Refused as error:
            _flash_errors(error.errors)
        else:
            flash(f"{user.email} est rattaché·e à la chambre {user.chamber_code}.", "success")
    return redirect(url_for("admin.index"))


@bp.route("/conseillers/<int:user_id>/activation", methods=["POST"])
@permission_required(Permission.ADMINISTER)
def set_active(user_id: int):
    """Deactivate (active=0) or reactivate (active=1) an account."""
    user = access.staff_member_or_404(user_id)
    form = ActiveForm()
    if form.validate_on_submit():
        try:
            staff.set_active(current_user, user, form.active.data == "1")
        except Refused as error:
            _flash_errors(error.errors)
        else:
            flash(f"Le compte de {user.email} est {'réactivé' if user.is_active_account else 'désactivé'}.",
                  "success")
    return redirect(url_for("admin.index"))


@bp.route("/entreprises")
@permission_required(Permission.ADMINISTER)
def businesses():
    """Find a business by name or SIRET, to move it."""
    q = request.args.get("q", "")
    return render_template("admin/businesses.html", q=q, results=staff.find_businesses(current_user, q))


@bp.route("/entreprises/<int:business_id>/demenagement", methods=["GET", "POST"])
@permission_required(Permission.ADMINISTER)
def move_business(business_id: int):
    """Move a business to its new address (and its listings to the new territory)."""
    business = db.session.get(Business, business_id)
    if business is None:
        raise NotFound()
    form = MoveForm(obj=None if request.method == "POST" else business)
    if request.method == "GET":
        form.commune.data = business.commune_name
    if form.validate_on_submit():
        try:
            staff.move_business(current_user, business, form.postcode.data, form.commune.data or None,
                                address_line=form.address_line.data)
        except Refused as error:
            add_service_errors(form, error.errors)
        else:
            chamber = business.chamber.name if business.chamber else business.departement
            flash(f"« {business.name} » est maintenant à {business.commune_name} ({chamber}).", "success")
            return redirect(url_for("admin.businesses", q=business.siret))
    return render_template("admin/move.html", form=form, business=business), 422 if form.errors else 200
