"""Forms of the artisan's space: business profile, offer, project; the services check the values again."""
from flask import request
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, StringField, TextAreaField, URLField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.validators import ValidationError as FieldError

from app.core.errors import Refused
from app.geo import communes_for_postcode, get_commune
from app.models.business import SOCIAL_NETWORKS
from app.reference.law import FULL_TIME_WEEKLY_HOURS
from app.reference.trades import (
    LEVEL_LABELS,
    TRADE_CHOICES,
    Commitment,
    Contract,
    Diploma,
    PartnerType,
    ProjectCategory,
    ProjectStage,
)
from app.services.businesses.profiles import clean_siret, clean_url
from app.services.listings.fields import MAX_QUESTIONS, clean_fields
from app.services.listings.form_tokens import new_token
from app.web._shared.form_fields import REQUIRED, CheckboxesField, ChoiceField, FrenchDateField, IntField, UploadField
from app.web._shared.form_fields import add_service_errors as shared_add_service_errors


def _blank(label: str, choices) -> list[tuple[str, str]]:
    """Choices with an empty first option."""
    return [("", label), *choices]


def _unix_newlines(value):
    """Browsers send CRLF: store LF so that re-saving an unchanged text is not a change."""
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


class BusinessForm(FlaskForm):
    """A business profile; the commune list follows the postcode."""

    siret = StringField("Numéro SIRET", validators=[DataRequired(REQUIRED)])
    name = StringField("Nom de l’entreprise", validators=[DataRequired(REQUIRED), Length(max=200)])
    trades = CheckboxesField("Métiers", choices=TRADE_CHOICES)
    naf_code = StringField("Code NAF (APE)", validators=[Optional(), Length(max=7)])
    address_line = StringField("Adresse", validators=[Optional(), Length(max=200)])
    postcode = StringField("Code postal", validators=[DataRequired(REQUIRED), Length(max=5)])
    commune = ChoiceField("Commune", choices=[])
    description = TextAreaField("Présentation de l’entreprise", validators=[Optional(), Length(max=5000)],
                                filters=[_unix_newlines])
    website = URLField("Site web", validators=[Optional()])
    logo = UploadField("Logo ou photo", max_setting="IMAGE_MAX_BYTES", what="Cette image")
    remove_logo = BooleanField("Supprimer le logo actuel")
    commitments = CheckboxesField("Engagements locaux et responsables", choices=Commitment.choices())

    def __init__(self, *args, obj=None, **kwargs):
        super().__init__(*args, obj=obj, **kwargs)
        if obj is not None:
            del self.siret  # a stable identifier: shown, never edited
            if not self.is_submitted():
                self.commune.data = obj.commune_insee
                for network, url in (obj.social_links or {}).items():
                    if f"social_{network}" in self:
                        self[f"social_{network}"].data = url
        self.fill_communes()

    def fill_communes(self) -> None:
        """Offer the communes of the typed postcode."""
        communes = communes_for_postcode((self.postcode.data or "").strip())
        self.commune.choices = _blank("— Choisissez la commune —", [(c.insee, c.name) for c in communes])
        if len(communes) == 1:
            self.commune.data = communes[0].insee

    def validate(self, extra_validators=None) -> bool:
        """Also run the service's checks of the SIRET and the web addresses, so that every error shows at once."""
        valid = super().validate(extra_validators)
        if not valid:
            names = ("website", *(f"social_{network}" for network in SOCIAL_NETWORKS))
            checks = {name: (lambda value, name=name: clean_url(value, name)) for name in names}
            if "siret" in self:
                checks["siret"] = clean_siret
            for name, check in checks.items():
                if not self[name].errors:
                    try:
                        check(self[name].data)
                    except Refused as error:
                        self[name].errors = list(error.errors.values())
        return valid

    def validate_commune(self, field) -> None:
        """Without JavaScript, a postcode shared by several communes needs a second look: ask to choose."""
        offered = [value for value, _ in field.choices if value]
        if len(offered) > 1 and field.data not in offered:
            raise FieldError(f"Plusieurs communes ont le code postal {self.postcode.data.strip()} : "
                             "choisissez la vôtre dans la liste.")

    @property
    def social_fields(self):
        """The social network fields, in display order."""
        return [self[f"social_{network}"] for network in SOCIAL_NETWORKS]

    def service_fields(self) -> dict:
        """The values for the business service."""
        commune = get_commune(self.commune.data)
        fields = {name: self[name].data for name in ("name", "trades", "naf_code", "address_line", "description",
                                                     "website", "commitments")}
        fields.update(postcode=(self.postcode.data or "").strip(), commune=commune.name if commune else None,
                      social_links={n: self[f"social_{n}"].data for n in SOCIAL_NETWORKS if self[f"social_{n}"].data})
        if "siret" in self:
            fields["siret"] = self.siret.data
        return fields


for _network, _label in SOCIAL_NETWORKS.items():
    setattr(BusinessForm, f"social_{_network}", URLField(f"Page {_label}", validators=[Optional()]))


class ListingForm(FlaskForm):
    """What offers and projects share; `wants_submit` says which button was pressed."""

    kind = ""

    title = StringField("Titre de l’annonce", validators=[DataRequired(REQUIRED), Length(max=200)])
    description = TextAreaField("Description", validators=[DataRequired(REQUIRED)], filters=[_unix_newlines])
    # One per form shown: the same form posted twice creates one listing (app/services/listings/form_tokens.py).
    form_token = HiddenField(default=new_token)

    def __init__(self, *args, obj=None, **kwargs):
        super().__init__(*args, obj=obj, **kwargs)
        self.edited = obj

    def validate(self, extra_validators=None) -> bool:
        """When a field is refused, also show what the service would refuse, so that every error shows at once."""
        valid = super().validate(extra_validators)
        if not valid:
            try:
                clean_fields(self.kind, self.service_fields(), current=self.edited)
            except Refused as error:
                add_missing_errors(self, error.errors)
        return valid

    @property
    def wants_submit(self) -> bool:
        """True when the artisan pressed « Envoyer en relecture »."""
        return request.form.get("action") == "submit"


