"""Views of the contact-link pages: the link is checked on every request; a forged, expired or outdated link, or a
business claimed since, shows a French page and changes nothing."""
import hashlib
import logging

from flask import abort, current_app, flash, redirect, render_template, request, url_for

from app.core import tokens
from app.core.errors import NotFound, Refused
from app.extensions import limiter
from app.files import cvs
from app.models.application import Application
from app.models.application_states import APPLICATION_MOVES, INTEREST_MOVES, InvalidMove
from app.models.conversation import Side
from app.services.conversations import contact_link, routing, threads
from app.services.responses.moves import AlreadyMoved
from app.web._shared.form_fields import add_service_errors
from app.web.contact import bp
from app.web.contact.forms import ContactStatusForm
from app.web.conversations.forms import MessageForm

log = logging.getLogger(__name__)
INTERVIEW_ENDPOINT = "interviews.contact_propose"


def token_key() -> str:
    """Rate-limit key: the link itself (hashed), so one leaked link cannot flood a thread."""
    token = (request.view_args or {}).get("token", "")
    return "contact:" + hashlib.sha256(token.encode()).hexdigest()[:32]


def _message_limit() -> str:
    """The rate limit of messages and status changes per link, read from the config at request time."""
    return current_app.config["RATELIMIT_MESSAGE"]


@bp.after_request
def no_referrer(response):
    """The token is in the URL: never send it to another site, never let a search engine keep the page."""
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(tokens.LinkError)
def link_error(error):
    """A link that cannot be used: claimed business, changed address, expired or forged (also the interview pages'
    answer for their contact links)."""
    if isinstance(error, routing.BusinessClaimed):
        return render_template("contact/claimed.html"), 409 if request.method == "POST" else 200
    reason = "expired" if isinstance(error, tokens.LinkExpired) else \
        "revoked" if isinstance(error, routing.LinkRevoked) else "invalid"
    return render_template("contact/link_invalid.html", reason=reason), 400


@bp.errorhandler(NotFound)
def link_not_found(error):
    """A genuine link whose application or proposal no longer exists (or was erased)."""
    return render_template("contact/link_invalid.html", reason="gone"), 404


def _page(token: str, subject, actor, form: MessageForm | None = None, status: int = 200):
    """The subject's page for its contact address."""
    service = contact_link.service_of(subject)
    listing = routing.listing_of(subject)
    has_interviews = isinstance(subject, Application) and INTERVIEW_ENDPOINT in current_app.view_functions
    claim_url = None
    if routing.CLAIM_ENDPOINT in current_app.view_functions:
        claim_url = url_for(routing.CLAIM_ENDPOINT, siret=listing.business.siret)
    entries = contact_link.timeline(subject)
    html = render_template("contact/subject.html", token=token, subject=subject, listing=listing,
                           is_application=isinstance(subject, Application),
                           moves=service.allowed_moves(subject, actor), has_interviews=has_interviews,
                           claim_url=claim_url,
                           thread_entries=entries, thread_viewer=Side.OWNER,
                           thread_post_url=url_for("contact.message", token=token),
                           thread_form=form or MessageForm(), thread_report_url=None,
                           thread_closed=threads.closed_text(subject))
    if status == 200:
        contact_link.mark_read(subject)
    return html, status


@bp.route("/contact/<token>")
def subject(token: str):
    """The application or proposal sent to the contact address, with the thread and the possible answers."""
    found, actor = contact_link.open_subject(token)
    return _page(token, found, actor)


@bp.route("/contact/<token>/cv")
def cv(token: str):
    """The CV sent with the application (never with a proposal)."""
    routing.open_contact_link(token)  # a link that cannot be used says why
    try:
        download = contact_link.cv_download(token)
    except NotFound:  # a proposal, or no CV (the link itself is fine)
        abort(404)
    log.info("cv_download by contact link %s", token_key())
    return cvs.cv_response(download.path, download.name)


@bp.route("/contact/<token>/message", methods=["POST"])
@limiter.limit(_message_limit, key_func=token_key)
def message(token: str):
    """Write in the thread as the business."""
    found, actor = routing.open_contact_link(token)
    form = MessageForm()
    if form.validate_on_submit():
        try:
            contact_link.post_message(token, form.body.data)
        except Refused as error:
            add_service_errors(form, error.errors)
        else:
            flash("Message envoyé.", "success")
            return redirect(url_for("contact.subject", token=token) + "#echanges")
    elif not form.errors.get("body"):
        form.body.errors = ["La page a expiré : envoyez de nouveau votre message."]
    return _page(token, found, actor, form, 422)


@bp.route("/contact/<token>/statut/<target>", methods=["GET", "POST"])
@limiter.limit(_message_limit, methods=["POST"], key_func=token_key)
def status(token: str, target: str):
    """Change the status with a pre-filled message the business can edit before sending."""
    found, actor = routing.open_contact_link(token)
    service = contact_link.service_of(found)
    moves = APPLICATION_MOVES if isinstance(found, Application) else INTEREST_MOVES
    move = next((m for m in service.allowed_moves(found, actor) if m.target.value == target), None)
    if move is None:
        known = next((m for m in moves.values() if m.target.value == target), None)
        if known is None:
            abort(404)
        flash(f"« {known.label} » n’est plus possible : le statut actuel est « {found.status.label} ».", "error")
        return redirect(url_for("contact.subject", token=token))
    back = url_for("contact.subject", token=token)
    other_side = "au candidat" if isinstance(found, Application) else "au partenaire"
    form = ContactStatusForm()
    if request.method == "GET":
        form.message.data = service.message_template(found, move.target)
    elif form.validate_on_submit():
        try:
            contact_link.change_status(token, move.target.value, form.message.data)
        except Refused as error:
            add_service_errors(form, error.errors)
        except InvalidMove as error:
            if not isinstance(error, AlreadyMoved):  # posted twice: the first post did it
                flash(str(error), "error")
            return redirect(back)
        else:
            flash(f"Statut changé : « {move.target.label} ». Votre message est envoyé {other_side}.", "success")
            return redirect(back)
    return render_template("contact/status.html", token=token, subject=found, listing=routing.listing_of(found),
                           move=move, form=form, back=back, other_side=other_side), 422 if form.errors else 200
