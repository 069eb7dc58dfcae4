"""The thread block of a conversation's page: its context, posting a message, marking it read."""
from dataclasses import dataclass, field

from flask import current_app, flash, redirect, request, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user
from werkzeug.wrappers import Response

from app.core.errors import Refused
from app.models.conversation import Side
from app.services.conversations import subjects, threads
from app.services.listings.form_tokens import AlreadyDone, once
from app.web._shared.form_fields import add_service_errors
from app.web.conversations.forms import MessageForm

POSTED = "Message envoyé."
ANCHOR = "#echanges"


def message_limit() -> str:
    """The rate limit of new messages (RATELIMIT_MESSAGE), read from the config at request time."""
    return current_app.config["RATELIMIT_MESSAGE"]


def message_key() -> str:
    """Rate-limit key of messages: the signed-in account, else the IP address."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"ip:{get_remote_address()}"


def report_url(message_id: int) -> str:
    """The page that reports one message to the chamber."""
    return url_for("conversations.report", message_id=message_id)


@dataclass
class ThreadBlock:
    """What a page needs to show its thread, or the redirect after a message was posted."""

    context: dict = field(default_factory=dict)
    response: Response | None = None
    status: int = 200


def thread_block(subject, side: Side, page_url: str, *, author=None, author_email: str | None = None,
                 reports: bool | None = None, read_only: bool = False, post=None) -> ThreadBlock:
    """Handle a POSTed message (redirect to the thread, or errors with the text kept), else show the thread read.

    The caller has loaded `subject` for the party `side` (app.services.access) before calling this. `post` is the
    use case that adds the message (threads.post by default), for subjects whose messages have side effects.
    """
    post = post or threads.post
    form = MessageForm()
    status = 200
    closed = threads.closed_text(subject)
    read_only = read_only or closed is not None
    if request.method == "POST" and closed:
        form.body.errors = [closed]
        status = 409
    elif request.method == "POST" and not read_only:
        if form.validate_on_submit():
            try:
                once(form.form_token.data, lambda: post(subject, side, form.body.data, author=author,
                                                        author_email=author_email))
            except Refused as error:
                add_service_errors(form, error.errors)
            except AlreadyDone:
                flash("Ce message était déjà envoyé : il n’apparaît qu’une fois.", "info")
                return ThreadBlock(response=redirect(page_url + ANCHOR))
            else:
                flash(POSTED, "success")
                return ThreadBlock(response=redirect(page_url + ANCHOR))
        elif not form.errors.get("body"):
            form.body.errors = ["La page a expiré : envoyez de nouveau votre message."]
        status = 422
    return ThreadBlock(status=status, context=thread_context(subject, side, page_url, form=form, reports=reports,
                                                             read_only=read_only))


def thread_context(subject, side: Side, page_url: str, *, form: MessageForm | None = None,
                   reports: bool | None = None, read_only: bool = False) -> dict:
    """The thread shown to `side`, its new lines marked then read; for pages that re-render after another form."""
    reports = subjects.kind_of(subject).reportable if reports is None else reports
    closed = threads.closed_text(subject)
    entries = threads.timeline(subject, side)
    threads.mark_read(subject, side)
    return {
        "thread_entries": entries, "thread_viewer": side, "thread_form": form or MessageForm(formdata=None),
        "thread_post_url": None if read_only or closed else page_url + ANCHOR,
        "thread_report_url": report_url if reports else None, "thread_closed": closed,
        "thread_hint": subjects.kind_of(subject).reader_hint(subject, side),
    }
