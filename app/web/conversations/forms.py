"""Forms of the conversation threads; app.services.conversations.threads checks every value again."""
from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import Length, Optional

from app.services.conversations.threads import MESSAGE_MAX
from app.services.listings.form_tokens import new_token

REPORT_COMMENT_MAX = 1000


class MessageForm(FlaskForm):
    """A new message in a thread (plain text)."""

    body = TextAreaField("Votre message", id="message-body",
                         render_kw={"maxlength": MESSAGE_MAX, "rows": 5})
    # One per form shown: the same message sent twice (double click, page sent again) is posted once.
    form_token = HiddenField(default=new_token)


class ReportMessageForm(FlaskForm):
    """Report a message to the chamber, with an optional word on why."""

    comment = TextAreaField("Pourquoi ce message pose-t-il problème ? (facultatif)", id="report-comment",
                            validators=[Optional(), Length(max=REPORT_COMMENT_MAX)],
                            render_kw={"maxlength": REPORT_COMMENT_MAX, "rows": 4})
