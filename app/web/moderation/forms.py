"""Forms of the moderation space; the services check every value again and answer in French."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from app.models.listing_states import ReviewReason
from app.reference.trades import Commitment
from app.web._shared.form_fields import CheckboxesField, ChoiceField, FrenchDateField
from app.web._shared.form_fields import add_service_errors as shared_add_service_errors


def add_service_errors(form: FlaskForm, errors: dict[str, str]) -> None:
    """Show a service's messages next to their fields, or as a flash message when no field matches."""
    shared_add_service_errors(form, errors, flash_unmatched=True)


def reason_choices() -> list[tuple[str, str]]:
    """The reviewer's reasons, with an empty first choice."""
    return [("", "Choisir un motif…")] + ReviewReason.choices()


class DecisionForm(FlaskForm):
    """A reviewer's decision on a listing, tied to the version of the listing shown on the page."""

    action = HiddenField()
    token = HiddenField()
    reason = ChoiceField("Motif", choices=reason_choices(), validators=[Optional()])
    message = TextAreaField("Message à l’artisan",
                            validators=[Length(max=5000, message="5 000 caractères au plus.")])


class ResolveForm(FlaskForm):
    """The decision on the open reports of a listing."""

    decision = RadioField("Décision", choices=[
        ("dismiss", "Classer sans suite (l’annonce est rétablie si seuls les signalements l’avaient masquée)"),
        ("uphold", "Retenir les signalements (l’annonce est suspendue)"),
    ], validate_choice=False)
    reason = ChoiceField("Motif de la suspension", choices=reason_choices(), validators=[Optional()])
    note = TextAreaField("Note", validators=[Length(max=5000, message="5 000 caractères au plus.")])


class VerifyForm(FlaskForm):
    """What the advisor checked to verify a business."""

    rm_number = StringField("Numéro d’immatriculation au Répertoire des métiers",
                            validators=[Length(max=30, message="30 caractères au plus.")])
    siret_checked = BooleanField("J’ai vérifié le SIRET auprès de l’INSEE (annuaire des entreprises)")


class HighlightForm(FlaskForm):
    """Put a business forward: the commitments checked and the end date."""

    commitments = CheckboxesField("Engagements vérifiés", choices=Commitment.choices())
    until = FrenchDateField("Fin de la mise en avant", validators=[Optional()])
    message = TextAreaField("Note (facultative)", validators=[Length(max=2000, message="2 000 caractères au plus.")])


class EndHighlightForm(FlaskForm):
    """Stop putting a business forward."""

    # Its own id: the highlight form above it on the same page has a `message` field too.
    message = TextAreaField("Note (facultative)", id="fin-message",
                            validators=[Length(max=2000, message="2 000 caractères au plus.")])
