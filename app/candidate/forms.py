"""Forms of the apprentice's pages; the services check every value again."""
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget, NumberInput

from app.trades import TRADE_CHOICES, Diploma

REQUIRED = "Ce champ est obligatoire."
CV_HINT = "Un fichier PDF de 5 Mo au maximum."


class FrenchDateField(DateField):
    """A date field (browser date picker) with a French message."""

    def process_formdata(self, valuelist):
        """Parse the date, or explain the expected format."""
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Indiquez une date valide (jj/mm/aaaa).") from None


class IntField(IntegerField):
    """An integer field with a French message for anything that is not a whole number."""

    widget = NumberInput()

    def process_formdata(self, valuelist):
        """Parse the typed number."""
        if valuelist and valuelist[0].strip():
            try:
                self.data = int(valuelist[0].strip())
            except ValueError:
                self.data = None
                raise ValueError("Indiquez un nombre entier.") from None
        else:
            self.data = None


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes; the service refuses unknown values in French."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        """Leave the check of the values to the service."""


class ChoiceField(SelectField):
    """A select whose value the service checks."""

    def pre_validate(self, form):
        """Leave the check of the value to the service."""


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
    cv = FileField("CV (PDF)")
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
    cv = FileField("Joindre un autre CV (PDF)")
    keep_cv = BooleanField("J’accepte que mon CV soit conservé jusqu’à 2 ans pour d’autres offres", default=False)

    def ask(self, questions: list[str] | None) -> list:
        """Label the answer fields with the offer's questions; return the fields to show."""
        fields = [self.answer_1, self.answer_2, self.answer_3][:len(questions or [])]
        for answer, question in zip(fields, questions or []):
            answer.label.text = question
        return fields

    def answers(self) -> list[str]:
        """The answers in the order of the questions."""
        return [self.answer_1.data or "", self.answer_2.data or "", self.answer_3.data or ""]


class ConfirmForm(FlaskForm):
    """A button that only needs the CSRF token."""


def add_service_errors(form: FlaskForm, errors: dict[str, str]) -> None:
    """Show each service error next to its field, or above the form."""
    for name, message in errors.items():
        if name in form._fields:
            form[name].errors = [*form[name].errors, message]
        else:
            form.form_errors.append(message)
