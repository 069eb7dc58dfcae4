"""Opening hours: parse what an artisan types per weekday, say them in French, tell whether a business is open now."""
import re
from datetime import date, datetime, time

from app.core.errors import Refused
from app.geo.zones import zone_for

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
SCHEMA_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MAX_RANGES = 3
_TIME = r"(\d{1,2})\s*(?:[h:.]\s*(\d{2})?)?"
_RANGE = re.compile(rf"^\s*{_TIME}\s*(?:-|–|—|à)\s*{_TIME}\s*$", re.IGNORECASE)
MSG_FORMAT = "Écrivez les horaires ainsi : 9h-12h30, 14h-19h (ou laissez vide si l’entreprise est fermée ce jour-là)."


def _hhmm(hours: str, minutes: str | None) -> str:
    """'09:30' from '9' and '30', refusing impossible times."""
    h, m = int(hours), int(minutes or 0)
    if h > 24 or m > 59 or (h == 24 and m):
        raise ValueError
    return f"{h:02d}:{m:02d}"


def parse_day(text: str | None, field: str) -> list[list[str]]:
    """The ranges of one day typed as « 9h-12h30, 14h-19h »; empty text means closed.

    :raise Refused: the text is not a list of ranges in order (message on `field`).
    """
    text = (text or "").strip()
    if not text or text.lower() in ("fermé", "ferme"):
        return []
    ranges = []
    for part in re.split(r"[,;/]|\bet\b", text):
        if not part.strip():
            continue
        match = _RANGE.match(part)
        try:
            if not match:
                raise ValueError
            opens, closes = _hhmm(match[1], match[2]), _hhmm(match[3], match[4])
        except ValueError:
            raise Refused(MSG_FORMAT, field) from None
        if closes <= opens or (ranges and opens < ranges[-1][1]):
            raise Refused("Chaque plage commence avant de finir, et les plages se suivent dans la journée.", field)
        ranges.append([opens, closes])
    if len(ranges) > MAX_RANGES:
        raise Refused(f"{MAX_RANGES} plages par jour au plus.", field)
    return ranges


def _say(hhmm: str) -> str:
    """'14:30' → '14 h 30', '09:00' → '9 h'."""
    h, m = hhmm.split(":")
    return f"{int(h)} h" + (f" {m}" if m != "00" else "")


def day_text(ranges: list[list[str]] | None) -> str:
    """One day's hours in French: « 9 h – 12 h 30, 14 h – 19 h » or « Fermé »."""
    return ", ".join(f"{_say(a)} – {_say(b)}" for a, b in ranges) if ranges else "Fermé"


def typed_day(ranges: list[list[str]] | None) -> str:
    """One day's hours as the form shows them back: « 9h-12h30, 14h-19h »."""
    return ", ".join(f"{a.replace(':', 'h')}-{b.replace(':', 'h')}".replace("h00", "h") for a, b in ranges or [])


def week(business) -> list[tuple[str, str]]:
    """(weekday, hours text) for the seven days, Monday first."""
    hours = business.opening_hours or {}
    return [(name, day_text(hours.get(str(i)))) for i, name in enumerate(WEEKDAYS)]


def closure_on(business, day: date):
    """The exceptional closure covering `day`, or None."""
    return next((closure for closure in business.closures if closure.covers(day)), None)


def is_open_at(business, moment: datetime) -> bool:
    """True when the business is open at `moment` on its territory's clock, exceptional closures included."""
    local = moment.astimezone(zone_for(business.departement))
    if not business.opening_hours or closure_on(business, local.date()):
        return False
    now = local.time().replace(second=0, microsecond=0)
    for opens, closes in business.opening_hours.get(str(local.weekday()), []):
        end = time(23, 59, 59) if closes == "24:00" else time.fromisoformat(closes)
        if time.fromisoformat(opens) <= now < end:
            return True
    return False


def has_hours(business) -> bool:
    """True when at least one weekday has opening hours."""
    return any(business.opening_hours.get(str(i)) for i in range(7)) if business.opening_hours else False


def opening_hours_specification(business) -> list[dict]:
    """schema.org OpeningHoursSpecification items: one per range, and one closed item per exceptional closure."""
    items = []
    for i, day in enumerate(SCHEMA_DAYS):
        for opens, closes in (business.opening_hours or {}).get(str(i), []):
            items.append({"@type": "OpeningHoursSpecification", "dayOfWeek": f"https://schema.org/{day}",
                          "opens": opens, "closes": "23:59" if closes == "24:00" else closes})
    for closure in business.closures:
        items.append({"@type": "OpeningHoursSpecification", "opens": "00:00", "closes": "00:00",
                      "validFrom": closure.starts_on.isoformat(), "validThrough": closure.ends_on.isoformat()})
    return items
