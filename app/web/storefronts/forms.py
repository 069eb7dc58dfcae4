"""Forms of the storefront pages; the services check every value again."""
from flask_wtf import FlaskForm
from wtforms import EmailField, StringField, TextAreaField, URLField
from wtforms.validators import Optional

from app.reference.labels import marks_for
from app.services.storefronts.hours import WEEKDAYS, typed_day
from app.web._shared.form_fields import ChoiceField, FrenchDateField, UploadField


class StorefrontForm(FlaskForm):
    """Public phone, offerings, areas served, links and the hours of each weekday."""

    public_phone = StringField("Téléphone affiché sur la page", validators=[Optional()])
    offerings = TextAreaField("Produits et services proposés (un par ligne)", validators=[Optional()])
    areas_served = TextAreaField("Zone d’intervention (communes, départements, distance)", validators=[Optional()])
    shop_url = URLField("Boutique en ligne", validators=[Optional()])
    booking_url = URLField("Réservation ou prise de rendez-vous en ligne", validators=[Optional()])
    reviews_url = URLField("Avis de vos clients", validators=[Optional()])

    def __init__(self, *args, obj=None, **kwargs):
        super().__init__(*args, obj=obj, **kwargs)
        if obj is not None and not self.is_submitted():
            for i in range(7):
                self[f"hours_{i}"].data = typed_day((obj.opening_hours or {}).get(str(i)))

    @property
    def day_fields(self):
        """The seven hours fields, Monday first."""
        return [self[f"hours_{i}"] for i in range(7)]

    def service_fields(self) -> dict:
        """The values for the storefront service."""
        names = ("public_phone", "offerings", "areas_served", "shop_url", "booking_url", "reviews_url",
                 *(f"hours_{i}" for i in range(7)))
        return {name: self[name].data for name in names}


for _i, _day in enumerate(WEEKDAYS):
    setattr(StorefrontForm, f"hours_{_i}", StringField(_day.capitalize(), validators=[Optional()]))


class PhotoForm(FlaskForm):
    """One photo and its text alternative."""

    photo = UploadField("Photo (JPEG, PNG ou WebP)", max_setting="IMAGE_MAX_BYTES", what="Cette image")
    alt = StringField("Ce que montre la photo (pour les personnes qui ne la voient pas)")


class ClosureForm(FlaskForm):
    """An exceptional closure."""

    starts_on = FrenchDateField("Premier jour de fermeture", validators=[Optional()])
    ends_on = FrenchDateField("Dernier jour de fermeture (vide : un seul jour)", validators=[Optional()])
    reason = StringField("Motif affiché (facultatif)", validators=[Optional()])


class ActionForm(FlaskForm):
    """A button that only carries the CSRF token."""


class LabelForm(FlaskForm):
    """Declare a label or commitment with its proof."""

    code = ChoiceField("Label ou engagement", choices=[])
    proof = UploadField("Justificatif (PDF ou photo)", max_setting="CV_MAX_BYTES", what="Ce fichier")

    def __init__(self, business, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.code.choices = [("", "— Choisissez —"), *((m.code, m.name) for m in marks_for(business.trades))]


class VerifyForm(FlaskForm):
    """Staff verify a mark until a date."""

    expires_on = FrenchDateField("Vérifié jusqu’au", validators=[Optional()])


class RefuseForm(FlaskForm):
    """Staff refuse a mark, saying why."""

    reason = TextAreaField("Motif du refus (envoyé à l’entreprise)", validators=[Optional()])


class ContactForm(FlaskForm):
    """A visitor's message to a business."""

    name = StringField("Votre nom")
    email = EmailField("Votre adresse électronique (pour la réponse)")
    message = TextAreaField("Votre message (sans lien)")
