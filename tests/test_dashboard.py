"""Chamber dashboard: figures of the territory, French waiting times, CSV exports for Excel (audit-logged)."""
import csv
import io
from datetime import timedelta

from sqlalchemy import select

from app.core.time import utcnow
from app.extensions import db
from app.models.application import Application
from app.models.interest import Interest
from app.models.listing_states import ListingStatus
from app.models.moderation import AuditEntry
from app.services.moderation import chamber_dashboard as dashboard
from app.services.moderation import reports
from tests.factories import make_business, make_offer, make_project
from tests.moderation_fixtures import people, signed_in  # noqa: F401

S = ListingStatus


def _territory(people, make_user):
    """Brittany: 2 submitted (waiting 1 and 5 days), 2 published, 1 filled, 1 project; Paris: 1 published."""
    now = utcnow()
    waiting = [make_offer(people.business, "submitted", title=f"En attente {n}") for n in (1, 5)]
    for offer, days in zip(waiting, (1, 5)):
        offer.submitted_at = now - timedelta(days=days)
    published = make_offer(people.business, "published", title="Boulanger publié")
    make_offer(people.business, "published", title="Pâtissier publié", trade="patissier")
    make_offer(people.business, "filled", title="Offre pourvue")
    project = make_project(people.business, "published", title="Projet de chaise en frêne")
    make_offer(people.business, "draft", title="Brouillon")
    make_offer(make_business(make_user("artisan"), postcode="75011"), "published", title="Offre parisienne")
    db.session.commit()
    for n in range(2):
        candidate = make_user("apprentice")
        db.session.add(Application(offer_id=published.id, candidate_id=candidate.id, message="Bonjour, je candidate."))
    db.session.add(Interest(project_id=project.id, partner_id=make_user("partner").id, message="Je suis designer."))
    db.session.commit()
    reports.create_report(published, None, "10.0.0.1", "inaccurate")
    return now


def test_figures_of_the_territory(people, make_user):
    now = _territory(people, make_user)
    data = dashboard.figures(people.staff, now=now)
    by_state = dict(data["by_state"])
    assert by_state[S.SUBMITTED] == 2 and by_state[S.PUBLISHED] == 3 and by_state[S.FILLED] == 1
    assert by_state[S.DRAFT] == 1 and sum(by_state.values()) == 7  # not the Parisian offer
    trades = {label: (total, published) for label, total, published in data["by_trade"]}
    assert trades["Boulanger"] == (4, 1) and trades["Pâtissier"] == (1, 1) and trades["Ébéniste"] == (1, 1)
    assert data["waiting_count"] == 2
    assert data["waiting_median"] == timedelta(days=3) and data["waiting_oldest"] == timedelta(days=5)
    assert data["open_reports"] == 1 and data["offers_filled"] == 1
    assert data["totals"]["applications"] == 2 and data["totals"]["interests"] == 1
    assert data["top"][0][0].title == "Boulanger publié"
    assert dashboard.figures(people.other_staff, now=now)["waiting_count"] == 0


def test_dashboard_page_in_french(people, make_user, signed_in):
    _territory(people, make_user)
    page = signed_in(people.staff).get("/moderation/tableau-de-bord").get_data(as_text=True)
    assert "CMA Bretagne" in page and "3\u00a0jours" in page and "5\u00a0jours" in page
    assert 'class="bar bar-100"' in page and "style=" not in page
    assert signed_in(people.other_staff).get("/moderation/tableau-de-bord?chambre=BRE").status_code == 403
    assert signed_in(people.admin).get("/moderation/tableau-de-bord?chambre=BRE").status_code == 200


def _parse(response):
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def test_listings_export_for_excel(people, make_user, signed_in):
    _territory(people, make_user)
    response = signed_in(people.staff).get("/moderation/tableau-de-bord/annonces.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    header, *rows = _parse(response)
    assert header == dashboard.LISTING_HEADER and header[:3] == ["Identifiant", "Type", "Titre"]
    titles = {row[2] for row in rows}
    assert titles == {"En attente 1", "En attente 5", "Boulanger publié", "Pâtissier publié", "Offre pourvue",
                      "Projet de chaise en frêne"}
    published = next(row for row in rows if row[2] == "Boulanger publié")
    assert published[7] == "Publiée" and published[10] == "2" and published[12] == "1"
    assert published[4] == people.business.siret
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "export.listings")).one()
    assert entry.actor_id == people.staff.id and entry.chamber_code == "BRE" and entry.details["rows"] == 6


def test_figures_export(people, make_user, signed_in):
    _territory(people, make_user)
    header, *rows = _parse(signed_in(people.staff).get("/moderation/tableau-de-bord/indicateurs.csv"))
    assert header == ["Indicateur", "Valeur"]
    values = dict(rows)
    assert values["Annonces « Publiée »"] == "3" and values["Signalements à traiter"] == "1"
    assert values["Attente médiane de relecture (jours)"] == "3,0"
    assert values["Candidatures reçues"] == "2"
    assert db.session.scalars(select(AuditEntry).where(AuditEntry.action == "export.figures")).one()


def test_waiting_times_in_french():
    assert dashboard.duration_fr(timedelta(minutes=5)) == "moins d’une heure"
    assert dashboard.duration_fr(timedelta(hours=1)) == "1 heure"
    assert dashboard.duration_fr(timedelta(hours=5)) == "5 heures"
    assert dashboard.duration_fr(timedelta(days=1, hours=3)) == "1 jour"
    assert dashboard.duration_fr(timedelta(days=3)) == "3 jours"
    assert dashboard.duration_fr(timedelta(days=95)) == "3 mois"
    assert dashboard.duration_fr(None) == "—"
    assert dashboard.bar_class(1, 4) == "bar-25" and dashboard.bar_class(0, 4) == "bar-0"
