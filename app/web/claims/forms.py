"""Forms of the claim pages; the service checks every value again and answers in French."""
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import Length

from app.services.businesses.claims import MAX_EVIDENCE

EVIDENCE_LABEL = "Votre explication pour la chambre"


class ClaimForm(FlaskForm):
    """How the claimant proves the business is theirs: a code to a known address, or the chamber's check."""

    method = RadioField("Comment prouver que l’entreprise est la vôtre ?", validate_choice=False)
    address = RadioField("Adresse où recevoir le code", validate_choice=False)
    evidence = TextAreaField(EVIDENCE_LABEL, validators=[Length(max=MAX_EVIDENCE, message="Texte trop long.")])


class CodeForm(FlaskForm):
    """The code received by e-mail."""

    code = StringField("Code reçu par e-mail (6 chiffres)",
                       validators=[Length(max=40, message="Le code comporte 6 chiffres.")])


class EvidenceForm(FlaskForm):
    """Ask the chamber to check a claim instead of the code."""

    evidence = TextAreaField(EVIDENCE_LABEL, id="evidence-chambre",
                             validators=[Length(max=MAX_EVIDENCE, message="Texte trop long.")])


class ActionForm(FlaskForm):
    """A button only (new code, cancel): the CSRF token."""
