"""The chamber's « Candidatures à transmettre » page: the queue of applications and proposals that reached the chamber
because the business could not be reached, and the form that forwards each one to the business's address."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from app.core.errors import Conflict, Refused
from app.models import Permission
from app.services.conversations import forwarding
from app.services.moderation import review as moderation
from app.web._shared.permissions import permission_required
from app.web.moderation import bp
from app.web.moderation.forms import add_service_errors


class ForwardForm(FlaskForm):
    """The business's address where one waiting application or proposal goes."""

    email = StringField("Adresse de l’entreprise", validators=[
        DataRequired("Indiquez l’adresse électronique de l’entreprise."), Length(max=254)])


def _form(item, failed=None) -> ForwardForm:
    """One form per line, with its own field ids; a failed one keeps its input and messages."""
    if failed is not None and failed[0] == (item.kind, item.id):
        return failed[1]
    return ForwardForm(prefix=f"{item.kind}-{item.id}", formdata=None)


def _render(failed=None, status: int = 200):
    """The queue page, with one form per line."""
    chamber = request.args.get("chambre") or None
    items = forwarding.queue(current_user, chamber)
    return render_template("moderation/forwarding.html", items=items, forms={(i.kind, i.id): _form(i, failed)
                                                                             for i in items},
                           chamber=chamber, chambers=moderation.chamber_choices()), status


@bp.route("/a-transmettre", endpoint="forwarding")
@permission_required(Permission.MODERATE)
def forwarding_queue():
    """Applications and proposals waiting to be forwarded in the user's territory (never their content)."""
    return _render()


@bp.route("/a-transmettre/<kind>/<int:subject_id>", methods=["POST"])
@permission_required(Permission.MODERATE)
def forward(kind: str, subject_id: int):
    """Forward one waiting application or proposal to the address typed by the staff member."""
    forwarding.subject_for_staff(kind, subject_id, current_user)  # 404 / 403 before reading the form
    form = ForwardForm(prefix=f"{kind}-{subject_id}")
    if form.validate_on_submit():
        try:
            forwarding.forward(kind, subject_id, current_user._get_current_object(), form.email.data)
        except Refused as error:
            add_service_errors(form, error.errors)
        except Conflict as error:
            flash(str(error), "error")
            return redirect(url_for("moderation.forwarding"))
        else:
            flash(f"Transmis à {form.email.data.strip()} avec un lien personnel pour répondre.", "success")
            return redirect(url_for("moderation.forwarding"))
    return _render(((kind, subject_id), form), 422)
