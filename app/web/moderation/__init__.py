"""Chamber moderation space (/moderation): review queue, decisions, reports, businesses, dashboard, exports."""
from datetime import date

from flask import Blueprint

from app.core.formatting import date_fr
from app.geo import get_chamber
from app.models.listing_states import ReviewReason
from app.services.moderation.chamber_dashboard import bar_class, duration_fr

bp = Blueprint("moderation", __name__, url_prefix="/moderation")


def reason_label(value: str | None) -> str:
    """French label of a reviewer's reason code."""
    reason = ReviewReason.lookup(value or "")
    return reason.label if reason else (value or "")


def date_iso_fr(value: str | None) -> str:
    """An ISO date string (as stored in the audit log) in French."""
    try:
        return date_fr(date.fromisoformat(value)) if value else ""
    except ValueError:
        return value


def chamber_name(code: str | None) -> str:
    """Name of a chamber from its code."""
    chamber = get_chamber(code)
    return chamber.name if chamber else (code or "")


bp.add_app_template_filter(duration_fr, "duration_fr")
bp.add_app_template_filter(chamber_name, "chamber_name")
bp.add_app_template_filter(date_iso_fr, "date_iso_fr")
bp.add_app_template_global(bar_class, "bar_class")
bp.add_app_template_global(reason_label, "reason_label")