class OfferForm(ListingForm):
    """An apprenticeship or professionalisation offer."""

    kind = "offer"
    trade = ChoiceField("Métier", choices=_blank("— Choisissez le métier —", TRADE_CHOICES),
                        validators=[DataRequired("Choisissez le métier.")])
    diploma = ChoiceField("Diplôme préparé", choices=_blank("— Choisissez le diplôme —", Diploma.choices()),
                          validators=[DataRequired("Choisissez le diplôme préparé.")])
    level = ChoiceField("Niveau", choices=_blank("Niveau habituel du diplôme",
                                                 [(str(k), v) for k, v in LEVEL_LABELS.items()]))
    contract = ChoiceField("Contrat", choices=Contract.choices(), default=Contract.APPRENTISSAGE.value)
    start_date = FrenchDateField("Date de début", validators=[Optional()])
    asap = BooleanField("Dès que possible")
    duration_months = IntField("Durée du contrat (mois)", validators=[Optional()])
    rhythm = StringField("Rythme école / entreprise", validators=[Optional(), Length(max=200)])
    weekly_hours = IntField("Heures par semaine", default=FULL_TIME_WEEKLY_HOURS, validators=[Optional()])
    positions = IntField("Nombre de postes", default=1, validators=[Optional()])
    disability_friendly = BooleanField("Ouverte aux personnes en situation de handicap (RQTH)")
    urgent = BooleanField("Recrutement urgent")
    question_1 = StringField("Question 1", validators=[Optional(), Length(max=300)])
    question_2 = StringField("Question 2", validators=[Optional(), Length(max=300)])
    question_3 = StringField("Question 3", validators=[Optional(), Length(max=300)])
    contact_email = StringField("Adresse de contact (jamais affichée)", validators=[Optional(), Length(max=254)])

    def validate(self, extra_validators=None) -> bool:
        """Also require a start date or « Dès que possible », but not both (the date field is optional alone)."""
        valid = super().validate(extra_validators)
        if not self.start_date.errors and bool(self.start_date.data) == bool(self.asap.data):
            self.start_date.errors.append("Indiquez une date ou cochez « Dès que possible », pas les deux."
                                          if self.asap.data else
                                          "Indiquez une date de début ou cochez « Dès que possible ».")
            valid = False
        return valid

    def fill_from(self, offer) -> None:
        """Fields that do not map one to one on the model."""
        self.asap.data = offer.start_date is None
        for i, question in enumerate((offer.questions or [])[:MAX_QUESTIONS], start=1):
            self[f"question_{i}"].data = question

    def service_fields(self) -> dict:
        """The values for the listing service."""
        fields = {name: self[name].data for name in (
            "title", "description", "trade", "diploma", "contract", "duration_months", "rhythm", "weekly_hours",
            "positions", "disability_friendly", "urgent", "contact_email")}
        fields["level"] = self.level.data or None
        fields["start_date"] = None if self.asap.data else self.start_date.data
        fields["questions"] = [self[f"question_{i}"].data for i in range(1, MAX_QUESTIONS + 1)
                               if (self[f"question_{i}"].data or "").strip()]
        return fields


class ProjectForm(ListingForm):
    """An innovation project looking for partners."""

    kind = "project"

    summary = StringField("Résumé en une phrase", validators=[Optional(), Length(max=300)])
    trade = ChoiceField("Métier concerné", choices=_blank("— Aucun en particulier —", TRADE_CHOICES))
    category = ChoiceField("Catégorie", choices=_blank("— Choisissez —", ProjectCategory.choices()))
    stage = ChoiceField("Stade du projet", choices=_blank("— Choisissez —", ProjectStage.choices()))
    partner_types = CheckboxesField("Partenaires recherchés", choices=PartnerType.choices())
    budget_min = IntField("Budget minimum (€)", validators=[Optional()])
    budget_max = IntField("Budget maximum (€)", validators=[Optional()])
    deadline = FrenchDateField("Échéance souhaitée", validators=[Optional()])
    location = StringField("Lieu", validators=[Optional(), Length(max=200)])
    contact_email = StringField("Adresse de contact (jamais affichée)", validators=[Optional(), Length(max=254)])

    def fill_from(self, project) -> None:
        """Nothing beyond the model's own fields."""

    def service_fields(self) -> dict:
        """The values for the listing service."""
        return {name: self[name].data for name in (
            "title", "summary", "description", "trade", "category", "stage", "partner_types", "budget_min",
            "budget_max", "deadline", "location", "contact_email")}


# Where the services' error keys are shown when the form names the field differently.
ERROR_FIELDS = {"questions": "question_1", "social_links": "website", "logo_path": "logo"}


def add_service_errors(form: FlaskForm, errors: dict[str, str]) -> None:
    """Show each service error next to its field (the service's names mapped to the form's)."""
    shared_add_service_errors(form, errors, aliases=ERROR_FIELDS)


def add_missing_errors(form: FlaskForm, errors: dict[str, str]) -> None:
    """Add the service's errors of the fields the form itself found nothing wrong with."""
    def already_refused(key: str) -> bool:
        name = ERROR_FIELDS.get(key, key)
        return name in form._fields and bool(form[name].errors)

    add_service_errors(form, {key: message for key, message in errors.items() if not already_refused(key)})