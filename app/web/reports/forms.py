"""The report form; the service checks the values again."""
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.validators import Length

from app.models.moderation import ReportReason


class ReportForm(FlaskForm):
    """Why the visitor reports the listing."""

    reason = RadioField("Pourquoi signalez-vous cette annonce ?", choices=ReportReason.choices(), validate_choice=False)
    comment = TextAreaField("Précisions", validators=[Length(max=2000, message="2 000 caractères au plus.")])
