"""Forms of the interview pages; the service checks every value again."""
from datetime import datetime

from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField, TimeField
from wtforms.validators import DataRequired, Length, Optional

from app.models.interview import InterviewMode
from app.services.conversations.interview_checks import (
    ANSWER_MAX,
    DEFAULT_DURATION,
    DURATIONS,
    NOTE_MAX,
    PLACE_MAX,
    SLOTS_MAX,
)
from app.web._shared.form_fields import REQUIRED, ChoiceField, FrenchDateField

ROWS = range(1, SLOTS_MAX + 1)


def at_most(limit: int) -> Length:
    """A length check with its French message."""
    return Length(max=limit, message=f"{limit} caractères au maximum.")


class FrenchTimeField(TimeField):
    """A time field (browser time picker) with a French message; seconds, when a browser sends them, are dropped."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format=["%H:%M", "%H:%M:%S"], **kwargs)

    def process_formdata(self, valuelist):
        """Parse the time, or explain the expected format."""
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Indiquez une heure valide (hh:mm).") from None


class SlotChoiceField(RadioField):
    """The radio list of the proposed slots (ids); anything else gets a French message, the service checks again."""

    def process_formdata(self, valuelist):
        """Read the slot id, or explain what to do."""
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError("Choisissez l’un des créneaux proposés.") from None


class ProposeForm(FlaskForm):
    """Up to five slots (a date and a time each, no JavaScript needed), the mode, place, duration and a note."""

    mode = RadioField("Où a lieu l’entretien ?", choices=InterviewMode.choices(), default=InterviewMode.ON_SITE.value,
                      validators=[DataRequired("Choisissez où a lieu l’entretien.")], validate_choice=False)
    place = StringField("Adresse, lien de visioconférence ou numéro de téléphone", validators=[at_most(PLACE_MAX)])
    duration = ChoiceField("Durée", choices=[(str(minutes), f"{minutes} min") for minutes in DURATIONS],
                           default=str(DEFAULT_DURATION))
    note = TextAreaField("Message au candidat (facultatif)", validators=[at_most(NOTE_MAX)])

    def rows(self) -> list[tuple]:
        """(number, date field, time field) of each slot row."""
        return [(n, self[f"slot{n}_date"], self[f"slot{n}_time"]) for n in ROWS]

    def wall_times(self) -> list[datetime | None]:
        """One local date and time per row (None for an empty row); a half-filled row gets a message."""
        walls, complete = [], True
        for _, day, time in self.rows():
            if day.data and time.data:
                walls.append(datetime.combine(day.data, time.data))
                continue
            walls.append(None)
            if day.data and not time.data and not time.errors:
                time.errors = [*(time.errors or []), "Indiquez aussi l’heure de ce créneau."]
                complete = False
            elif time.data and not day.data and not day.errors:
                day.errors = [*(day.errors or []), "Indiquez aussi la date de ce créneau."]
                complete = False
        return walls if complete else []

    def service_errors(self) -> dict[str, str]:
        """How the service's error keys map to the fields (slot_n: its date)."""
        return {"slots": "slot1_date", **{f"slot_{n}": f"slot{n}_date" for n in ROWS}}


for _n in ROWS:
    setattr(ProposeForm, f"slot{_n}_date", FrenchDateField(f"Créneau {_n} : date", validators=[Optional()]))
    setattr(ProposeForm, f"slot{_n}_time", FrenchTimeField(f"Créneau {_n} : heure", validators=[Optional()]))


class AcceptForm(FlaskForm):
    """The slot the candidate keeps (choices: the proposal's slots)."""

    slot = SlotChoiceField("Choisissez un créneau", coerce=int, validate_choice=False,
                           validators=[DataRequired("Choisissez l’un des créneaux proposés.")])


class DeclineForm(FlaskForm):
    """An optional word to the business when declining."""

    answer = TextAreaField("Un mot pour l’entreprise (facultatif)", validators=[at_most(ANSWER_MAX)])


class CounterForm(FlaskForm):
    """When the candidate is free instead."""

    answer = TextAreaField("Vos disponibilités", validators=[DataRequired(REQUIRED), at_most(ANSWER_MAX)])


class CancelForm(FlaskForm):
    """An optional reason given to the other side."""

    reason = TextAreaField("Un mot pour l’autre partie (facultatif)", validators=[at_most(ANSWER_MAX)])
