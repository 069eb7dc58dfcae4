"""Views of the artisan's diagnostic: each parses a form, calls one service function, then renders or redirects."""
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.core.errors import Conflict, Refused
from app.core.time import today
from app.extensions import limiter
from app.models import Permission
from app.models.conversation import Side
from app.reference.diagnostic import questionnaire
from app.services.businesses.profiles import businesses_of
from app.services.diagnostics import assessments, conversation, progress, requests
from app.services.diagnostics.plan_pdf import plan_pdf
from app.web._shared.form_fields import add_service_errors
from app.web._shared.permissions import permission_required
from app.web.conversations.views import message_key, message_limit, thread_block, thread_context
from app.web.diagnostic import bp
from app.web.diagnostic.forms import ActionForm, RequestForm, SatisfactionForm


def _user():
    return current_user._get_current_object()


@bp.route("/espace-artisan/diagnostic")
@permission_required(Permission.MANAGE_BUSINESS)
def home():
    """Where each of my businesses stands: the assessment to resume or retake, the plans, the requests."""
    rows = [{"business": business, "in_progress": assessments.in_progress(business),
             "completed": assessments.completed(business), "open_request": requests.open_request(business),
             "requests": requests.requests_of(business)} for business in businesses_of(current_user)]
    return render_template("diagnostic/home.html", rows=rows, form=ActionForm(), form_def=questionnaire())


@bp.route("/espace-artisan/diagnostic/commencer/<int:business_id>", methods=["POST"])
@permission_required(Permission.MANAGE_BUSINESS)
def start(business_id: int):
    """Start (or resume) the assessment of one of my businesses."""
    business = assessments.own_business_or_404(business_id, current_user)
    if not ActionForm().validate_on_submit():
        abort(400)
    assessment = assessments.start(_user(), business)
    return redirect(url_for("diagnostic.part", assessment_id=assessment.id,
                            number=assessments.first_open_part(assessment)))


@bp.route("/espace-artisan/diagnostic/<int:assessment_id>/partie/<int:number>", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_BUSINESS)
def part(assessment_id: int, number: int):
    """One part of the assessment on its own screen; saving it goes to the next part, or to the plan."""
    assessment = assessments.own_assessment_or_404(assessment_id, current_user)
    form_def = questionnaire()
    part_def = form_def.part(number)
    if part_def is None:
        abort(404)
    form, errors = ActionForm(), {}
    chosen = {assessments.field_name(part_def, q): (assessment.answers or {}).get(f"{part_def.key}.{q.key}")
              for q in part_def.questions}
    if request.method == "POST":
        chosen |= {name: request.form.get(name, "")[:40] for name in chosen}
        if form.validate_on_submit():
            try:
                assessments.save_part(_user(), assessment, number, request.form)
            except Refused as error:
                errors = error.errors
            else:
                if request.form.get("later"):
                    flash("Vos réponses sont enregistrées : reprenez quand vous voulez depuis votre espace.",
                          "success")
                    return redirect(url_for("diagnostic.home"))
                if number < len(form_def.parts):
                    return redirect(url_for("diagnostic.part", assessment_id=assessment.id, number=number + 1))
                if assessment.completed_at is None:
                    flash("Il reste des questions sans réponse : complétez les parties signalées.", "warning")
                    return redirect(url_for("diagnostic.part", assessment_id=assessment.id,
                                            number=assessments.first_open_part(assessment)))
                flash("Votre autodiagnostic est terminé : voici votre plan d’action.", "success")
                return redirect(url_for("diagnostic.plan", assessment_id=assessment.id))
        else:
            errors = {"": "Le formulaire a expiré : envoyez-le de nouveau."}
    return render_template("diagnostic/part.html", assessment=assessment, part=part_def, number=number,
                           total=len(form_def.parts), chosen=chosen, errors=errors, form=form,
                           field_name=assessments.field_name), 422 if errors else 200


@bp.route("/espace-artisan/diagnostic/<int:assessment_id>/plan")
@permission_required(Permission.MANAGE_BUSINESS)
def plan(assessment_id: int):
    """The action plan: levels, explained scores, advice, actions ticked from the site, change since last time."""
    assessment = assessments.own_assessment_or_404(assessment_id, current_user)
    parts = progress.plan(assessment)
    return render_template("diagnostic/plan.html", assessment=assessment, parts=parts,
                           changes=assessments.changes(assessment), previous=assessments.previous(assessment),
                           done=progress.done_count(parts), levels=questionnaire().levels,
                           open_request=requests.open_request(assessment.business))


