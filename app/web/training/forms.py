"""Forms of the training pages: the training profile, a spontaneous application, the finder."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from app.reference.trades import TRADE_CHOICES, Diploma
from app.web._shared.form_fields import CheckboxesField, ChoiceField, FrenchDateField, IntField

DIPLOMA_CHOICES = [(d.value, d.value) for d in Diploma]
RADIUS_CHOICES = [("10", "10 km"), ("20", "20 km"), ("30", "30 km"), ("50", "50 km"), ("100", "100 km")]


class TrainingProfileForm(FlaskForm):
    """What a business that welcomes apprentices says to young people."""

    trades = CheckboxesField("Métiers enseignés", choices=list(TRADE_CHOICES))
    diplomas = CheckboxesField("Diplômes préparés", choices=DIPLOMA_CHOICES)
    mentor_first_name = StringField("Prénom du maître d’apprentissage", validators=[Length(max=80)])
    mentor_role = StringField("Son rôle dans l’entreprise", validators=[Optional(), Length(max=120)])
    start_from = FrenchDateField("Début possible à partir du", validators=[Optional()])
    places = IntField("Nombre de places", default=1, validators=[Optional()])
    accepting = BooleanField("Recevoir des candidatures spontanées", default=True)


class SpontaneousForm(FlaskForm):
    """A spontaneous application: trade, diploma, start, message (the CV comes from the profile)."""

    trade = ChoiceField("Métier souhaité", choices=[("", "— Choisissez le métier —")] + list(TRADE_CHOICES))
    diploma = ChoiceField("Diplôme souhaité", choices=[("", "— Choisissez le diplôme —")] + DIPLOMA_CHOICES)
    start_from = FrenchDateField("Date de début souhaitée (facultative)", validators=[Optional()])
    message = TextAreaField("Votre message à l’artisan", validators=[Length(max=3000)])


class ActionForm(FlaskForm):
    """A button that only needs its CSRF token (status change, star, verification)."""


class FinderForm(FlaskForm):
    """Training businesses around a place: a GET form without CSRF token, shareable."""

    class Meta:
        """A search form: no CSRF token in the URL."""

        csrf = False

    metier = ChoiceField("Métier", choices=[("", "Tous les métiers")] + list(TRADE_CHOICES))
    diplome = ChoiceField("Diplôme", choices=[("", "Tous les diplômes")] + DIPLOMA_CHOICES)
    lieu = StringField("Autour de", validators=[Length(max=100)])
    rayon = ChoiceField("Distance", choices=RADIUS_CHOICES, default="30")
