"""Moderation views of diagnostic requests: the « Diagnostics » queue, one request's follow-up, the figures' CSV."""
from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import Length

from app.core.errors import Conflict, Refused
from app.core.time import utcnow
from app.extensions import limiter
from app.models import Permission
from app.models.conversation import Side
from app.models.diagnostic import Outcome, RequestStatus, next_statuses
from app.reference.diagnostic import score
from app.services.diagnostics import conversation
from app.services.diagnostics import figures as diagnostic_figures
from app.services.diagnostics import follow_up
from app.services.diagnostics.requests import SATISFACTION
from app.services.moderation import audit
from app.services.moderation import review as moderation
from app.web._shared.numbers import page_number
from app.web._shared.permissions import permission_required
from app.web.conversations.views import message_key, message_limit, thread_block, thread_context
from app.web.moderation import bp
from app.web.moderation.forms import add_service_errors

TOO_LONG = "3 000 caractères au plus."


class StatusForm(FlaskForm):
    """Move the request on; closing needs an outcome."""

    status = SelectField("Nouveau statut", id="diagnostic-statut", validate_choice=False)
    outcome = SelectField("Issue (pour clôturer)", id="diagnostic-issue", validate_choice=False,
                          choices=[("", "—"), *[(o.value, o.label) for o in Outcome]])


class AssignForm(FlaskForm):
    """Give the request to an advisor of the chamber."""

    assignee = SelectField("Conseiller chargé de la demande", id="diagnostic-conseiller", validate_choice=False)


class NoteForm(FlaskForm):
    """A private note of the chamber."""

    note = TextAreaField("Note privée (l’artisan ne la voit pas)", id="diagnostic-note",
                         validators=[Length(max=3000, message=TOO_LONG)])


def _chamber() -> str | None:
    return request.args.get("chambre") or None


@bp.route("/diagnostics")
@permission_required(Permission.MODERATE)
def diagnostics():
    """Diagnostic requests of the territory: open ones first, the oldest first."""
    status = RequestStatus.lookup(request.args.get("statut", "")) if request.args.get("statut") else None
    page = follow_up.queue_page(current_user, _chamber(), status, page_number())
    return render_template("moderation/diagnostics.html", page=page, chamber=_chamber(), status=status,
                           statuses=list(RequestStatus), chambers=moderation.chamber_choices())


def _forms(found, status_form=None, assign_form=None, note_form=None) -> dict:
    status_form = status_form or StatusForm(formdata=None)
    status_form.status.choices = [(s.value, s.label) for s in next_statuses(found.status)]
    assign_form = assign_form or AssignForm(formdata=None, assignee=str(found.assignee_id or ""))
    assign_form.assignee.choices = [("", "Personne"), *[(str(u.id), u.display_name or u.email)
                                                       for u in follow_up.advisers(found)]]
    return {"status_form": status_form, "assign_form": assign_form,
            "note_form": note_form or NoteForm(formdata=None)}


def _page_url(found) -> str:
    return url_for("moderation.diagnostic", request_id=found.id)


def _render(found, status: int = 200, thread: dict | None = None, **forms):
    thread = thread or thread_context(found, Side.OWNER, _page_url(found))
    return render_template("moderation/diagnostic.html", req=found, chamber=None,
                           scores=score(found.assessment.answers or {}) if found.assessment else None,
                           history=audit.history("diagnostic_request", found.id),
                           satisfaction_labels=SATISFACTION, statuses=RequestStatus,
                           outcomes=Outcome, **thread, **_forms(found, **forms)), status


@bp.route("/diagnostics/<int:request_id>/message", methods=["POST"])
@bp.route("/diagnostics/<int:request_id>", methods=["GET", "POST"])
@limiter.limit(message_limit, methods=["POST"], key_func=message_key)
@permission_required(Permission.MODERATE)
def diagnostic(request_id: int):
    """One request: the business, the need, the attached assessment, its statuses, notes, conversation and history;
    a message posted here (or to the former …/message address) goes to the artisan."""
    found = follow_up.request_for_staff(request_id, current_user)
    thread = thread_block(found, Side.OWNER, _page_url(found), author=current_user._get_current_object(),
                          post=conversation.post)
    return thread.response or _render(found, thread.status, thread.context)


def _back(found):
    return redirect(url_for("moderation.diagnostic", request_id=found.id))


@bp.route("/diagnostics/<int:request_id>/statut", methods=["POST"])
@permission_required(Permission.MODERATE)
def diagnostic_status(request_id: int):
    """Move the request to its next status (closing with an outcome)."""
    found = follow_up.request_for_staff(request_id, current_user)
    form = StatusForm()
    if form.validate_on_submit():
        try:
            follow_up.move(current_user._get_current_object(), found, form.status.data, form.outcome.data)
        except Conflict as error:
            flash(error.message, "warning")
            return _back(found)
        except Refused as error:
            add_service_errors(form, error.errors)
        else:
            flash(f"La demande est maintenant « {found.status.label} ».", "success")
            return _back(found)
    return _render(found, 422, status_form=form)


def _submit(request_id: int, form, form_key: str, act, done: str):
    """Validate one of the request page's forms, run `act(staff, request, form)`, and go back with `done` or
    re-render the page with the form's errors."""
    found = follow_up.request_for_staff(request_id, current_user)
    if form.validate_on_submit():
        try:
            act(current_user._get_current_object(), found, form)
        except Refused as error:
            add_service_errors(form, error.errors)
        else:
            flash(done, "success")
            return _back(found)
    return _render(found, 422, **{form_key: form})


@bp.route("/diagnostics/<int:request_id>/attribuer", methods=["POST"])
@permission_required(Permission.MODERATE)
def diagnostic_assign(request_id: int):
    """Give the request to an advisor."""
    return _submit(request_id, AssignForm(), "assign_form",
                   lambda staff, found, form: follow_up.assign(staff, found, form.assignee.data),
                   "Le conseiller chargé de la demande est enregistré.")


@bp.route("/diagnostics/<int:request_id>/note", methods=["POST"])
@permission_required(Permission.MODERATE)
def diagnostic_note(request_id: int):
    """Add a private note."""
    return _submit(request_id, NoteForm(), "note_form",
                   lambda staff, found, form: follow_up.add_note(staff, found, form.note.data), "Note enregistrée.")


@bp.route("/diagnostics/indicateurs.csv")
@permission_required(Permission.MODERATE)
def export_diagnostics():
    """The diagnostic figures as CSV for Excel (audit-logged)."""
    content = diagnostic_figures.figures_csv(current_user, _chamber())
    stamp = utcnow().strftime("%Y-%m-%d")
    return Response(content.encode("utf-8"), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="diagnostics-{stamp}.csv"',
                             "Content-Type": "text/csv; charset=utf-8"})


@bp.route("/diagnostics/demandes.csv")
@permission_required(Permission.MODERATE)
def export_diagnostic_requests():
    """The territory's requests as CSV for Excel (audit-logged; cells a spreadsheet would run are defused)."""
    content = diagnostic_figures.requests_csv(current_user, _chamber())
    stamp = utcnow().strftime("%Y-%m-%d")
    return Response(content.encode("utf-8"), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="demandes-diagnostic-{stamp}.csv"',
                             "Content-Type": "text/csv; charset=utf-8"})


def diagnostic_dashboard(user, chamber_code: str | None = None) -> dict:
    """The dashboard's diagnostic figures (its partial calls this; the territory is checked again)."""
    return diagnostic_figures.figures(user, chamber_code)


bp.add_app_template_global(diagnostic_dashboard, "diagnostic_dashboard")