@bp.route("/espace-artisan/diagnostic/<int:assessment_id>/plan.pdf")
@permission_required(Permission.MANAGE_BUSINESS)
def plan_download(assessment_id: int):
    """The action plan as a PDF carrying today's date."""
    assessment = assessments.own_assessment_or_404(assessment_id, current_user)
    on = today()
    content = plan_pdf(assessment, progress.plan(assessment), on)
    return Response(content, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="plan-action-{on.isoformat()}.pdf"'})


@bp.route("/espace-artisan/diagnostic/<int:assessment_id>/simulateur")
@permission_required(Permission.MANAGE_BUSINESS)
def simulator(assessment_id: int):
    """Open the cost simulator from the plan, which ticks the action « voir le coût d’un apprenti »."""
    assessment = assessments.own_assessment_or_404(assessment_id, current_user)
    assessments.mark_simulator_seen(_user(), assessment)
    return redirect(url_for("simulator.cost"))


@bp.route("/espace-artisan/diagnostic/demande/<int:business_id>", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_BUSINESS)
def request_form(business_id: int):
    """« Demander un diagnostic personnalisé » for one of my businesses."""
    business = assessments.own_business_or_404(business_id, current_user)
    existing = requests.open_request(business)
    if existing is not None:
        flash(requests.MSG_ALREADY_OPEN, "info")
        return redirect(url_for("diagnostic.request_page", request_id=existing.id))
    form = RequestForm()
    if request.method == "GET" and business.phone:
        form.phone.data = business.phone
    if form.validate_on_submit():
        try:
            sent = requests.send_request(_user(), business, form.need.data, form.contact_times.data, form.phone.data)
        except Conflict as error:
            flash(error.message, "info")
            return redirect(url_for("diagnostic.home"))
        except Refused as error:
            add_service_errors(form, error.errors)
        else:
            flash("Votre demande est envoyée à votre chambre de métiers, qui vous contactera.", "success")
            return redirect(url_for("diagnostic.request_page", request_id=sent.id))
    return render_template("diagnostic/request_form.html", form=form, business=business,
                           assessment=assessments.latest_completed(business)), 422 if form.errors else 200


def _render_request(found, thread: dict, satisfaction_form=None, status: int = 200):
    return render_template("diagnostic/request.html", req=found, statuses=list(type(found.status)),
                           satisfaction_form=satisfaction_form or SatisfactionForm(formdata=None),
                           satisfaction_labels=requests.SATISFACTION, **thread), status


def _page_url(found) -> str:
    return url_for("diagnostic.request_page", request_id=found.id)


@bp.route("/espace-artisan/diagnostic/demandes/<int:request_id>/message", methods=["POST"])
@bp.route("/espace-artisan/diagnostic/demandes/<int:request_id>", methods=["GET", "POST"])
@limiter.limit(message_limit, methods=["POST"], key_func=message_key)
@permission_required(Permission.MANAGE_BUSINESS)
def request_page(request_id: int):
    """One of my requests: where it stands, the conversation with the chamber, the satisfaction question once
    closed; a message posted here (or to the former …/message address) goes to the chamber."""
    found = requests.own_request_or_404(request_id, current_user)
    thread = thread_block(found, Side.APPLICANT, _page_url(found), author=_user(), post=conversation.post)
    if thread.response:
        return thread.response
    return _render_request(found, thread.context, status=thread.status)


@bp.route("/espace-artisan/diagnostic/demandes/<int:request_id>/avis", methods=["POST"])
@permission_required(Permission.MANAGE_BUSINESS)
def satisfaction(request_id: int):
    """Answer « Ce diagnostic vous a-t-il été utile ? »."""
    found = requests.own_request_or_404(request_id, current_user)
    form = SatisfactionForm()
    if form.validate_on_submit():
        try:
            requests.answer_satisfaction(_user(), found, form.satisfaction.data, form.comment.data)
        except Conflict as error:
            flash(error.message, "info")
            return redirect(url_for("diagnostic.request_page", request_id=found.id))
        except Refused as error:
            add_service_errors(form, error.errors)
        else:
            flash("Merci pour votre avis : il aide la chambre à améliorer ses diagnostics.", "success")
            return redirect(url_for("diagnostic.request_page", request_id=found.id))
    return _render_request(found, thread_context(found, Side.APPLICANT, _page_url(found)), satisfaction_form=form,
                           status=422)
