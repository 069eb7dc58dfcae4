"""Forms of the administration pages; the services check every value again."""
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, StringField
from wtforms.validators import DataRequired, Length

from app.services.moderation.review import chamber_choices
from app.web._shared.form_fields import ChoiceField

ROLE_CHOICES = [("staff", "Conseiller de chambre"), ("admin", "Administrateur")]


def _chambers(empty: str = "Choisir une chambre…") -> list[tuple[str, str]]:
    return [("", empty)] + chamber_choices()


class StaffForm(FlaskForm):
    """A new staff account: e-mail, name and chamber (the person chooses a password from the e-mail received)."""

    email = EmailField("Adresse électronique",
                       validators=[DataRequired("Indiquez l’adresse électronique du conseiller."), Length(max=254)])
    display_name = StringField("Nom affiché", validators=[Length(max=120)])
    chamber = ChoiceField("Chambre", choices=_chambers(),
                          validators=[DataRequired("Un conseiller doit être rattaché à une chambre.")])


class RoleForm(FlaskForm):
    """Change a staff member's role."""

    role = ChoiceField("Rôle", choices=ROLE_CHOICES)
    chamber = ChoiceField("Chambre (pour un conseiller)", choices=_chambers("Chambre actuelle"))


class ChamberForm(FlaskForm):
    """Attach a staff member to another chamber."""

    chamber = ChoiceField("Chambre", choices=_chambers())


class ActiveForm(FlaskForm):
    """Deactivate or reactivate an account."""

    active = HiddenField()


class MoveForm(FlaskForm):
    """The new address of a business."""

    address_line = StringField("Adresse", validators=[Length(max=200)])
    postcode = StringField("Code postal", validators=[Length(max=5)])
    commune = StringField("Commune", validators=[Length(max=120)])
