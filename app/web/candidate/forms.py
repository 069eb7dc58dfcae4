"""Forms of the apprentice's pages; the services check every value again."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.reference.trades import TRADE_CHOICES, Diploma
from app.web._shared.form_fields import REQUIRED, CheckboxesField, ChoiceField, FrenchDateField, IntField, UploadField

CV_HINT = "Un fichier PDF de 5 Mo au maximum."
ANSWER_REQUIRED = "Répondez à cette question."










class ProfileForm(FlaskForm):
    """The apprentice profile."""

    first_name = StringField("Prénom", validators=[DataRequired(REQUIRED), Length(max=80)])
    last_name = StringField("Nom", validators=[DataRequired(REQUIRED), Length(max=80)])
    birth_date = FrenchDateField("Date de naissance", validators=[DataRequired(REQUIRED)])
    postcode = StringField("Code postal", validators=[DataRequired(REQUIRED), Length(max=5)])
    travel_radius_km = IntField("Distance que vous pouvez parcourir (en km)", default=20)
    trades = CheckboxesField("Métiers qui vous intéressent", choices=TRADE_CHOICES)
    diploma = ChoiceField("Diplôme visé", choices=[("", "Je ne sais pas encore"), *Diploma.choices()])
    available_from = FrenchDateField("Disponible à partir du", validators=[Optional()])
    presentation = TextAreaField("Présentez-vous en quelques lignes", validators=[Optional(), Length(max=2000)])
    cv = UploadField("CV (PDF)", max_setting="CV_MAX_BYTES")
    remove_cv = BooleanField("Retirer le CV de mon profil")

    def service_fields(self) -> dict:
        """The values the profile service expects."""
        return {name: getattr(self, name).data for name in (
            "first_name", "last_name", "birth_date", "postcode", "travel_radius_km", "trades", "diploma",
            "available_from", "presentation")}


class ApplyForm(FlaskForm):
    """An application: a message, answers to the offer's questions and, optionally, a new CV."""

    message = TextAreaField("Votre message à l’artisan", validators=[DataRequired(REQUIRED), Length(max=5000)])
    answer_1 = TextAreaField("Réponse 1", validators=[Optional(), Length(max=2000)])
    answer_2 = TextAreaField("Réponse 2", validators=[Optional(), Length(max=2000)])
    answer_3 = TextAreaField("Réponse 3", validators=[Optional(), Length(max=2000)])
    cv = UploadField("Joindre un autre CV (PDF)", max_setting="CV_MAX_BYTES")
    keep_cv = BooleanField("J’accepte que mon CV soit conservé jusqu’à 2 ans pour d’autres offres", default=False)

    def ask(self, questions: list[str] | None) -> list:
        """Label the answer fields with the offer's questions; return the fields to show."""
        fields = [self.answer_1, self.answer_2, self.answer_3][:len(questions or [])]
        for answer, question in zip(fields, questions or []):
            answer.label.text = question
            answer.validators = [DataRequired(ANSWER_REQUIRED), Length(max=2000)]
            answer.flags.required = True
        return fields

    def answers(self) -> list[str]:
        """The answers in the order of the questions."""
        return [self.answer_1.data or "", self.answer_2.data or "", self.answer_3.data or ""]


class ConfirmForm(FlaskForm):
    """A button that only needs the CSRF token."""

