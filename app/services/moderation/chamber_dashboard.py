"""Chamber dashboard: figures of a territory (listings, review delays, reports, applications) and CSV exports."""
import statistics
from datetime import datetime, timedelta

from sqlalchemy import case, func, select

from app.core.csvfile import excel_csv
from app.core.formatting import date_fr, number_fr
from app.core.time import utcnow
from app.core.transaction import use_case
from app.extensions import db
from app.geo import get_chamber
from app.models.application import Application
from app.models.interest import Interest
from app.models.listing import Listing
from app.models.listing_states import AWAITING_REVIEW, ListingStatus
from app.models.moderation import Report, ReportStatus
from app.reference.trades import get_trade
from app.services.access import chambers_of, territory
from app.services.moderation import audit

TOP_LISTINGS = 20


def duration_fr(delta: timedelta | None) -> str:
    """A waiting time in French words: « moins d’une heure », « 5 heures », « 3 jours », « 2 mois »."""
    if delta is None:
        return "—"
    hours = delta.total_seconds() / 3600
    if hours < 1:
        return "moins d’une heure"
    if hours < 24:
        n = int(hours)
        return f"{n} heure{'s' if n > 1 else ''}"
    days = int(hours // 24)
    if days < 60:
        return f"{days} jour{'s' if days > 1 else ''}"
    return f"{days // 30} mois"


def bar_class(value: int | float, maximum: int | float) -> str:
    """A CSS class drawing a bar of value/maximum width, in steps of 5 % (no inline style under the CSP)."""
    if not maximum or value <= 0:
        return "bar-0"
    return f"bar-{max(5, int(round(20 * value / maximum)) * 5)}"


def _scoped(query, departements):
    """Restrict a listings query to a territory (None: everywhere)."""
    return query if departements is None else query.where(Listing.departement.in_(departements))


def _engagement_counts() -> tuple[dict[int, int], dict[int, int]] | None:
    """Applications per offer and interests per project."""
    applications = dict(db.session.execute(select(Application.offer_id, func.count(Application.id))
                                           .group_by(Application.offer_id)).all())
    interests = dict(db.session.execute(select(Interest.project_id, func.count(Interest.id))
                                        .group_by(Interest.project_id)).all())
    return applications, interests


def figures(user, chamber_code: str | None = None, now: datetime | None = None) -> dict:
    """Every figure of the dashboard for the user's territory (an admin may pick one chamber, or all)."""
    departements = territory(user, chamber_code)
    now = now or utcnow()
    counts = dict(db.session.execute(_scoped(select(Listing.status, func.count(Listing.id))
                                             .group_by(Listing.status), departements)).all())
    by_state = [(status, counts.get(status, 0)) for status in ListingStatus]
    trade_rows = db.session.execute(_scoped(
        select(Listing.trade, func.count(Listing.id),
               func.sum(case((Listing.status == ListingStatus.PUBLISHED, 1), else_=0)))
        .where(Listing.status != ListingStatus.DRAFT).group_by(Listing.trade), departements)).all()
    by_trade = sorted(((get_trade(code).label if get_trade(code) else "Sans métier", total, int(published or 0))
                       for code, total, published in trade_rows), key=lambda row: (-row[1], row[0]))
    submitted = db.session.scalars(_scoped(select(Listing.submitted_at).where(
        Listing.status.in_(AWAITING_REVIEW), Listing.submitted_at.is_not(None)), departements)).all()
    waits = sorted(now - moment for moment in submitted)
    open_reports = db.session.scalar(_scoped(select(func.count(Report.id)).join(Report.listing)
                                             .where(Report.status == ReportStatus.OPEN), departements)) or 0
    engagement = _engagement_counts()
    top = []
    totals = {"applications": None, "interests": None, "per_listing": None}
    if engagement is not None:
        applications, interests = engagement
        listings = db.session.scalars(_scoped(select(Listing).where(Listing.status != ListingStatus.DRAFT),
                                              departements)).all()
        rows = [(listing, applications.get(listing.id, 0), interests.get(listing.id, 0)) for listing in listings]
        totals["applications"] = sum(row[1] for row in rows)
        totals["interests"] = sum(row[2] for row in rows)
        totals["per_listing"] = (totals["applications"] + totals["interests"]) / len(rows) if rows else 0
        top = sorted(rows, key=lambda row: (-(row[1] + row[2]), row[0].id))[:TOP_LISTINGS]
    filled = db.session.scalar(_scoped(select(func.count(Listing.id)).where(
        Listing.type == "offer", Listing.status == ListingStatus.FILLED), departements)) or 0
    return {
        "chamber": get_chamber(chamber_code) if user.is_admin else get_chamber(user.chamber_code),
        "by_state": by_state, "state_max": max((n for _, n in by_state), default=0),
        "by_trade": by_trade, "trade_max": max((row[1] for row in by_trade), default=0),
        "waiting_count": len(waits),
        "waiting_median": statistics.median(waits) if waits else None,
        "waiting_oldest": waits[-1] if waits else None,
        "open_reports": open_reports, "offers_filled": filled,
        "engagement_available": engagement is not None, "totals": totals, "top": top,
    }


def _log_export(action: str, user, chamber_code: str | None, rows: int) -> None:
    """Record the export in the audit log."""
    codes = chambers_of(user, chamber_code)
    audit.record(action, user, "chamber", None, chamber_code=codes[0] if codes and len(codes) == 1 else None,
                 details={"rows": rows, "chambers": list(codes) if codes else "all"})


LISTING_HEADER = ["Identifiant", "Type", "Titre", "Entreprise", "SIRET", "Métier", "Département", "Statut",
                  "Soumise le", "Publiée le", "Candidatures", "Marques d’intérêt", "Signalements ouverts"]


@use_case
def listings_csv(user, chamber_code: str | None = None) -> str:
    """Every listing of the territory except drafts, one row each (audit-logged)."""
    departements = territory(user, chamber_code)
    listings = db.session.scalars(_scoped(select(Listing).where(Listing.status != ListingStatus.DRAFT)
                                          .order_by(Listing.id), departements)).all()
    reports = dict(db.session.execute(select(Report.listing_id, func.count(Report.id))
                                      .where(Report.status == ReportStatus.OPEN).group_by(Report.listing_id)).all())
    applications, interests = _engagement_counts() or ({}, {})
    rows = [[listing.id, "Offre" if listing.type == "offer" else "Projet", listing.title, listing.business.name,
             listing.business.siret, listing.trade_label, listing.departement, listing.status.label,
             date_fr(listing.submitted_at, "dd/MM/y"), date_fr(listing.published_at, "dd/MM/y"),
             applications.get(listing.id, 0) if listing.type == "offer" else "",
             interests.get(listing.id, 0) if listing.type == "project" else "", reports.get(listing.id, 0)]
            for listing in listings]
    _log_export("export.listings", user, chamber_code, len(rows))
    return excel_csv(LISTING_HEADER, rows)


def _days(delta: timedelta | None) -> str:
    """A duration in days with a French decimal comma ("" when none)."""
    return "" if delta is None else number_fr(delta.total_seconds() / 86400, 1)


@use_case
def figures_csv(user, chamber_code: str | None = None, now: datetime | None = None) -> str:
    """The dashboard's figures, one per row (audit-logged)."""
    data = figures(user, chamber_code, now)
    rows = [[f"Annonces « {status.label} »", n] for status, n in data["by_state"]]
    rows += [[f"Annonces (hors brouillons) – {label}", total] for label, total, _ in data["by_trade"]]
    rows += [[f"Annonces publiées – {label}", published] for label, _, published in data["by_trade"]]
    rows += [["Annonces en attente de relecture", data["waiting_count"]],
             ["Attente médiane de relecture (jours)", _days(data["waiting_median"])],
             ["Attente la plus longue (jours)", _days(data["waiting_oldest"])],
             ["Signalements à traiter", data["open_reports"]],
             ["Offres pourvues", data["offers_filled"]]]
    if data["engagement_available"]:
        rows += [["Candidatures reçues", data["totals"]["applications"]],
                 ["Marques d’intérêt reçues", data["totals"]["interests"]],
                 ["Candidatures et marques d’intérêt par annonce", number_fr(data["totals"]["per_listing"], 1)]]
    _log_export("export.figures", user, chamber_code, len(rows))
    return excel_csv(["Indicateur", "Valeur"], rows)
