"""What every form shares: fields with French messages, choices the services check, service errors shown."""
from flask import flash
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, IntegerField, SelectField, SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget, NumberInput

REQUIRED = "Ce champ est obligatoire."


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


class FrenchDateField(DateField):
    """A date field (browser date picker) with a French message."""

    def process_formdata(self, valuelist):
        """Parse the date, or explain the expected format."""
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Indiquez une date valide (jj/mm/aaaa).") from None


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes; the service refuses unknown values with a French message."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        """Leave the check of the values to the service."""


class UploadField(FileField):
    """A file input: its data is the uploaded file or None, never a value copied from the edited object."""

    def process_data(self, value):
        """Ignore `obj` data (a profile's `cv` attribute is a stored CvFile, not an upload)."""
        self.data = None


class ChoiceField(SelectField):
    """A select whose value the service checks (French messages instead of WTForms' English ones)."""

    def pre_validate(self, form):
        """Leave the check of the value to the service."""


def add_service_errors(form: FlaskForm, errors: dict[str, str], aliases: dict[str, str] | None = None,
                       flash_unmatched: bool = False) -> None:
    """Show each service error next to its field (service names mapped by `aliases`), else above the form."""
    for key, message in errors.items():
        name = (aliases or {}).get(key, key)
        if name and name in form._fields:
            form[name].errors = [*(form[name].errors or []), message]
        elif flash_unmatched:
            flash(message, "error")
        else:
            form.form_errors.append(message)
