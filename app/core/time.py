"""Time in UTC: the one clock of the app (timestamps are timezone-aware UTC, dates are UTC dates)."""
from datetime import date, datetime, timezone


def utcnow() -> datetime:
    """The current time as a timezone-aware UTC datetime."""
    return datetime.now(timezone.utc)


def today() -> date:
    """Today's date in UTC (not the server's local date), the date `utcnow()` falls on."""
    return utcnow().date()
