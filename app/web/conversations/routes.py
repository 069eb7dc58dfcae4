"""Views of the conversations: reporting a message to the chamber; the unread count of the navigation."""
from flask import current_app, flash, g, redirect, render_template, url_for
from flask_login import current_user, login_required

from app.core.errors import Conflict, Refused
from app.extensions import limiter
from app.models.conversation import Side
from app.services.conversations import message_reports, subjects, threads
from app.web._shared.form_fields import add_service_errors
from app.web.conversations import bp
from app.web.conversations.forms import ReportMessageForm
from app.web.conversations.views import message_key


@bp.app_context_processor
def unread_messages() -> dict:
    """The signed-in user's unread messages, counted once per request, for the counter in the nav; and per
    subject, for the lists (one query per list)."""
    def count(kind: str | None = None) -> int:
        if kind is not None:
            return threads.unread_count(current_user, kind)
        if "unread_messages" not in g:
            g.unread_messages = threads.unread_count(current_user)
        return g.unread_messages

    def per_subject(subjects, side: str) -> dict[int, int]:
        return threads.unread_by_subject(subjects, Side(side))

    return {"unread_messages": count, "unread_by_subject": per_subject}


def _report_limit() -> str:
    """The rate limit of message reports (RATELIMIT_MESSAGE_REPORT), read from the config at request time."""
    return current_app.config["RATELIMIT_MESSAGE_REPORT"]


def _thread_page(message, side: Side) -> str:
    """The page where the reporter reads the thread of `message`."""
    subject = subjects.subject_of(message.thread)
    endpoint, values = subjects.kind_of(subject).page(subject, side)
    return url_for(endpoint, **values)


@bp.route("/messages/<int:message_id>/signaler", methods=["GET", "POST"])
@limiter.limit(_report_limit, methods=["POST"], key_func=message_key)
@login_required
def report(message_id: int):
    """Report a message of the other side to the chamber: GET asks first (and for a word on why), POST reports."""
    message, side = message_reports.reportable_or_404(message_id, current_user)
    back = _thread_page(message, side)
    form = ReportMessageForm()
    if form.validate_on_submit():
        try:
            message_reports.report(message.id, current_user._get_current_object(), form.comment.data)
        except Refused as error:
            add_service_errors(form, error.errors)
        except Conflict as error:
            flash(str(error), "info")
            return redirect(f"{back}#message-{message_id}")
        else:
            flash("Message signalé. La chambre le lira, lui seul, et décidera de le masquer ou non.", "success")
            return redirect(f"{back}#message-{message_id}")
    subject = subjects.subject_of(message.thread)
    return render_template("conversations/report.html", message=message, form=form, back=back,
                           title=subjects.kind_of(subject).title(subject)), \
        422 if form.errors else 200
