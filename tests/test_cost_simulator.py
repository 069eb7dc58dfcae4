"""« Combien coûte un apprenti ? » and « Combien vais-je gagner ? »: figures, sources, errors that keep the input."""
import re
from datetime import date
from decimal import Decimal

import pytest

from app.extensions import db as _db
from app.models.listing_states import ListingStatus
from app.web.simulator.schedule import add_months, simulate
from tests.factories import make_business, make_offer
from tests.test_html_validity import _validate, missing_requirement

COST = "/combien-coute-un-apprenti"
EARNINGS = "/combien-vais-je-gagner"
DONE_WHEN = "age=17&level=3&start=2025-12-01&months=24&employees=5&signed_on=2026-12-01"


def text(response) -> str:
    """The page's text without tags, spaces made plain (French typography puts non-breaking ones)."""
    html = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("\u202f", " ").replace("\u00a0", " ")


def test_the_empty_form_is_shown_without_result(client):
    response = client.get(COST)
    assert response.status_code == 200
    page = text(response)
    assert "Combien coûte un apprenti ?" in page and "Résultat" not in page
    assert 'method="get"' in response.get_data(as_text=True)
    assert "réduction générale des cotisations" in page


def test_done_when_17_year_old_year_2_on_2026_12_01_and_aid_5000(client):
    response = client.get(f"{COST}?{DONE_WHEN}")
    assert response.status_code == 200
    page = text(response)
    # Month 13 starts on 2026-12-01: year 2 at 18 (age grows by one a contract year without a birth date)…
    assert "5 000,00 €" in page and "416,67 €" in page
    assert "2026-168" in page and "modele-social" in page
    # …and with a birth date keeping the apprentice 17 on 2026-12-01: 39 % of 1 867,02 € = 728,14 €.
    page = text(client.get(f"{COST}?birth_date=2009-06-15&level=3&start=2025-12-01&months=24&employees=5"
                           "&signed_on=2026-12-01"))
    assert re.search(r"13 1er décembre 2026 17 ans 39 % 728,14 €", page), page
    assert "1 867,02 €" in page and "1er juin 2026" in page


def test_schedule_month_by_month():
    schedule = simulate(start=date(2026, 12, 1), months=24, birth_date=date(2009, 6, 15), level=3, employees=5)
    first, thirteenth = schedule.months[0], schedule.months[12]
    assert (first.year, first.age, first.percent) == (1, 17, 27)
    assert (thirteenth.year, thirteenth.starts, thirteenth.percent) == (2, date(2027, 12, 1), 51)  # 18 since July
    assert schedule.aid.amount == 5000
    assert sum(m.aid for m in schedule.months) == Decimal(5000)
    assert all(m.aid == 0 for m in schedule.months[12:])
    assert [y.months for y in schedule.years] == [12, 12]
    assert schedule.remains == schedule.pay - 5000


def test_birthday_counts_from_the_first_day_of_the_next_month():
    schedule = simulate(start=date(2026, 9, 1), months=12, birth_date=date(2009, 10, 15), level=3)
    ages = [m.age for m in schedule.months]
    assert ages[:3] == [16, 16, 17]  # 17 on 15 October: the 17-year band from 1 November
    assert schedule.aid is None  # no business: the young person's view


def test_a_short_contract_gets_its_share_of_the_aid():
    schedule = simulate(start=date(2026, 9, 1), months=6, age=17, level=3, employees=5)
    assert schedule.total_aid == Decimal("2500.02")  # six twelfths of 5 000 €, to the cent


def test_add_months_keeps_the_day_or_takes_the_last_one():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 14) == date(2028, 1, 15)


def test_rqth_allows_48_months_and_6000(client):
    page = text(client.get(f"{COST}?age=20&level=6&start=2026-09-01&months=48&rqth=y&employees=300"))
    assert "6 000,00 €" in page and "4e année" in page
    page = text(client.get(f"{COST}?age=20&level=6&start=2026-09-01&months=48&employees=300"))
    assert "La durée va de 6 à 36 mois (48 avec une RQTH)." in page


def test_large_business_without_the_quota_gets_nothing_and_is_told_why(client):
    page = text(client.get(f"{COST}?age=19&level=5&start=2026-09-01&months=24&employees=400"))
    assert "Aucune aide" in page and "5 %" in page
    page = text(client.get(f"{COST}?age=19&level=5&start=2026-09-01&months=24&employees=400&alternance_ratio=5,5"))
    assert "1 500,00 €" in page


def test_unknown_aid_date_is_said_not_guessed(client):
    page = text(client.get(f"{COST}?age=19&level=3&start=2024-09-01&months=24&employees=3"))
    assert "24 février 2025" in page and "non connue" in page


