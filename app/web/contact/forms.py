"""Forms of the contact-link pages (each carries its CSRF token like every form of the site)."""
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from app.services.conversations.threads import MESSAGE_MAX

REQUIRED = "Ce champ est obligatoire."


class ContactMessageForm(FlaskForm):
    """A message written in the thread by the business."""

    body = TextAreaField("Votre message", validators=[DataRequired("Le message est vide."),
                                                      Length(max=MESSAGE_MAX)])


class ContactStatusForm(FlaskForm):
    """The message sent with a change of status (pre-filled, editable)."""

    message = TextAreaField("Message envoyé", validators=[DataRequired(REQUIRED), Length(max=5000)])
