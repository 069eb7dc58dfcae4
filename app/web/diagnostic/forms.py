"""Forms of the diagnostic pages; the services check every value again and answer in French."""
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import Length

from app.services.diagnostics.requests import MAX_COMMENT, MAX_NEED, MAX_PHONE, MAX_TIMES, SATISFACTION


class ActionForm(FlaskForm):
    """A form whose fields the view reads itself (a part's answers, a button): the CSRF token."""


class RequestForm(FlaskForm):
    """« Demander un diagnostic personnalisé »."""

    need = TextAreaField("Votre besoin en quelques mots",
                         validators=[Length(max=MAX_NEED, message=f"{MAX_NEED} caractères au plus.")])
    contact_times = StringField("Quand vous joindre (facultatif)",
                                validators=[Length(max=MAX_TIMES, message=f"{MAX_TIMES} caractères au plus.")])
    phone = StringField("Téléphone", validators=[Length(max=MAX_PHONE, message=f"{MAX_PHONE} caractères au plus.")])


class SatisfactionForm(FlaskForm):
    """« Ce diagnostic vous a-t-il été utile ? »."""

    satisfaction = RadioField("Ce diagnostic vous a-t-il été utile ?", validate_choice=False,
                              choices=[(str(value), label) for value, label in SATISFACTION.items()])
    comment = TextAreaField("Un commentaire (facultatif)",
                            validators=[Length(max=MAX_COMMENT, message=f"{MAX_COMMENT} caractères au plus.")])
