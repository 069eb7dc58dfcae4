"""The legal pages' details from the configuration: publisher, host, contact addresses, accessibility status."""
from dataclasses import dataclass
from datetime import date

from flask import current_app

from app.core.formatting import date_fr
from app.web.main import bp

# RGAA: « totalement conforme » when every criterion is met, « partiellement » from half of them, else « non ».
FULL_RATE = 100.0
PARTIAL_RATE = 50.0


@dataclass(frozen=True)
class AccessibilityStatus:
    """The conformity the statement declares, the statement's date and the audit behind it (if any)."""

    label: str
    statement_date: str
    audit_date: str
    audit_rate: float


def conformity(audit_date: str, audit_rate: float) -> str:
    """« non conforme » without an audit; with one, the RGAA level its share of met criteria reaches."""
    if not (audit_date or "").strip():
        return "non conforme"
    if audit_rate >= FULL_RATE:
        return "totalement conforme"
    return "partiellement conforme" if audit_rate >= PARTIAL_RATE else "non conforme"


def _date(text: str) -> str:
    """A configured YYYY-MM-DD date written the French way (empty when unset)."""
    text = (text or "").strip()
    return date_fr(date.fromisoformat(text)) if text else ""


def accessibility_status() -> AccessibilityStatus:
    """The accessibility statement's status from ACCESSIBILITY_STATEMENT_DATE, _AUDIT_DATE and _AUDIT_RATE."""
    config = current_app.config
    audit_date, rate = config["ACCESSIBILITY_AUDIT_DATE"], float(config["ACCESSIBILITY_AUDIT_RATE"] or 0)
    return AccessibilityStatus(label=conformity(audit_date, rate), statement_date=_date(config["ACCESSIBILITY_STATEMENT_DATE"]),
                               audit_date=_date(audit_date), audit_rate=rate)


@bp.app_context_processor
def legal_context() -> dict:
    """Every page's footer names the accessibility status; the legal pages read the other settings from `legal`."""
    config = current_app.config
    names = ("LEGAL_PUBLISHER_NAME", "LEGAL_PUBLISHER_ADDRESS", "LEGAL_PUBLICATION_DIRECTOR", "LEGAL_HOST_NAME",
             "LEGAL_HOST_ADDRESS", "LEGAL_HOST_PHONE", "CONTACT_EMAIL", "DPO_EMAIL", "ACCESSIBILITY_EMAIL")
    legal = {name.removeprefix("LEGAL_").lower(): config[name] for name in names}
    return {"legal": legal, "accessibility": accessibility_status()}
