"""Apprentice profiles: identity and age rules, place and travel radius, wishes, the CV kept on the profile."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from app.core.errors import NotAllowed, Refused
from app.core.text import refuse_control_characters
from app.core.time import utcnow
from app.core.transaction import use_case
from app.extensions import db
from app.files import cvs
from app.geo import communes_for_postcode, find_commune
from app.models.application import Application
from app.models.candidate import MAX_TRAVEL_KM, CandidateProfile, CvFile
from app.models.user import Permission
from app.reference.law import APPRENTICE_MIN_AGE_AFTER_TROISIEME
from app.reference.trades import Diploma, get_trade

MIN_AGE = APPRENTICE_MIN_AGE_AFTER_TROISIEME
MAJORITY_AGE = 18
MAX_AGE = 99
PRESENTATION_MAX = 2000


@dataclass(frozen=True)
class MinorRule:
    """Something a minor (15 to 17) must know before signing a contract, with its source."""

    text: str
    source: str


MINOR_RULES = (
    MinorRule("Votre contrat d’apprentissage doit être signé aussi par votre représentant légal (parent ou tuteur) : "
              "son autorisation est nécessaire.",
              "service-public.fr, fiche « Contrat d’apprentissage »"),
    MinorRule("Vous ne pouvez pas travailler plus de 8 heures par jour ni plus de 35 heures par semaine.",
              "Code du travail, art. L3162-1"),
    MinorRule("Le travail de nuit vous est interdit : entre 22 h et 6 h à 16 et 17 ans, entre 20 h et 6 h avant "
              "16 ans.", "Code du travail, art. L3163-1 et L3163-2"),
    MinorRule("Vous avez droit à un repos de 12 heures consécutives chaque nuit et à deux jours de repos consécutifs "
              "par semaine (14 heures de repos chaque nuit avant 16 ans).", "Code du travail, art. L3164-1 et L3164-2"),
)
MINOR_INFO_URL = "https://www.service-public.fr/particuliers/vosdroits/F2918"


def age_on(birth_date: date, today: date) -> int:
    """Age in whole years on `today`."""
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))


def get_profile(user) -> CandidateProfile | None:
    """The apprentice profile of a user, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(select(CandidateProfile).filter_by(user_id=user.id))


FIELD_LABELS = {"first_name": "Prénom", "last_name": "Nom", "presentation": "Présentation"}


def _text(value: str | None, field: str, label: str, maximum: int, required: bool = True) -> str:
    """A stripped text of bounded length."""
    value = (value or "").strip()
    if required and not value:
        raise Refused({field: f"Indiquez {label}."})
    if len(value) > maximum:
        raise Refused({field: f"{maximum} caractères au maximum."})
    refuse_control_characters(value, field, FIELD_LABELS[field], multi_line=field == "presentation")
    return value


def _birth_date(value: date | None, today: date) -> date:
    """A plausible birth date of someone at least 15."""
    if value is None:
        raise Refused({"birth_date": "Indiquez votre date de naissance."})
    age = age_on(value, today)
    if age < MIN_AGE:
        raise Refused({"birth_date": f"Il faut avoir au moins {MIN_AGE} ans pour commencer un apprentissage "
                                             "(15 ans si vous avez terminé la classe de troisième). Revenez nous "
                                             "voir un peu plus tard !"})
    if age > MAX_AGE:
        raise Refused({"birth_date": "Vérifiez votre date de naissance."})
    return value


def _clean(fields: dict, today: date) -> dict:
    """Validate the profile fields; raise Refused with a French message per field."""
    errors: dict[str, str] = {}
    values: dict = {}
    checks = {
        "first_name": lambda v: _text(v, "first_name", "votre prénom", 80),
        "last_name": lambda v: _text(v, "last_name", "votre nom", 80),
        "birth_date": lambda v: _birth_date(v, today),
        "presentation": lambda v: _text(v, "presentation", "", PRESENTATION_MAX, required=False),
    }
    for key, check in checks.items():
        try:
            values[key] = check(fields.get(key))
        except Refused as error:
            errors.update(error.errors)
    postcode = (fields.get("postcode") or "").strip()
    if not (postcode.isdigit() and len(postcode) == 5 and communes_for_postcode(postcode)):
        errors["postcode"] = f"Code postal inconnu : « {postcode} »." if postcode else "Indiquez votre code postal."
    else:
        commune = find_commune(postcode, None)
        values.update(postcode=postcode, commune_insee=commune.insee, commune_name=commune.name,
                      departement=commune.departement)
    radius = fields.get("travel_radius_km")
    if radius is None or isinstance(radius, bool) or not isinstance(radius, int) or not 0 <= radius <= MAX_TRAVEL_KM:
        errors["travel_radius_km"] = f"Indiquez une distance entre 0 et {MAX_TRAVEL_KM} km."
    else:
        values["travel_radius_km"] = radius
    trades = list(dict.fromkeys(t for t in fields.get("trades") or [] if t))
    unknown = [t for t in trades if get_trade(t) is None]
    if unknown:
        errors["trades"] = f"Métier inconnu : « {unknown[0]} »."
    values["trades"] = trades
    diploma = fields.get("diploma") or None
    if diploma is not None and Diploma.lookup(diploma) is None:
        errors["diploma"] = "Choisissez un diplôme de la liste."
    values["diploma"] = Diploma.lookup(diploma) if diploma else None
    available = fields.get("available_from")
    if available is not None and available < today:
        available = None  # a date in the past means « dès que possible »
    values["available_from"] = available
    if errors:
        raise Refused(errors)
    return values


def save_profile(user, *, cv_upload=None, remove_cv: bool = False, today: date | None = None,
                 **fields) -> CandidateProfile:
    """Create or update the user's profile, storing a new CV if given; raise Refused or UploadError."""
    if not user.can(Permission.APPLY):
        raise NotAllowed("Seuls les comptes « Jeune / apprenti » ont un profil de candidat.")
    values = _clean(fields, today or utcnow().date())
    profile = get_profile(user) or CandidateProfile(user_id=user.id)
    try:
        stored = cvs.save_cv(cv_upload) if cv_upload is not None else None
    except cvs.UploadError as error:
        raise Refused({"cv": str(error)}) from None
    previous = profile.cv
    with cvs.removed_on_error(stored):  # the new file goes if the profile is not committed
        _store_profile(profile, values, stored, remove_cv)
    if previous is not None and profile.cv is not previous:
        name = _forget_if_unused(previous)
        if name:
            cvs.retire_cv(name)  # the sweeper deletes it later: a backup running now may still copy it
    return profile


@use_case
def _store_profile(profile: CandidateProfile, values: dict, stored, remove_cv: bool) -> None:
    """Write the checked fields and the new (or removed) CV of a profile."""
    for key, value in values.items():
        setattr(profile, key, value)
    if stored is not None:
        profile.cv = CvFile(owner_id=profile.user_id, stored_name=stored.name, original_name=stored.original_name,
                            size=stored.size)
    elif remove_cv:
        profile.cv = None
    db.session.add(profile)


@use_case
def _forget_if_unused(cv: CvFile) -> str | None:
    """Delete a replaced CV's row unless an application still carries it; the name of the file to remove."""
    used = db.session.scalar(select(func.count(Application.id)).where(Application.cv_file_id == cv.id))
    if used:
        return None
    db.session.delete(cv)
    return cv.stored_name


def profile_cv(user) -> CvFile | None:
    """The CV on the user's profile, or None."""
    profile = get_profile(user)
    return profile.cv if profile else None
