"""Forms of the « Mes données » pages."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField
from wtforms.validators import DataRequired

MSG_REQUIRED = "Ce champ est obligatoire."


class DeleteAccountForm(FlaskForm):
    """Delete the account: the password again and an explicit confirmation."""

    password = PasswordField("Votre mot de passe actuel", validators=[DataRequired(MSG_REQUIRED)])
    confirm = BooleanField("Je comprends que la suppression de mon compte est définitive et ne peut pas être annulée",
                           validators=[DataRequired("Cochez la case pour confirmer la suppression.")])


class ActionForm(FlaskForm):
    """A button that only needs the CSRF token."""
