"""Forms of the contact-link pages (each carries its CSRF token like every form of the site)."""
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

REQUIRED = "Ce champ est obligatoire."


class ContactStatusForm(FlaskForm):
    """The message sent with a change of status (pre-filled, editable)."""

    message = TextAreaField("Message envoyé", validators=[DataRequired(REQUIRED), Length(max=5000)])
