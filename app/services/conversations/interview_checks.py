"""The checks of what an interview proposal or answer holds: slots in the territory's zone, place, free texts."""
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from app.core.errors import Refused
from app.core.text import has_control_characters
from app.models.interview import InterviewMode

SLOTS_MAX = 5
DURATIONS = (30, 45, 60, 90, 120)
DEFAULT_DURATION = 45
PLACE_MAX = 300
NOTE_MAX = 2000
ANSWER_MAX = 2000
HORIZON = timedelta(days=365)  # slots further away than this are a typing mistake
PHONE_CHARACTERS = set("0123456789 +.-()")


def to_utc(wall: datetime, zone: str) -> datetime | None:
    """The UTC moment of a local wall time; None for a time the clocks skip (the spring change to summer time).

    A time the clocks pass twice (the autumn change) is its first occurrence, summer time.
    """
    tz = ZoneInfo(zone)
    local = wall.replace(tzinfo=tz, fold=0)
    try:
        moment = local.astimezone(timezone.utc)
        if moment.astimezone(tz).replace(tzinfo=None) != wall.replace(tzinfo=None):
            return None
    except OverflowError:  # year 1 or 9999 typed in a date field: outside what a slot can be
        return None
    return moment


def clean_slots(walls: list[datetime], zone: str, now: datetime) -> list[datetime]:
    """1 to SLOTS_MAX distinct future moments in UTC, in order (None: an empty row); Refused with a message per
    row (slot_1, slot_2...)."""
    if not any(wall is not None for wall in walls):
        raise Refused({"slots": "Proposez au moins un créneau (date et heure)."})
    if sum(wall is not None for wall in walls) > SLOTS_MAX:
        raise Refused({"slots": f"{SLOTS_MAX} créneaux au maximum."})
    errors, moments = {}, []
    for index, wall in enumerate(walls, start=1):
        if wall is None:
            continue
        moment = to_utc(wall, zone)
        if not now.year - 1 <= wall.year <= now.year + 1:
            errors[f"slot_{index}"] = "Vérifiez l’année de ce créneau."
        elif moment is None:
            errors[f"slot_{index}"] = ("Cette heure n’existe pas ce jour-là (changement d’heure) : "
                                       "choisissez-en une autre.")
        elif moment <= now:
            errors[f"slot_{index}"] = "Ce créneau est déjà passé : choisissez une date et une heure à venir."
        elif moment > now + HORIZON:
            errors[f"slot_{index}"] = "Ce créneau est à plus d’un an : vérifiez l’année."
        elif moment in moments:
            errors[f"slot_{index}"] = "Ce créneau est déjà proposé plus haut."
        else:
            moments.append(moment)
    if errors:
        raise Refused(errors)
    return sorted(moments)


def https_link(value: str) -> bool:
    """True for an https:// address with a host name (a video meeting link)."""
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    host = parts.hostname or ""
    return parts.scheme == "https" and "." in host and not any(c.isspace() for c in value) and "@" not in parts.netloc


def clean_place(mode: InterviewMode, place: str) -> str:
    """The address (on site), the https link (video) or an optional phone number (phone), checked."""
    place = " ".join((place or "").split())
    if len(place) > PLACE_MAX:
        raise Refused({"place": f"{PLACE_MAX} caractères au maximum."})
    if mode == InterviewMode.ON_SITE and not place:
        raise Refused({"place": "Indiquez l’adresse du rendez-vous."})
    if mode == InterviewMode.VIDEO and not https_link(place):
        raise Refused({"place": "Indiquez le lien de la visioconférence, une adresse qui commence par https://."})
    if mode == InterviewMode.PHONE and place and (not set(place) <= PHONE_CHARACTERS
                                                  or sum(c.isdigit() for c in place) < 6):
        raise Refused({"place": "Indiquez un numéro de téléphone (chiffres, espaces, + et points), ou laissez vide."})
    return place


def clean_text(value: str | None, field: str, limit: int, required: str | None = None) -> str:
    """A free text: stripped, at most `limit` characters, no control characters, required when a message is given."""
    value = (value or "").strip()
    if required and not value:
        raise Refused({field: required})
    if len(value) > limit:
        raise Refused({field: f"{limit} caractères au maximum."})
    if has_control_characters(value, multi_line=True):
        raise Refused({field: "Ce texte contient des caractères invisibles non autorisés."})
    return value
