"""French formatting of dates, numbers and money for the templates."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal

PARIS = ZoneInfo("Europe/Paris")
# Parsed once: Babel resolves a locale name on every call otherwise (a third of the time of a formatted number).
LOCALE = Locale.parse("fr_FR")


def date_fr(value: date | datetime | None, fmt: str = "d MMMM y") -> str:
    """Format a date the French way: 3 septembre 2027."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(PARIS).date() if value.tzinfo else value.date()
    return format_date(value, fmt, locale=LOCALE)


def datetime_fr(value: datetime | None) -> str:
    """Format a moment in Paris time: 3 septembre 2027 à 14:05."""
    if value is None:
        return ""
    return format_datetime(value.astimezone(PARIS), "d MMMM y 'à' HH:mm", locale=LOCALE)


def number_fr(value: float | int | None, digits: int = 0) -> str:
    """Format a number with French separators: 1 234,5."""
    if value is None:
        return ""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def euros(value: float | int | None) -> str:
    """Format an amount in euros: 1 234,56 €."""
    if value is None:
        return ""
    return format_currency(value, "EUR", locale=LOCALE)


FILTERS = {"date_fr": date_fr, "datetime_fr": datetime_fr, "number_fr": number_fr, "euros": euros}
