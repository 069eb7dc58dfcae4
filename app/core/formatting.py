"""French formatting of dates, numbers and money for the templates."""
from datetime import date, datetime, timezone
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal
from markupsafe import Markup

from app.core.devices import device_fr
from app.core.text import has_control_characters, strip_control_characters
from app.core.typography import typographie

PARIS = ZoneInfo("Europe/Paris")
# Parsed once: Babel resolves a locale name on every call otherwise (a third of the time of a formatted number).
LOCALE = Locale.parse("fr_FR")


def _first_of_month(text: str, day: int, fmt: str) -> str:
    """« 1er septembre »: French writes the first day of a month as an ordinal."""
    return "1er" + text[1:] if day == 1 and fmt.startswith("d ") and text.startswith("1 ") else text


def date_fr(value: date | datetime | None, fmt: str = "d MMMM y") -> str:
    """Format a date the French way: 3 septembre 2027, 1er septembre 2027."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(PARIS).date() if value.tzinfo else value.date()
    return _first_of_month(format_date(value, fmt, locale=LOCALE), value.day, fmt)


def datetime_fr(value: datetime | None) -> str:
    """Format a moment in Paris time: 3 septembre 2027 à 14 h 05, à 6 h 30 (no leading zero; non-breaking spaces)."""
    if value is None:
        return ""
    fmt = "d MMMM y 'à' H'\u00a0h\u00a0'mm"
    moment = value.astimezone(PARIS)
    return _first_of_month(format_datetime(moment, fmt, locale=LOCALE), moment.day, fmt)


def moment_fr(value: datetime | None, zone: str | ZoneInfo | None = None, today: date | None = None) -> str:
    """A moment as French people say it, in the zone of the place (Paris by default): « mardi 8 décembre à 15 h »,
    « à 15 h 30 », « 1er mars », with the year when it is not this year's (``today`` in that zone decides)."""
    if value is None:
        return ""
    tz = ZoneInfo(zone) if isinstance(zone, str) else (zone or PARIS)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)  # the database's naive moments are UTC
    moment = value.astimezone(tz)
    this_year = (today or datetime.now(tz).date()).year
    fmt = "EEEE d MMMM" if moment.year == this_year else "EEEE d MMMM y"
    day = format_date(moment.date(), fmt, locale=LOCALE)
    if moment.day == 1:
        day = day.replace(" 1 ", " 1er ", 1)
    hour = f"{moment.hour}\u00a0h" + (f"\u00a0{moment.minute:02d}" if moment.minute else "")
    return f"{day} à {hour}"


def iso_datetime(value: datetime | None) -> str:
    """A moment for <time datetime>: ISO 8601 in UTC to the second (HTML allows at most three decimals)."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)  # the database's naive moments are UTC
    return value.astimezone(timezone.utc).isoformat(timespec="seconds")


def without_forbidden_characters(value: Any) -> Any:
    """Jinja's finalize: every value a template prints loses the characters HTML and XML forbid (controls,
    non-characters), so that nothing a visitor typed, in a query string or a form, makes a page invalid."""
    # isprintable() (C speed) is true for most values, and for none holding a control or a non-character.
    if isinstance(value, str) and not value.isprintable() and has_control_characters(value, multi_line=True):
        cleaned = strip_control_characters(value, multi_line=True, replacement=" ")
        return Markup(cleaned) if isinstance(value, Markup) else cleaned
    return value


def number_fr(value: float | int | None, digits: int = 0) -> str:
    """Format a number with French separators: 1 234,5."""
    if value is None:
        return ""
    return _number_fr(value, digits)


@lru_cache(maxsize=4096)
def _number_fr(value: float | int, digits: int) -> str:
    # Counts and distances repeat across a page and between pages: Babel's formatting is the cost.
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def euros(value: float | int | None) -> str:
    """Format an amount in euros: 1 234,56 €."""
    if value is None:
        return ""
    return _euros(value)


@lru_cache(maxsize=4096)
def _euros(value: float | int) -> str:
    # Pages show the same few amounts (the minimum wage grid, aids) many times: Babel's formatting is the cost.
    return format_currency(value, "EUR", locale=LOCALE)


def lifetime_fr(seconds: int | float) -> str:
    """A link's lifetime in seconds, in French words: « une heure », « 2 heures », « 30 minutes », « une minute »."""
    # Not Babel's format_timedelta: it rounds (90 minutes is « 2 heures ») and writes « 1 heure ».
    minutes = max(1, round(seconds / 60))
    count, unit = (minutes // 60, "heure") if minutes % 60 == 0 else (minutes, "minute")
    return f"une {unit}" if count == 1 else f"{number_fr(count)} {unit}s"


FILTERS = {"date_fr": date_fr, "datetime_fr": datetime_fr, "moment_fr": moment_fr, "iso_datetime": iso_datetime,
           "number_fr": number_fr,
           "euros": euros, "lifetime_fr": lifetime_fr,
           "typographie": typographie, "device_fr": device_fr}
