"""What every form shares: fields with French messages, choices the services check, service errors shown."""
from flask import current_app, flash
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, IntegerField, SelectField, SelectMultipleField
from wtforms.validators import ValidationError
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


MEGABYTE = 1024 * 1024


def megabytes(size: int) -> str:
    """A size in megabytes, French style: « 6,2 »."""
    return f"{size / MEGABYTE:.1f}".replace(".", ",").removesuffix(",0")


class UploadField(FileField):
    """A file input: its data is the uploaded file or None, never a value copied from the edited object.

    With `max_setting` (a config name), a bigger file is refused next to the field, the rest of the form kept,
    and the input carries the limit (data-max-bytes) for the browser's own check (upload-size.js).
    """

    def __init__(self, label=None, validators=None, max_setting: str | None = None, what: str = "Ce fichier",
                 **kwargs):
        super().__init__(label, validators, **kwargs)
        self.max_setting = max_setting
        self.what = what

    @property
    def max_bytes(self) -> int | None:
        """The size limit in bytes, or None."""
        return int(current_app.config[self.max_setting]) if self.max_setting else None

    def __call__(self, **kwargs):
        if self.max_bytes:
            kwargs.setdefault("data-max-bytes", self.max_bytes)
        return super().__call__(**kwargs)

    def process_data(self, value):
        """Ignore `obj` data (a profile's `cv` attribute is a stored CvFile, not an upload)."""
        self.data = None

    def pre_validate(self, form):
        """Refuse a file over the size limit before anything reads it."""
        limit = self.max_bytes
        if not limit or not getattr(self.data, "stream", None):
            return
        stream = self.data.stream
        stream.seek(0, 2)
        size = stream.tell()
        stream.seek(0)
        if size > limit:
            raise ValidationError(f"{self.what} est trop lourd{'e' if self.what.startswith('Cette') else ''} "
                                  f"({megabytes(size)} Mo) : {megabytes(limit)} Mo au maximum.")


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
