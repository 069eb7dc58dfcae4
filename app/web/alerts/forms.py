"""The form that saves a search as an e-mail alert."""
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, RadioField
from wtforms.validators import DataRequired, Length

from app.models.saved_search import AlertFrequency

MSG_REQUIRED = "Indiquez l’adresse électronique qui recevra les alertes."


class AlertForm(FlaskForm):
    """E-mail address and frequency; the search itself travels as a hidden query string."""

    query = HiddenField()
    email = EmailField("Adresse électronique", validators=[DataRequired(MSG_REQUIRED),
                                                           Length(max=254, message="Adresse trop longue.")])
    frequency = RadioField("Fréquence", choices=AlertFrequency.choices(), default=AlertFrequency.DAILY.value,
                           validate_choice=False)