def test_the_young_persons_view_has_pay_and_no_aid(client):
    response = client.get(f"{EARNINGS}?age=16&level=3&start=2026-09-01&months=24")
    assert response.status_code == 200
    page = text(response)
    assert "Ton salaire brut minimal sur tout le contrat" in page
    assert "504,10 €" in page  # 27 % of 1 867,02 €
    assert "Aide de l’État" not in page and "Effectif" not in page


@pytest.mark.parametrize("query, message", [
    ("age=&birth_date=&level=3&start=2026-09-01&months=24&employees=5", "Indiquez un âge ou une date de naissance."),
    ("age=14&level=3&start=2026-09-01&months=24&employees=5", "L’âge doit être compris entre 15 et 99 ans."),
    ("age=abc&level=3&start=2026-09-01&months=24&employees=5", "Indiquez un âge en années"),
    ("age=17&level=3&start=2026-02-30&months=24&employees=5", "Indiquez une date"),
    ("age=17&level=3&start=2018-09-01&months=24&employees=5", "entre 2019 et 2035"),
    ("age=17&level=3&start=2026-09-01&months=5&employees=5", "La durée va de 6 à 36 mois"),
    ("age=17&level=9&start=2026-09-01&months=24&employees=5", "Choisissez un niveau"),
    ("age=17&level=3&start=2026-09-01&months=24", "Indiquez l’effectif"),
    ("age=17&level=3&start=2026-09-01&months=24&employees=-1", "L’effectif ne peut être négatif."),
    ("age=17&level=3&start=2026-09-01&months=24&employees=300&alternance_ratio=120", "pourcentage de 0 à 100"),
    ("birth_date=2020-01-01&level=3&start=2026-09-01&months=24&employees=3", "de 15 à 99 ans"),
])
def test_bad_input_is_explained_and_kept(client, query, message):
    response = client.get(f"{COST}?{query}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in text(response) and "Le formulaire contient des erreurs" in html and "Résultat" not in html
    for name, value in (pair.split("=") for pair in query.split("&")):
        if name == "level" and value == "9":
            continue  # a select cannot show an impossible choice
        assert f'value="{value}"' in html or f'<option selected value="{value}">' in html, name


def test_a_link_from_an_offer_prefills_the_contract_without_errors(client):
    html = client.get(f"{EARNINGS}?level=4&months=36&start=2027-09-01").get_data(as_text=True)
    assert 'value="2027-09-01"' in html and 'value="36"' in html and '<option selected value="4">' in html
    assert "Le formulaire contient des erreurs" not in html and "Résultat" not in html


def test_links_switch_views_keeping_only_the_form_fields(client):
    html = client.get(f"{COST}?age=17&start=2026-09-01&_external=1&_anchor=x").get_data(as_text=True)
    link = re.search(r'href="(/combien-vais-je-gagner[^"]*)"', html).group(1)
    assert "age=17" in link and "start=2026-09-01" in link and "_external" not in link and "#x" not in link


def test_pages_are_valid_html(client, tmp_path):
    reason = missing_requirement()
    if reason:
        pytest.skip(reason)
    pages = {"empty": client.get(COST).get_data(as_text=True),
             "result": client.get(f"{COST}?{DONE_WHEN}&rqth=y&mayotte=").get_data(as_text=True),
             "errors": client.get(f"{COST}?age=abc&start=2026-02-30&months=x&employees=-2&alternance_ratio=x")
             .get_data(as_text=True),
             "young": client.get(f"{EARNINGS}?birth_date=2009-06-15&level=4&start=2026-09-01&months=36")
             .get_data(as_text=True)}
    findings = _validate(pages, tmp_path)
    assert not findings, "\n".join(findings)



def test_linked_from_the_dashboard_the_offer_form_and_the_offer_page(client, login, make_user):
    owner = make_user("artisan")
    business = make_business(owner=owner)
    offer = make_offer(business, ListingStatus.PUBLISHED, duration_months=24, start_date=date(2027, 9, 1))
    _db.session.commit()
    page = client.get(offer.public_path).get_data(as_text=True)
    assert "/combien-vais-je-gagner?" in page and "start=2027-09-01" in page and COST in page
    login(owner.email)
    assert COST in client.get("/espace-artisan").get_data(as_text=True)
    assert COST in client.get(f"/espace-artisan/entreprises/{business.id}/offres/nouvelle").get_data(as_text=True)


def test_mayotte_uses_its_own_smic_and_its_data_start(client):
    page = text(client.get(f"{EARNINGS}?age=17&level=3&start=2026-09-01&months=12&mayotte=y"))
    assert "391,48 €" in page and "1 449,93 €" in page  # 27 % of Mayotte's 1 449,93 €
    page = text(client.get(f"{EARNINGS}?age=17&level=3&start=2023-09-01&months=12&mayotte=y"))
    assert "Pas de calcul possible à cette date" in page and "Résultat" not in page
