"""Listing fields, each declared once (label, kinds, cleaner, substantive, reviewed), and their validation."""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from email_validator import EmailNotValidError, validate_email

from app.core.errors import Refused
from app.core.text import refuse_control_characters
from app.models.listing import Listing
from app.reference.law import (
    FULL_TIME_WEEKLY_HOURS,
    MAX_DURATION_MONTHS,
    MIN_DURATION_MONTHS,
    RQTH_MAX_DURATION_MONTHS,
    max_duration_months,
)
from app.reference.trades import (
    DIPLOMA_LEVELS,
    Contract,
    Diploma,
    PartnerType,
    ProjectCategory,
    ProjectStage,
    find_trade,
    get_trade,
)

MAX_QUESTIONS = 3

def _text(value, field: str, label: str, minimum: int = 0, maximum: int | None = None,
          multi_line: bool = False) -> str | None:
    """A stripped text without control characters, checked for length; None when empty and optional."""
    value = (value or "").strip() if isinstance(value, str) or value is None else None
    if value is None:
        raise Refused({field: f"{label} : texte attendu."})
    refuse_control_characters(value, field, label, multi_line)
    if minimum and len(value) < minimum:
        raise Refused({field: f"{label} : {minimum} caractères au moins."})
    if maximum and len(value) > maximum:
        raise Refused({field: f"{label} : {maximum} caractères au plus."})
    return value or None


def _integer(value, field: str, label: str, low: int | None = None, high: int | None = None) -> int | None:
    """An integer within bounds, or None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise Refused({field: f"{label} : nombre entier attendu."})
    try:
        number = int(value)
    except ValueError:
        raise Refused({field: f"{label} : nombre entier attendu."}) from None
    if (low is not None and number < low) or (high is not None and number > high):
        bounds = f"entre {low} et {high}" if high is not None else f"au moins {low}"
        raise Refused({field: f"{label} : {bounds}."})
    return number


def _date(value, field: str, label: str) -> date | None:
    """A date (or ISO string), or None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise Refused({field: f"{label} : date attendue au format AAAA-MM-JJ."}) from None


def _choice(value, field: str, label: str, enum_class):
    """A member of a LabelledEnum (by value or label, ignoring case and accents), or None when empty."""
    if value is None or value == "":
        return None
    member = enum_class.lookup(str(value))
    if member is None:
        raise Refused({field: f"{label} : valeur inconnue « {value} »."})
    return member


def _slugs(values, field: str, label: str, enum_class) -> list[str]:
    """A deduplicated list of enum values."""
    if isinstance(values, str) or not isinstance(values, list | tuple | set | type(None)):
        raise Refused({field: f"{label} : liste attendue."})
    return list(dict.fromkeys(_choice(v, field, label, enum_class).value for v in values or [] if v))


def _flag(value, field: str, label: str) -> bool:
    """A yes/no value (None means no)."""
    if value is None:
        return False
    if not isinstance(value, bool):
        raise Refused({field: f"{label} : oui ou non attendu."})
    return value


def _trade(value, field: str, label: str) -> str | None:
    """A trade code (given as code or label)."""
    if value is None or value == "":
        return None
    trade = get_trade(value) or find_trade(str(value))
    if trade is None:
        raise Refused({field: f"{label} inconnu : « {value} »."})
    return trade.code


def _questions(values, field: str, label: str) -> list[str]:
    """Up to three non-empty questions for applicants."""
    if values is None:
        return []
    if isinstance(values, str) or not isinstance(values, list | tuple):
        raise Refused({field: f"{label} : liste attendue."})
    questions = [q.strip() for q in values if isinstance(q, str) and q.strip()]
    for question in questions:
        refuse_control_characters(question, field, label)
    if len(questions) > MAX_QUESTIONS:
        raise Refused({field: f"Posez {MAX_QUESTIONS} questions au plus."})
    if any(len(q) > 300 for q in questions):
        raise Refused({field: "Chaque question tient en 300 caractères au plus."})
    return questions


