"""Account forms: sign-up, login, password reset and change."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, RadioField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, StopValidation, ValidationError

from app.models.user import SIGNUP_ROLES
from app.services.accounts.users import AccountError, password_problem, validate_email_address

MSG_REQUIRED = "Ce champ est obligatoire."
MSG_MISMATCH = "Les deux mots de passe ne sont pas identiques."


class RoleField(RadioField):
    """The account types a visitor may choose; anything else (staff, admin) is refused in French."""

    def pre_validate(self, form) -> None:
        """Accept only the offered choices."""
        if self.data not in {value for value, _label in self.choices}:
            raise StopValidation("Choisissez le type de compte parmi ceux proposés.")


def email_field(label: str = "Adresse électronique") -> EmailField:
    """A required e-mail field."""
    return EmailField(label, validators=[DataRequired(MSG_REQUIRED), Length(max=254, message="Adresse trop longue.")])


def new_password_fields(label: str = "Mot de passe") -> tuple[PasswordField, PasswordField]:
    """A new password and its confirmation."""
    return (PasswordField(label, validators=[DataRequired(MSG_REQUIRED)]),
            PasswordField("Confirmez le mot de passe",
                          validators=[DataRequired(MSG_REQUIRED), EqualTo("password", MSG_MISMATCH)]))


class PasswordPolicyMixin:
    """Checks the `password` field against the password policy."""

    def password_user_inputs(self) -> tuple[str, ...]:
        """Personal words the password must not be built from."""
        return ()

    def validate_password(self, field) -> None:
        """Refuse short, common or guessable passwords."""
        problem = password_problem(field.data or "", self.password_user_inputs())
        if problem:
            raise ValidationError(problem)


class SignupForm(PasswordPolicyMixin, FlaskForm):
    """Create an account: role, name, e-mail, password, acceptance of the conditions."""

    role = RoleField("Vous êtes", choices=[(role.value, role.label) for role in SIGNUP_ROLES])
    display_name = StringField("Nom affiché", validators=[
        DataRequired(MSG_REQUIRED), Length(max=120, message="120 caractères au maximum.")])
    email = email_field()
    password, password_confirm = new_password_fields()
    accept_terms = BooleanField("J’accepte les conditions d’utilisation et la politique de confidentialité",
                                validators=[DataRequired("Vous devez accepter les conditions pour créer un compte.")])

    def password_user_inputs(self) -> tuple[str, ...]:
        """The e-mail and name typed in this form."""
        return (self.email.data or "", self.display_name.data or "")

    def validate_email(self, field) -> None:
        """Check the address syntax (no DNS look-up)."""
        try:
            field.data = validate_email_address(field.data or "")
        except AccountError as error:
            raise ValidationError(str(error)) from error


class LoginForm(FlaskForm):
    """Sign in with e-mail and password."""

    email = email_field()
    password = PasswordField("Mot de passe", validators=[DataRequired(MSG_REQUIRED)])
    remember = BooleanField("Se souvenir de moi")


class ForgotPasswordForm(FlaskForm):
    """Ask for a password reset link."""

    email = email_field()


class ResetPasswordForm(PasswordPolicyMixin, FlaskForm):
    """Choose a new password from a reset link."""

    password, password_confirm = new_password_fields("Nouveau mot de passe")


class ChangePasswordForm(PasswordPolicyMixin, FlaskForm):
    """Change the password of the signed-in user."""

    current_password = PasswordField("Mot de passe actuel", validators=[DataRequired(MSG_REQUIRED)])
    password, password_confirm = new_password_fields("Nouveau mot de passe")


def add_error(form: FlaskForm, error: AccountError) -> None:
    """Show a service error next to its field, or at the top of the form."""
    if error.field and error.field in form:
        form[error.field].errors = [*form[error.field].errors, str(error)]
    else:
        form.form_errors.append(str(error))
