"""Views of the artisan's inbox: each parses a form, calls one service function, then renders or redirects."""
import logging

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.core.errors import Refused
from app.extensions import limiter
from app.files import cvs
from app.models import Permission
from app.models.application_states import (
    APPLICATION_MOVES,
    INTEREST_MOVES,
    ApplicationStatus,
    InterestStatus,
    InvalidMove,
    Party,
)
from app.models.conversation import Side
from app.services import access
from app.services.accounts import security_log
from app.services.responses import applications, interests
from app.services.responses.moves import AlreadyMoved
from app.web._shared.form_fields import add_service_errors
from app.web._shared.permissions import permission_required
from app.web.conversations.views import message_key, message_limit, thread_block
from app.web.inbox import bp
from app.web.inbox.forms import NoteForm, StatusMessageForm

log = logging.getLogger(__name__)


def _status_filter(enum_class):
    """The status chosen in ?statut=, or None (an unknown value is a 404 rather than a silent « all »)."""
    value = request.args.get("statut") or None
    if value is None:
        return None
    try:
        return enum_class(value)
    except ValueError:
        abort(404)


@bp.route("/espace-artisan/candidatures", endpoint="index")
@bp.route("/espace-artisan/offres/<int:offer_id>/candidatures", endpoint="offer")
@permission_required(Permission.MANAGE_BUSINESS)
def application_list(offer_id: int | None = None):
    """Applications received, across every offer or for one offer, filtered by status."""
    offer = access.owned_offer_or_404(offer_id, current_user) if offer_id is not None else None
    status = _status_filter(ApplicationStatus)
    return render_template("inbox/index.html", offer=offer, status=status,
                           applications=applications.inbox(current_user, offer=offer, status=status),
                           counts=applications.inbox_counts(current_user, offer=offer))


@bp.route("/espace-artisan/candidatures/<int:application_id>", methods=["GET", "POST"])
@limiter.limit(message_limit, methods=["POST"], key_func=message_key)
@permission_required(Permission.MANAGE_BUSINESS)
def application(application_id: int):
    """One application: message, answers, CV, thread, notes; opening it marks it « Consultée »; POST: a message."""
    found = applications.open_for_owner(application_id, current_user._get_current_object())
    thread = thread_block(found, Side.OWNER, url_for("inbox.application", application_id=found.id),
                          author=current_user._get_current_object())
    if thread.response:
        return thread.response
    return render_template("inbox/application.html", application=found, note_form=NoteForm(),
                           moves=applications.allowed_moves(found, current_user), **thread.context), thread.status


def _answer(found, service, moves, status_class, target: str, template: str, back: str, other_side: str):
    """The status form of an application or a proposal: a pre-filled message to edit, then one service call."""
    try:
        move = moves[status_class(target)]
    except (ValueError, KeyError):
        abort(404)
    form = StatusMessageForm()
    if request.method == "GET":
        form.message.data = service.message_template(found, move.target)
    elif form.validate_on_submit():
        done = True
        try:
            service.change_status(found, current_user._get_current_object(), move.target, form.message.data)
        except Refused as error:
            add_service_errors(form, error.errors)
            done = False
        except InvalidMove as error:
            if not isinstance(error, AlreadyMoved):  # posted twice: the first post did it, answer as it did
                flash(str(error), "error")
                return redirect(back)
        if done:
            flash(f"Statut changé : « {move.target.label} ». Votre message est envoyé {other_side}.", "success")
            return redirect(back)
    return render_template(template, item=found, back=back, move=move, form=form), 422 if form.errors else 200


@bp.route("/espace-artisan/candidatures/<int:application_id>/statut/<target>", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_BUSINESS)
def change_status(application_id: int, target: str):
    """Change an application's status with a pre-filled message the artisan can edit before sending."""
    found = access.application_or_404(application_id, current_user, Party.OWNER)
    return _answer(found, applications, APPLICATION_MOVES, ApplicationStatus, target, "inbox/status.html",
                   url_for("inbox.application", application_id=found.id), "au candidat")


@bp.route("/espace-artisan/candidatures/<int:application_id>/notes", methods=["POST"])
@permission_required(Permission.MANAGE_BUSINESS)
def add_note(application_id: int):
    """Add a private note."""
    found = access.application_or_404(application_id, current_user, Party.OWNER)
    form = NoteForm()
    if form.validate_on_submit():
        try:
            applications.add_note(found, current_user._get_current_object(), form.body.data)
        except Refused as error:
            flash(" ".join(error.errors.values()), "error")
        else:
            flash("Note enregistrée.", "success")
    else:
        flash("La note est vide.", "error")
    return redirect(url_for("inbox.application", application_id=found.id) + "#notes")


@bp.route("/espace-artisan/candidatures/<int:application_id>/cv")
@permission_required(Permission.MANAGE_BUSINESS)
def cv(application_id: int):
    """The candidate's CV (same rule as the candidate's own link)."""
    download = applications.cv_for_download(application_id, current_user)
    log.info("cv_download application=%s user=%s", application_id, current_user.id)
    security_log.record_now("cv_downloaded", current_user, application_id=application_id)
    return cvs.cv_response(download.path, download.name)


@bp.route("/espace-artisan/propositions", endpoint="interests")
@bp.route("/espace-artisan/projets/<int:project_id>/propositions", endpoint="project")
@permission_required(Permission.MANAGE_BUSINESS)
def interest_list(project_id: int | None = None):
    """Partners' proposals, across every project or for one project, filtered by status."""
    project = access.owned_project_or_404(project_id, current_user) if project_id is not None else None
    status = _status_filter(InterestStatus)
    return render_template("inbox/interests.html", project=project, status=status,
                           interests=interests.project_interests(current_user, project=project, status=status),
                           counts=interests.interest_counts(current_user, project=project))


@bp.route("/espace-artisan/propositions/<int:interest_id>", methods=["GET", "POST"])
@limiter.limit(message_limit, methods=["POST"], key_func=message_key)
@permission_required(Permission.MANAGE_BUSINESS)
def interest(interest_id: int):
    """One proposal: who, what they bring, the thread, and the answers possible now; POST: a message."""
    found = access.interest_or_404(interest_id, current_user, Party.OWNER)
    thread = thread_block(found, Side.OWNER, url_for("inbox.interest", interest_id=found.id),
                          author=current_user._get_current_object())
    if thread.response:
        return thread.response
    return render_template("inbox/interest.html", interest=found, moves=interests.allowed_moves(found, current_user),
                           **thread.context), thread.status


@bp.route("/espace-artisan/propositions/<int:interest_id>/statut/<target>", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_BUSINESS)
def interest_status(interest_id: int, target: str):
    """Answer a proposal with a pre-filled message the artisan can edit."""
    found = access.interest_or_404(interest_id, current_user, Party.OWNER)
    return _answer(found, interests, INTEREST_MOVES, InterestStatus, target, "inbox/interest_status.html",
                   url_for("inbox.interest", interest_id=found.id), "au partenaire")
