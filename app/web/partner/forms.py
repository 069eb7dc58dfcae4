"""Forms of the partner's pages; the service checks every value again."""
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.models.application_states import Contribution
from app.web._shared.form_fields import CheckboxesField

REQUIRED = "Ce champ est obligatoire."


class InterestForm(FlaskForm):
    """A proposal: a message, what the partner brings (types and details)."""

    message = TextAreaField("Votre message à l’artisan", validators=[DataRequired(REQUIRED), Length(max=5000)])
    contributions = CheckboxesField("Ce que vous apportez", choices=Contribution.choices(),
                                    validators=[DataRequired("Choisissez au moins un apport.")])
    contribution_text = TextAreaField("Précisez votre apport", validators=[Optional(), Length(max=5000)])
