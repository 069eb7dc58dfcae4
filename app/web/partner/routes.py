"""Views of the partner's pages: each parses a form, calls one service function, then renders or redirects."""
from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from app.core.errors import Refused
from app.extensions import limiter
from app.models import Permission
from app.models.application_states import InvalidMove, Party
from app.models.conversation import Side
from app.services import access
from app.services.access import visible_listing_or_404
from app.services.conversations import routing
from app.services.responses import interests
from app.web._shared.form_fields import add_service_errors
from app.web._shared.permissions import permission_required
from app.web.candidate.routes import user_key
from app.web.conversations.views import message_key, message_limit, thread_block
from app.web.partner import bp
from app.web.partner.forms import InterestForm


def _interest_limit() -> str:
    """The rate limit of proposals, read from the config at request time."""
    return current_app.config["RATELIMIT_INTEREST"]


@bp.route("/projets/<int:project_id>/proposer", methods=["GET", "POST"])
@limiter.limit(_interest_limit, methods=["POST"], key_func=user_key)
@permission_required(Permission.EXPRESS_INTEREST)
def express_interest(project_id: int):
    """Propose to take part in a published project."""
    project = visible_listing_or_404("project", project_id, current_user)
    form = InterestForm()
    if form.validate_on_submit():
        try:
            found = interests.express_interest(project, current_user._get_current_object(),
                                               message=form.message.data, contributions=form.contributions.data,
                                               contribution_text=form.contribution_text.data)
        except Refused as error:
            add_service_errors(form, error.errors)
        except InvalidMove as error:
            flash(str(error), "error")
            return redirect(url_for("partner.interests"))
        else:
            flash(f"Votre proposition pour « {project.title} » est envoyée {routing.sent_to(found)}.",
                  "success")
            return redirect(url_for("partner.interest", interest_id=found.id))
    existing = interests.existing_interest(project, current_user)
    return render_template("partner/interest_form.html", form=form, project=project, existing=existing), \
        422 if form.errors else 200


@bp.route("/propositions", endpoint="interests")
@permission_required(Permission.EXPRESS_INTEREST)
def interest_list():
    """« Mes propositions »: every proposal with where it stands."""
    return render_template("partner/interests.html", interests=interests.partner_interests(current_user))


@bp.route("/propositions/<int:interest_id>", methods=["GET", "POST"])
@limiter.limit(message_limit, methods=["POST"], key_func=message_key)
@login_required
def interest(interest_id: int):
    """One proposal as the partner sees it: the thread with the artisan; POST: a message."""
    found = access.interest_or_404(interest_id, current_user, Party.PARTNER)
    thread = thread_block(found, Side.APPLICANT, url_for("partner.interest", interest_id=found.id),
                          author=current_user._get_current_object())
    if thread.response:
        return thread.response
    return render_template("partner/interest.html", interest=found, **thread.context), thread.status
