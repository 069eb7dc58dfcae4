"""Forms of the artisan's inbox."""
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

REQUIRED = "Ce champ est obligatoire."


class StatusMessageForm(FlaskForm):
    """The message sent with a change of status (pre-filled, editable)."""

    message = TextAreaField("Message envoyé", validators=[DataRequired(REQUIRED), Length(max=5000)])


class NoteForm(FlaskForm):
    """A private note about an application."""

    body = TextAreaField("Ajouter une note privée", validators=[DataRequired(REQUIRED), Length(max=5000)])
