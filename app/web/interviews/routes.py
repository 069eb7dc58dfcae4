"""Views of the interview pages: each parses a form, calls one service function, then renders or redirects."""
import hashlib

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required

from app.core import tokens
from app.core.errors import Conflict, NotFound, Refused
from app.extensions import limiter
from app.geo import zone_label
from app.mail.outbox import external_url
from app.models import Permission
from app.models.application import Application
from app.models.application_states import Party
from app.models.interview import InterviewStatus
from app.services import access
from app.services.conversations import interview_ics, interviews, routing
from app.services.conversations.interview_notices import when
from app.services.conversations.interviews import Proposal
from app.services.responses.moves import AlreadyMoved
from app.web._shared.form_fields import add_service_errors
from app.web._shared.permissions import permission_required
from app.web.contact import routes as contact_routes
from app.web.interviews import bp, panel
from app.web.interviews.forms import AcceptForm, CancelForm, CounterForm, DeclineForm, ProposeForm


def _limit() -> str:
    """Interview actions share the message rate limit (RATELIMIT_MESSAGE), read at request time."""
    return current_app.config["RATELIMIT_MESSAGE"]


def _key() -> str:
    """Rate-limit key: the signed-in account, else the contact link (hashed), else the IP address."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    token = (request.view_args or {}).get("token")
    if token:
        return "contact:" + hashlib.sha256(token.encode()).hexdigest()[:32]
    return f"ip:{get_remote_address()}"


limited = limiter.limit(_limit, methods=["POST"], key_func=_key)


@bp.app_context_processor
def panel_builder():
    """`interview_panel(application, side, token)` for the application pages (candidate, inbox, contact link)."""
    return {"interview_panel": panel.build}


@bp.after_request
def private_pages(response):
    """Contact-link pages carry their token in the URL: the contact pages' headers (no referrer, index, cache)."""
    if request.view_args and "token" in request.view_args:
        return contact_routes.no_referrer(response)
    return response


bp.register_error_handler(tokens.LinkError, contact_routes.link_error)  # nothing changed, the same French pages


def _contact(token: str) -> tuple[Application, access.ContactActor]:
    """The application of a valid contact link (a proposal's link has no interviews: 404)."""
    subject, actor = routing.open_contact_link(token)
    if not isinstance(subject, Application):
        raise NotFound()
    return subject, actor


def _ics(interview, link: str | None) -> Response:
    """The .ics of an interview as a download."""
    body = interviews.ics_download(interview, link)
    return Response(body, mimetype=interview_ics.CONTENT_TYPE, headers={
        "Content-Disposition": f'attachment; filename="{interview_ics.FILENAME}"'})


# --- proposing (the business) ----------------------------------------------------------------------------------

def _prefill(form: ProposeForm, application: Application) -> None:
    """A first form: the previous proposal's mode, place and duration, else the business's address."""
    previous = interviews.current(application)
    if previous is not None:
        form.mode.data, form.place.data = previous.mode.value, previous.place
        form.duration.data = str(previous.duration_minutes)
    else:
        business = application.offer.business
        form.place.data = ", ".join(part for part in (business.address_line,
                                                      f"{business.postcode} {business.commune_name}".strip()) if part)


def _propose_page(application: Application, actor, back: str, action: str, side: str, token: str | None = None):
    """The proposal form (or the move of a confirmed interview): GET shows it, POST calls the service."""
    current = interviews.current(application)
    moving = current is not None and current.status == InterviewStatus.ACCEPTED
    form = ProposeForm()
    if request.method == "GET":
        _prefill(form, application)
    elif form.validate_on_submit():
        walls = form.wall_times()
        if walls:
            proposal = Proposal(slots=walls, mode=form.mode.data, place=form.place.data or "",
                                duration=int(form.duration.data) if str(form.duration.data).isdigit() else 0,
                                note=form.note.data or "")
            try:
                (interviews.move if moving else interviews.propose)(application, actor, proposal)
            except Refused as error:
                add_service_errors(form, error.errors, aliases=form.service_errors())
            except Conflict as error:
                if not isinstance(error, AlreadyMoved):  # posted twice: the first post did it
                    flash(str(error), "error")
                    return redirect(back)
                return redirect(back + "#entretien")
            else:
                flash("Entretien déplacé : les nouveaux créneaux sont envoyés au candidat." if moving else
                      "Créneaux proposés : le candidat est prévenu et choisit depuis sa candidature.", "success")
                return redirect(back + "#entretien")
    return render_template("interviews/propose.html", application=application, form=form, back=back, action=action,
                           moving=moving, current=current, side=side, token=token,
                           zone_label=zone_label(interviews.zone_of(application))), 422 if form.errors else 200


@bp.route("/espace-artisan/candidatures/<int:application_id>/entretien", methods=["GET", "POST"])
@limited
@permission_required(Permission.MANAGE_BUSINESS)
def propose(application_id: int):
    """The artisan proposes 1 to 5 slots (or moves the confirmed interview)."""
    found = access.application_or_404(application_id, current_user, Party.OWNER)
    return _propose_page(found, current_user._get_current_object(),
                         url_for("inbox.application", application_id=found.id),
                         url_for("interviews.propose", application_id=found.id), panel.OWNER)


@bp.route("/contact/<token>/entretien", methods=["GET", "POST"])
@limited
def contact_propose(token: str):
    """The business's contact address proposes slots through its signed link (no account)."""
    found, actor = _contact(token)
    return _propose_page(found, actor, url_for("contact.subject", token=token),
                         url_for("interviews.contact_propose", token=token), panel.CONTACT, token)


