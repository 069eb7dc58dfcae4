"""Diagnostic figures of a territory for the chamber dashboard (no names), and their CSV export."""
import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from app.core.csvfile import excel_csv
from app.core.formatting import date_fr, number_fr
from app.core.time import utcnow
from app.core.transaction import use_case
from app.extensions import db
from app.models.business import Business
from app.models.diagnostic import Assessment, DiagnosticRequest, Outcome, RequestStatus
from app.reference.diagnostic import questionnaire, score
from app.services.access import chambers_of, territory
from app.services.moderation import audit

WEEKS = 12
PARIS = ZoneInfo("Europe/Paris")
CHART_HEIGHT = 100  # SVG units of the tallest bar
CHART_TOP = 10  # room above the tallest bar for its count
BAR_STEP = 20  # SVG units from one week's bar to the next


@dataclass(frozen=True)
class WeekBar:
    """One week of the chart: its Monday, its count and the bar's geometry in SVG units."""

    monday: datetime
    count: int
    x: int
    height: int

    @property
    def y(self) -> int:
        """Top of the bar."""
        return CHART_TOP + CHART_HEIGHT - self.height


def _monday(moment: datetime) -> datetime:
    local = moment.astimezone(PARIS)
    day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return day - timedelta(days=day.weekday())


def _requests(departements) -> list[DiagnosticRequest]:
    query = select(DiagnosticRequest)
    if departements is not None:
        query = query.where(DiagnosticRequest.departement.in_(departements))
    return list(db.session.scalars(query))


def _average_levels(departements) -> list[tuple[str, float | None, int]]:
    """Per part: the mean level (1 to 3) of each business's latest finished assessment, and how many businesses."""
    query = select(Assessment).join(Assessment.business).where(Assessment.completed_at.is_not(None))
    if departements is not None:
        query = query.where(Business.departement.in_(departements))
    latest: dict[int, Assessment] = {}
    for assessment in db.session.scalars(query.order_by(Assessment.completed_at, Assessment.id)):
        latest[assessment.business_id] = assessment
    levels: list[list[int]] = [[] for _ in questionnaire().parts]
    for assessment in latest.values():
        for index, result in enumerate(score(assessment.answers or {})):
            if result.level is not None:
                levels[index].append(result.level.level)
    return [(part.title, statistics.mean(found) if found else None, len(found))
            for part, found in zip(questionnaire().parts, levels)]


def figures(user, chamber_code: str | None = None, now: datetime | None = None) -> dict:
    """Requests by week, median time to first contact, statuses, outcomes, satisfaction and levels by part."""
    departements = territory(user, chamber_code)
    now = now or utcnow()
    requests = _requests(departements)
    this_week = _monday(now)
    mondays = [this_week - timedelta(weeks=n) for n in range(WEEKS - 1, -1, -1)]
    counts = {monday: 0 for monday in mondays}
    for request in requests:
        week = _monday(request.created_at)
        if week in counts:
            counts[week] += 1
    top = max(counts.values(), default=0)
    bars = [WeekBar(monday, counts[monday], index * BAR_STEP,
                    round(CHART_HEIGHT * counts[monday] / top) if top else 0) for index, monday in enumerate(mondays)]
    delays = [r.first_contact_at - r.created_at for r in requests if r.first_contact_at is not None]
    answers = [r.satisfaction for r in requests if r.satisfaction is not None]
    return {
        "total": len(requests),
        "open": sum(1 for r in requests if r.is_open),
        "weeks": bars, "weeks_max": top,
        "first_contact_median": statistics.median(delays) if delays else None,
        "first_contact_count": len(delays),
        "by_status": [(status, sum(1 for r in requests if r.status == status)) for status in RequestStatus],
        "outcomes": [(outcome, sum(1 for r in requests if r.outcome == outcome)) for outcome in Outcome],
        "satisfaction_mean": statistics.mean(answers) if answers else None,
        "satisfaction_count": len(answers),
        "levels": _average_levels(departements),
    }


REQUEST_HEADER = ["Identifiant", "Entreprise", "SIRET", "Département", "Reçue le", "Statut", "Issue", "Conseiller",
                  "Premier contact le", "Clôturée le", "Besoin", "Satisfaction (1 à 4)"]


@use_case
def requests_csv(user, chamber_code: str | None = None) -> str:
    """Every request of the territory, one row each, the artisan's words defused by the CSV writer (audit-logged)."""
    rows = [[r.id, r.business.name, r.business.siret, r.departement, date_fr(r.created_at, "dd/MM/y"),
             r.status.label, r.outcome.label if r.outcome else "",
             (r.assignee.display_name or r.assignee.email) if r.assignee else "",
             date_fr(r.first_contact_at, "dd/MM/y"), date_fr(r.closed_at, "dd/MM/y"), r.need,
             r.satisfaction or ""]
            for r in sorted(_requests(territory(user, chamber_code)), key=lambda r: r.id)]
    codes = chambers_of(user, chamber_code)
    audit.record("export.diagnostic_requests", user, "chamber", None,
                 chamber_code=codes[0] if codes and len(codes) == 1 else None,
                 details={"rows": len(rows), "chambers": list(codes) if codes else "all"})
    return excel_csv(REQUEST_HEADER, rows)


HEADER = ["Indicateur", "Valeur"]


def _days(delta: timedelta | None) -> str:
    return "" if delta is None else number_fr(delta.total_seconds() / 86400, 1)


@use_case
def figures_csv(user, chamber_code: str | None = None, now: datetime | None = None) -> str:
    """The diagnostic figures, one per row (audit-logged like the dashboard's other exports)."""
    data = figures(user, chamber_code, now)
    rows = [["Demandes de diagnostic", data["total"]], ["Demandes en cours", data["open"]]]
    rows += [[f"Demandes de la semaine du {date_fr(bar.monday, 'dd/MM/y')}", bar.count] for bar in data["weeks"]]
    rows += [["Délai médian avant le premier contact (jours)", _days(data["first_contact_median"])]]
    rows += [[f"Demandes « {status.label} »", n] for status, n in data["by_status"]]
    rows += [[f"Issue « {outcome.label} »", n] for outcome, n in data["outcomes"]]
    rows += [["Satisfaction moyenne (1 à 4)",
              number_fr(data["satisfaction_mean"], 1) if data["satisfaction_mean"] is not None else ""]]
    rows += [[f"Niveau moyen (1 à 3) – {title}", number_fr(mean, 1) if mean is not None else ""]
             for title, mean, _ in data["levels"]]
    codes = chambers_of(user, chamber_code)
    audit.record("export.diagnostics", user, "chamber", None,
                 chamber_code=codes[0] if codes and len(codes) == 1 else None,
                 details={"rows": len(rows), "chambers": list(codes) if codes else "all"})
    return excel_csv(HEADER, rows)
