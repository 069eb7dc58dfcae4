"""The pay simulator of an offer page: a GET form (no CSRF, nothing is changed)."""
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField
from wtforms.validators import InputRequired, NumberRange, ValidationError
from wtforms.widgets import NumberInput

MIN_AGE, MAX_AGE = 15, 99


class FrenchIntegerField(IntegerField):
    """An integer field with a French message."""

    widget = NumberInput(min=MIN_AGE, max=MAX_AGE)

    def process_formdata(self, valuelist):
        """Parse the typed age."""
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Indiquez un âge en années, par exemple 18.") from None


class PayForm(FlaskForm):
    """Age of the apprentice and column of the grid (contract year, or qualification)."""

    class Meta:
        csrf = False

    age = FrenchIntegerField("Âge de l’apprenti", validators=[
        InputRequired("Indiquez un âge."),
        NumberRange(MIN_AGE, MAX_AGE, f"L’âge doit être compris entre {MIN_AGE} et {MAX_AGE} ans.")])
    year = SelectField("Année de contrat", coerce=int, validate_choice=False, default=1)

    def __init__(self, columns: tuple[str, ...], *args, by_year: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not by_year:
            self.year.label.text = "Qualification"
        self.year.choices = [(i, label) for i, label in enumerate(columns, start=1)]

    def validate_year(self, field) -> None:
        """One of the grid's columns."""
        if field.data not in {value for value, _ in field.choices}:
            raise ValidationError("Choisissez une colonne de la grille.")