def _email(value, field: str, label: str) -> str | None:
    """A syntactically valid e-mail address, or None when empty."""
    if not value:
        return None
    try:
        return validate_email(str(value).strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        raise Refused({field: "Adresse électronique de contact invalide."}) from None


OFFER, PROJECT = frozenset({"offer"}), frozenset({"project"})
BOTH = OFFER | PROJECT


@dataclass(frozen=True)
class ListingField:
    """One field of a listing: who has it, how it is checked, what changing it means, how it is shown."""

    name: str
    label: str                               # in error messages and on the review page
    kinds: frozenset[str]                    # "offer", "project"
    cleaner: Callable                        # cleaner(value, name, label, *args) -> clean value, or Refused
    args: tuple = ()
    substantive: bool = True                 # changing it on a published listing sends it back to review
    reviewed: bool = True                    # kept in the audit snapshot and shown to reviewers
    labelled: bool = False                   # reviewers see the French labels of its vocabulary (args[0])
    review_label: str | None = None          # where the review page words it differently
    public: bool = True                      # in the public API (CONTRACT.md)

    @property
    def is_list(self) -> bool:
        """True when the field holds a list (never null once cleaned)."""
        return self.cleaner in (_questions, _slugs)

    def clean(self, value):
        """The checked value, or Refused with this field's French message."""
        return self.cleaner(value, self.name, self.label, *self.args)


F = ListingField
LISTING_FIELDS: tuple[ListingField, ...] = (
    F("title", "Titre", BOTH, _text, (5, 200)),
    F("description", "Description", BOTH, _text, (30, None, True)),
    F("trade", "Métier", BOTH, _trade),
    F("diploma", "Diplôme", OFFER, _choice, (Diploma,)),
    F("level", "Niveau", OFFER, _integer, (3, 7)),
    F("contract", "Contrat", OFFER, _choice, (Contract,), labelled=True),
    F("start_date", "Date de début", OFFER, _date),
    F("duration_months", "Durée (mois)", OFFER, _integer, (MIN_DURATION_MONTHS, RQTH_MAX_DURATION_MONTHS)),
    F("rhythm", "Rythme", OFFER, _text, (0, 200)),
    F("weekly_hours", "Heures par semaine", OFFER, _integer, (1, 48)),
    F("positions", "Nombre de postes", OFFER, _integer, (1, 999), substantive=False),
    F("disability_friendly", "Ouverte aux personnes en situation de handicap (RQTH)", OFFER, _flag,
      substantive=False),
    F("urgent", "Urgent", OFFER, _flag, substantive=False),
    F("questions", "Questions", OFFER, _questions),
    F("contact_email", "Adresse de contact", BOTH, _email, substantive=False, reviewed=False, public=False),
    F("summary", "Résumé", PROJECT, _text, (0, 300)),
    F("category", "Catégorie", PROJECT, _choice, (ProjectCategory,), labelled=True),
    F("stage", "Stade", PROJECT, _choice, (ProjectStage,), labelled=True),
    F("partner_types", "Type de partenaire", PROJECT, _slugs, (PartnerType,), labelled=True,
      review_label="Partenaires recherchés"),
    F("budget_min", "Budget minimum", PROJECT, _integer, (0, 100_000_000)),
    F("budget_max", "Budget maximum", PROJECT, _integer, (0, 100_000_000)),
    F("deadline", "Échéance", PROJECT, _date),
    F("location", "Lieu", PROJECT, _text, (0, 200)),
)
BY_NAME = {f.name: f for f in LISTING_FIELDS}
FIELDS = {kind: tuple(f.name for f in LISTING_FIELDS if kind in f.kinds) for kind in ("offer", "project")}
SUBSTANTIVE_FIELDS = frozenset(f.name for f in LISTING_FIELDS if f.substantive)
REVIEWED_FIELDS = tuple(f.name for f in LISTING_FIELDS if f.reviewed)
REVIEW_LABELS = {f.name: f.review_label or f.label for f in LISTING_FIELDS}
VOCABULARIES = {f.name: f.args[0] for f in LISTING_FIELDS if f.labelled}
PUBLIC_FIELDS = {kind: tuple(f for f in LISTING_FIELDS if kind in f.kinds and f.public) for kind in ("offer", "project")}



def _work_time_errors(offer: dict, changed: set[str], errors: dict) -> dict[str, str]:
    """Apprenticeship is full time and lasts 36 months at most, except for an offer adapted to RQTH (48, part time)."""
    found: dict[str, str] = {}
    rqth = bool(offer.get("disability_friendly"))
    apprenticeship = offer.get("contract") in (None, Contract.APPRENTISSAGE, Contract.APPRENTISSAGE.value)
    hours, months = offer.get("weekly_hours"), offer.get("duration_months")
    if not changed & {"weekly_hours", "duration_months", "disability_friendly", "contract"}:
        return found  # an unrelated edit of an older offer is not refused for them
    short = hours is not None and hours < FULL_TIME_WEEKLY_HOURS
    if apprenticeship and not rqth and short and "weekly_hours" not in errors:
        found["weekly_hours"] = (f"Un apprenti travaille à temps plein ({FULL_TIME_WEEKLY_HOURS} heures par semaine) : "
                                 "moins d’heures n’est possible que pour une offre adaptée aux personnes en situation "
                                 "de handicap (RQTH), à cocher plus bas.")
    if months is not None and months > max_duration_months(rqth and apprenticeship) and "duration_months" not in errors:
        found["duration_months"] = (f"Durée (mois) : {MAX_DURATION_MONTHS} mois au plus ; jusqu’à "
                                    f"{RQTH_MAX_DURATION_MONTHS} mois pour un contrat d’apprentissage adapté aux "
                                    "personnes en situation de handicap (RQTH).")
    return found

def clean_fields(kind: str, fields: dict, current: Listing | None = None, require_diploma: bool = True) -> dict:
    """Validate listing fields of one kind; raise Refused mapping each bad field to a French message."""
    unknown = set(fields) - set(FIELDS[kind])
    if unknown:
        raise TypeError(f"unknown {kind} fields: {sorted(unknown)}")
    errors: dict[str, str] = {}
    values: dict = {}
    for key, value in fields.items():
        try:
            values[key] = BY_NAME[key].clean(value)
        except Refused as error:
            errors.update(error.errors)
    merged = {key: getattr(current, key, None) for key in FIELDS[kind]} if current else {}
    merged.update(values)
    for key, label in (("title", "le titre"), ("description", "la description")):
        if key not in errors and not merged.get(key):
            errors[key] = f"Indiquez {label}."
    if kind == "offer":
        if "trade" not in errors and not merged.get("trade"):
            errors["trade"] = "Choisissez le métier."
        if "diploma" in errors or "level" in errors:
            pass
        elif not merged.get("diploma"):
            if require_diploma:  # the import (CONTRACT.md) may leave it out
                errors["diploma"] = "Choisissez le diplôme préparé."
        else:
            allowed = DIPLOMA_LEVELS[merged["diploma"]]
            if merged.get("level") is None or ("level" not in values and merged["level"] not in allowed):
                values["level"] = allowed[0]
            elif merged["level"] not in allowed:
                errors["level"] = f"Niveau possible pour ce diplôme : {', '.join(map(str, allowed))}."
        if merged.get("contract") is None:
            values["contract"] = Contract.APPRENTISSAGE
        errors.update(_work_time_errors({**merged, **values}, set(values), errors))
        if current is None and merged.get("positions") is None:
            values["positions"] = 1
    if kind == "project" and not {"budget_min", "budget_max"} & set(errors):
        low, high = merged.get("budget_min"), merged.get("budget_max")
        if low is not None and high is not None and low > high:
            errors["budget_max"] = "Le budget maximum doit être supérieur ou égal au budget minimum."
    if errors:
        raise Refused(errors)
    return values