# --- answering (the candidate) ---------------------------------------------------------------------------------

def _candidate(application_id: int) -> Application:
    """The candidate's application (404 for strangers, 403 for the business)."""
    return access.application_or_404(application_id, current_user, Party.CANDIDATE)


def _answer(application: Application, name: str, form, call, done: str, side: str = panel.CANDIDATE,
            token: str | None = None, back: str | None = None):
    """Validate a panel form and call the service; on errors, the panel again with what was typed (422)."""
    back = back or url_for("candidate.application", application_id=application.id)
    if form.validate_on_submit():
        try:
            call()
        except Refused as error:
            add_service_errors(form, error.errors)
        except Conflict as error:
            if not isinstance(error, AlreadyMoved):  # posted twice: the first post did it
                flash(str(error), "error")
            return redirect(back + "#entretien")
        else:
            flash(done, "success")
            return redirect(back + "#entretien")
    return render_template("interviews/answer.html", application=application, back=back,
                           panel=panel.build(application, side, token, **{name: form})), 422


@bp.route("/candidatures/<int:application_id>/entretien/accepter", methods=["POST"])
@limited
@login_required
def accept(application_id: int):
    """The candidate keeps one slot: both sides get the invitation."""
    found = _candidate(application_id)
    form = AcceptForm(prefix="accept")
    current = interviews.current(found)
    form.slot.choices = [(slot.id, when(current, slot)) for slot in current.slots] if current else []
    return _answer(found, "accept", form,
                   lambda: interviews.accept(found, current_user._get_current_object(), form.slot.data),
                   "Entretien confirmé : l’invitation vous est envoyée par e-mail, ainsi qu’à l’entreprise.")


@bp.route("/candidatures/<int:application_id>/entretien/decliner", methods=["POST"])
@limited
@login_required
def decline(application_id: int):
    """The candidate declines the proposal."""
    found = _candidate(application_id)
    form = DeclineForm(prefix="decline")
    return _answer(found, "decline", form,
                   lambda: interviews.decline(found, current_user._get_current_object(), form.answer.data),
                   "Entretien décliné : l’entreprise est prévenue.")


@bp.route("/candidatures/<int:application_id>/entretien/autre-creneau", methods=["POST"])
@limited
@login_required
def counter(application_id: int):
    """The candidate asks for another slot."""
    found = _candidate(application_id)
    form = CounterForm(prefix="counter")
    return _answer(found, "counter", form,
                   lambda: interviews.counter(found, current_user._get_current_object(), form.answer.data),
                   "Votre demande est envoyée : l’entreprise vous proposera d’autres créneaux.")


# --- cancelling (either side) and the .ics downloads -----------------------------------------------------------

CANCELLED = "Entretien annulé : l’autre partie est prévenue."


@bp.route("/candidatures/<int:application_id>/entretien/annuler", methods=["POST"])
@limited
@login_required
def candidate_cancel(application_id: int):
    """The candidate cancels a confirmed interview."""
    found = _candidate(application_id)
    form = CancelForm(prefix="cancel")
    return _answer(found, "cancel", form,
                   lambda: interviews.cancel(found, current_user._get_current_object(), form.reason.data), CANCELLED)


@bp.route("/espace-artisan/candidatures/<int:application_id>/entretien/annuler", methods=["POST"])
@limited
@permission_required(Permission.MANAGE_BUSINESS)
def owner_cancel(application_id: int):
    """The artisan withdraws a proposal or cancels a confirmed interview."""
    found = access.application_or_404(application_id, current_user, Party.OWNER)
    form = CancelForm(prefix="cancel")
    return _answer(found, "cancel", form,
                   lambda: interviews.cancel(found, current_user._get_current_object(), form.reason.data), CANCELLED,
                   side=panel.OWNER, back=url_for("inbox.application", application_id=found.id))


@bp.route("/contact/<token>/entretien/annuler", methods=["POST"])
@limited
def contact_cancel(token: str):
    """The contact address cancels, as the business."""
    found, actor = _contact(token)
    form = CancelForm(prefix="cancel")
    return _answer(found, "cancel", form, lambda: interviews.cancel(found, actor, form.reason.data), CANCELLED,
                   side=panel.CONTACT, token=token, back=url_for("interviews.contact_propose", token=token))


@bp.route("/candidatures/<int:application_id>/entretien/<int:interview_id>.ics")
@login_required
def candidate_ics(application_id: int, interview_id: int):
    """The candidate's .ics of a confirmed interview."""
    found = _candidate(application_id)
    return _ics(interviews.interview_for(found, interview_id),
                external_url("candidate.application", application_id=found.id))


@bp.route("/espace-artisan/candidatures/<int:application_id>/entretien/<int:interview_id>.ics")
@permission_required(Permission.MANAGE_BUSINESS)
def owner_ics(application_id: int, interview_id: int):
    """The artisan's .ics of a confirmed interview."""
    found = access.application_or_404(application_id, current_user, Party.OWNER)
    return _ics(interviews.interview_for(found, interview_id),
                external_url("inbox.application", application_id=found.id))


@bp.route("/contact/<token>/entretien/<int:interview_id>.ics")
def contact_ics(token: str, interview_id: int):
    """The contact address's .ics (without the signed link inside: calendars get shared)."""
    found, _ = _contact(token)
    return _ics(interviews.interview_for(found, interview_id), None)
