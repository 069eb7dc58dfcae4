"""The simulator's GET form (no CSRF, nothing changes): the apprentice, the contract, the employer's business."""
import re
from datetime import date

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Optional, ValidationError
from wtforms.widgets import NumberInput, TextInput

from app.reference.aid import LARGE_BUSINESS, MAX_LEVEL, MIN_LEVEL

MIN_AGE, MAX_AGE = 15, 99
MIN_MONTHS, MAX_MONTHS, MAX_MONTHS_RQTH = 6, 36, 48
# The SMIC data starts in 2019 (the current pay grid too); contracts far in the future are not simulated.
FIRST_START, LAST_START = date(2019, 1, 1), date(2035, 12, 31)
LEVELS = [(3, "Niveau 3 : CAP, CTM"), (4, "Niveau 4 : BP, bac pro, BTM, BMA"),
          (5, "Niveau 5 : BTS, BTMS, BM"), (6, "Niveau 6 : licence, bachelor"), (7, "Niveau 7 : master, ingénieur")]
PERCENT = re.compile(r"[0-9]{1,3}([.,][0-9]{1,2})?")


def _typed(field) -> bool:
    """True when something was typed in the field."""
    return bool(field.raw_data and field.raw_data[0].strip())


class FrenchIntegerField(IntegerField):
    """A whole number with a French message when it is not one."""

    def __init__(self, *args, message: str, low: int | None = None, high: int | None = None, **kwargs):
        super().__init__(*args, widget=NumberInput(min=low, max=high), **kwargs)
        self.parse_message = message

    def process_formdata(self, valuelist):
        """Parse the typed number (empty: None, the form's validators decide)."""
        if valuelist and not valuelist[0].strip():
            self.data = None
            return
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(self.parse_message) from None

    def __call__(self, **kwargs):
        """A number input; a text input to give back what was typed when it is not a number (still valid HTML)."""
        if self.process_errors:
            return TextInput()(self, inputmode="numeric", **kwargs)
        return super().__call__(**kwargs)


class FrenchDateField(DateField):
    """A date (the browser's date picker sends AAAA-MM-JJ) with a French message."""

    def process_formdata(self, valuelist):
        """Parse the date."""
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Indiquez une date, par exemple 2027-09-01.") from None

    def __call__(self, **kwargs):
        """A date input; a text input to give back what was typed when it is not a date (still valid HTML)."""
        if self.process_errors:
            return TextInput()(self, **kwargs)
        return super().__call__(**kwargs)


class CostForm(FlaskForm):
    """Age or birth date, diploma level, contract start and length; the business for the employer's view."""

    class Meta:
        csrf = False

    age = FrenchIntegerField("Âge de l’apprenti au début du contrat", low=MIN_AGE, high=MAX_AGE,
                             message="Indiquez un âge en années, par exemple 17.")
    birth_date = FrenchDateField("ou sa date de naissance", validators=[Optional()])
    level = SelectField("Diplôme préparé", coerce=int, choices=LEVELS, default=3, validate_choice=False)
    start = FrenchDateField("Début du contrat", validators=[InputRequired("Indiquez la date de début du contrat.")])
    months = FrenchIntegerField("Durée du contrat, en mois", low=MIN_MONTHS, high=MAX_MONTHS_RQTH, default=24,
                                message="Indiquez une durée en mois, par exemple 24.",
                                validators=[InputRequired("Indiquez la durée du contrat en mois.")])
    rqth = BooleanField("Apprenti reconnu travailleur handicapé (RQTH)")
    mayotte = BooleanField("Entreprise à Mayotte (SMIC de Mayotte)")
    employees = FrenchIntegerField("Effectif de l’entreprise (salariés)", low=0,
                                   message="Indiquez un nombre de salariés, par exemple 3.")
    alternance_ratio = StringField(f"Part d’alternants dans l’effectif, en % (à partir de {LARGE_BUSINESS} salariés)",
                                   validators=[Optional()])
    signed_on = FrenchDateField("Date de signature, si elle précède le début", validators=[Optional()])

    def __init__(self, *args, employer: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.employer = employer
        if not employer:
            self.age.label.text = "Ton âge au début du contrat"
            self.birth_date.label.text = "ou ta date de naissance"
            self.rqth.label.text = "Reconnaissance de la qualité de travailleur handicapé (RQTH)"
            self.mayotte.label.text = "Entreprise à Mayotte"

    def validate_age(self, field) -> None:
        """An age from 15 to 99, or a birth date."""
        if field.errors:
            return
        if field.data is None and not _typed(self.birth_date):
            raise ValidationError("Indiquez un âge ou une date de naissance.")
        if field.data is not None and not MIN_AGE <= field.data <= MAX_AGE:
            raise ValidationError(f"L’âge doit être compris entre {MIN_AGE} et {MAX_AGE} ans.")

    def validate_level(self, field) -> None:
        """One of the levels 3 to 7."""
        if not MIN_LEVEL <= (field.data or 0) <= MAX_LEVEL:
            raise ValidationError("Choisissez un niveau de diplôme.")

    def validate_start(self, field) -> None:
        """A start within the SMIC data and a reasonable horizon."""
        if field.data and not FIRST_START <= field.data <= LAST_START:
            raise ValidationError(f"Choisissez une date de début entre {FIRST_START.year} et {LAST_START.year}.")

    def validate_months(self, field) -> None:
        """6 to 36 months, 48 with RQTH."""
        high = MAX_MONTHS_RQTH if self.rqth.data else MAX_MONTHS
        if not field.errors and field.data is not None and not MIN_MONTHS <= field.data <= high:
            raise ValidationError(f"La durée va de {MIN_MONTHS} à {high} mois"
                                  + ("." if self.rqth.data else f" ({MAX_MONTHS_RQTH} avec une RQTH)."))

    def validate_birth_date(self, field) -> None:
        """A birth date making the apprentice 15 to 99 at the start."""
        if field.data and self.start.data:
            years = self.start.data.year - field.data.year - (
                (self.start.data.month, self.start.data.day) < (field.data.month, field.data.day))
            if not MIN_AGE <= years <= MAX_AGE:
                raise ValidationError(f"Au début du contrat, l’apprenti doit avoir de {MIN_AGE} à {MAX_AGE} ans.")

    def validate_employees(self, field) -> None:
        """The employer's view needs the business size, 0 or more."""
        if field.errors:
            return
        if self.employer and field.data is None:
            raise ValidationError("Indiquez l’effectif de l’entreprise.")
        if field.data is not None and field.data < 0:
            raise ValidationError("L’effectif ne peut être négatif.")

    def validate_alternance_ratio(self, field) -> None:
        """A percentage from 0 to 100, with a decimal comma or point."""
        if field.data and (not PERCENT.fullmatch(field.data.strip()) or self.ratio > 100):
            raise ValidationError("Indiquez un pourcentage de 0 à 100, par exemple 5 ou 5,5.")

    @property
    def ratio(self) -> float | None:
        """The typed share of work-study contracts, or None."""
        text = (self.alternance_ratio.data or "").strip().replace(",", ".")
        return float(text) if PERCENT.fullmatch(text) else None
