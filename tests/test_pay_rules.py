"""Apprentice pay rules by date: every band and year, the birthday rule, +15 points (D6222-30), the 21+ note, RQTH,
trial period and minors' working time, and the pay shown on offer pages."""
import re
from datetime import date
from decimal import Decimal

import pytest

from app.models.listing import Listing
from app.reference import law
from app.reference.law import (
    MINORS_WORKING_TIME,
    TRIAL_PERIOD,
    age_band_age,
    conventional_minimum_may_apply,
    is_part_time,
    max_duration_months,
    minimum_monthly_pay,
    minimum_share,
    pay_table,
    smic_on,
)
from app.reference.trades import Diploma
from app.services.listings.lifecycle import transition
from app.web.listings import jsonld
from tests.factories import make_business, make_offer

DECEMBER, MARCH = date(2026, 12, 1), date(2026, 3, 1)
GRID = {(16, 1): 27, (17, 2): 39, (17, 3): 55, (18, 1): 43, (20, 2): 51, (19, 3): 67, (21, 1): 53, (25, 2): 61,
        (23, 3): 78, (26, 1): 100, (29, 3): 100, (15, 1): 27, (99, 2): 100}


@pytest.mark.parametrize("age, year", sorted(GRID))
def test_every_band_and_year_on_both_sides_of_1_june_2026(age, year):
    share = GRID[age, year]
    assert minimum_share(age, year) == share
    for day, monthly in ((DECEMBER, Decimal("1867.02")), (MARCH, Decimal("1823.03"))):
        expected = (monthly * share / 100).quantize(Decimal("0.01"))
        assert minimum_monthly_pay(age, year, on=day) == expected


def test_done_when_amounts():
    assert minimum_monthly_pay(17, 2, on=DECEMBER) == Decimal("728.14")
    assert minimum_monthly_pay(17, 2, on=MARCH) == Decimal("710.98")
    assert minimum_monthly_pay(17, 2, on=date(2026, 5, 31)) == Decimal("710.98")
    assert minimum_monthly_pay(17, 2, on=date(2026, 6, 1)) == Decimal("728.14")


def test_mayotte_pay():
    assert minimum_monthly_pay(18, 1, on=DECEMBER, departement="976") == Decimal("623.47")  # 43 % of 1 449,93
    assert minimum_monthly_pay(18, 1, on=MARCH, departement="976") == Decimal("608.47")  # 43 % of 1 415,05


def test_default_date_is_today(monkeypatch):
    monkeypatch.setattr(law, "today", lambda: MARCH)
    assert minimum_monthly_pay(17, 2) == Decimal("710.98")
    assert pay_table().smic.in_force_since == date(2026, 1, 1)


def test_plus_15_points_for_a_one_year_contract_towards_a_same_level_diploma():
    assert minimum_share(18, 1, same_level_cs=True) == 58
    assert minimum_monthly_pay(18, 1, on=DECEMBER, same_level_cs=True) == Decimal("1082.87")  # 58 % of 1 867,02
    assert minimum_share(20, 1, "professionnalisation", same_level_cs=True) == 55  # apprenticeship only
    assert "D6222-30" in law.SAME_LEVEL_BONUS.source


@pytest.mark.parametrize("birth, on, age", [
    (date(2009, 3, 15), date(2027, 3, 15), 17),  # 18 today, counts from 1 April
    (date(2009, 3, 15), date(2027, 3, 31), 17),
    (date(2009, 3, 15), date(2027, 4, 1), 18),
    (date(2009, 3, 1), date(2027, 3, 1), 17),  # born on the 1st: still the next month
    (date(2009, 3, 1), date(2027, 4, 1), 18),
    (date(2008, 2, 29), date(2026, 3, 1), 17),  # 29 February: the birthday is 1 March in a common year
    (date(2008, 2, 29), date(2026, 4, 1), 18),
    (date(2005, 12, 31), date(2027, 1, 1), 21),
])
def test_age_band_changes_on_the_first_day_of_the_month_after_the_birthday(birth, on, age):
    assert age_band_age(birth, on) == age


def test_conventional_minimum_note_from_21():
    assert not conventional_minimum_may_apply(20) and conventional_minimum_may_apply(21)
    assert "conventionnel" in law.CONVENTIONAL_MINIMUM_NOTE


def test_rqth_durations_trial_period_and_minors_working_time_are_sourced():
    assert (max_duration_months(), max_duration_months(rqth=True)) == (36, 48)
    assert "R6222-46" in law.RQTH_MAX_DURATION.source
    assert TRIAL_PERIOD.value == 45 and "L6222-18" in TRIAL_PERIOD.source
    sources = " ".join(rule.source for rule in MINORS_WORKING_TIME)
    assert "R3163-1" in sources and "R3162-1" in sources
    assert any("4 heures" in rule.rule for rule in MINORS_WORKING_TIME)
    assert any("10 heures par jour et 40 heures" in rule.rule for rule in MINORS_WORKING_TIME)
    assert law.FULL_TIME_WEEKLY_HOURS == 35 and "L6222-24" in law.FULL_TIME.source


def _published(make_user, postcode="75011", **fields):
    business = make_business(make_user("artisan"), postcode=postcode)
    return transition(make_offer(business, "submitted", **fields), "publish", make_user("admin"))


def _text(response) -> str:
    return response.text.replace("\u202f", " ").replace("\xa0", " ")


def test_offer_page_pay_uses_the_smic_of_the_day_with_its_date_and_notes(client, make_user, monkeypatch):
    monkeypatch.setattr(law, "today", lambda: DECEMBER)
    offer = _published(make_user)
    text = _text(client.get(f"{offer.public_path}?age=17&year=2"))
    assert "À 17 ans, 2e année : <strong>728,14 €</strong>" in text and "soit 39 % du SMIC" in text
    assert "Calcul au 1 décembre 2026" in text or "Calcul au 1er décembre 2026" in text
    assert "en vigueur depuis le 1er juin 2026 : 1 867,02 €" in text and "12,31 €" in text
    assert "À partir de 21 ans" in text and "conventionnel" in text
    assert "premier jour du mois qui suit" in text and "45 premiers jours" in text
    assert "Certificat de spécialisation" not in text
    monkeypatch.setattr(law, "today", lambda: MARCH)
    assert "<strong>710,98 €</strong>" in _text(client.get(f"{offer.public_path}?age=17&year=2"))


def test_offer_page_of_a_mayotte_business_uses_mayotte_smic(client, make_user, monkeypatch):
    monkeypatch.setattr(law, "today", lambda: DECEMBER)
    offer = _published(make_user, postcode="97600")
    text = _text(client.get(f"{offer.public_path}?age=18&year=1"))
    assert "SMIC de Mayotte" in text and "1 449,93 €" in text
    assert "<strong>623,47 €</strong>" in text


@pytest.mark.skipif("CS" not in {diploma.value for diploma in Diploma}, reason="no CS in the diploma list yet")
def test_offer_page_of_a_cs_shows_the_plus_15_points(client, make_user, monkeypatch):
    monkeypatch.setattr(law, "today", lambda: DECEMBER)
    offer = _published(make_user, diploma="CS", duration_months=12)
    text = _text(client.get(offer.public_path))
    assert "Certificat de spécialisation" in text and "majoré de 15 points" in text and "D6222-30" in text
    assert "1 082,87 € au lieu de 802,82 €" in text
    assert smic_on(DECEMBER).monthly == Decimal("1867.02")


OFFER_FORM = {"title": "Apprenti boulanger (H/F) – CAP Boulanger", "trade": "boulanger", "diploma": "CAP",
              "level": "", "contract": "apprentissage", "asap": "y", "duration_months": "24",
              "rhythm": "2 semaines en entreprise, 1 semaine au CFA", "weekly_hours": "35", "positions": "1",
              "description": "Fournil traditionnel, pain au levain : vous apprenez tout le métier avec nous."}


@pytest.fixture
def artisan_business(make_user, login):
    """A signed-in artisan's business."""
    user = make_user("artisan")
    login(user.email)
    return make_business(user)


def test_the_offer_form_proposes_full_time(client, artisan_business):
    page = client.get(f"/espace-artisan/entreprises/{artisan_business.id}/offres/nouvelle")
    assert re.search(r'name="weekly_hours"[^>]*value="35"', page.text) or re.search(
        r'value="35"[^>]*name="weekly_hours"', page.text)
    assert "jusqu’à 48 mois pour une offre adaptée" in _text(page)


def test_an_apprenticeship_under_35_hours_is_refused_unless_rqth(client, artisan_business):
    url = f"/espace-artisan/entreprises/{artisan_business.id}/offres/nouvelle"
    response = client.post(url, data={**OFFER_FORM, "weekly_hours": "28", "title": "Apprenti fromager à 28 h",
                                      "action": "draft"})
    assert response.status_code == 422
    assert "Un apprenti travaille à temps plein (35 heures par semaine)" in _text(response)
    assert 'value="Apprenti fromager à 28 h"' in response.text and 'value="28"' in response.text
    assert Listing.query.count() == 0
    response = client.post(url, data={**OFFER_FORM, "weekly_hours": "28", "disability_friendly": "y",
                                      "action": "draft"}, follow_redirects=True)
    assert "Brouillon enregistré." in response.text
    offer = Listing.query.one()
    assert offer.weekly_hours == 28 and offer.disability_friendly


def test_rqth_offers_may_last_48_months_and_others_36(client, artisan_business):
    url = f"/espace-artisan/entreprises/{artisan_business.id}/offres/nouvelle"
    response = client.post(url, data={**OFFER_FORM, "duration_months": "48", "action": "draft"})
    assert response.status_code == 422 and "36 mois au plus ; jusqu’à 48 mois" in _text(response)
    response = client.post(url, data={**OFFER_FORM, "duration_months": "49", "disability_friendly": "y",
                                      "action": "draft"})
    assert response.status_code == 422
    response = client.post(url, data={**OFFER_FORM, "duration_months": "48", "disability_friendly": "y",
                                      "action": "draft"}, follow_redirects=True)
    assert "Brouillon enregistré." in response.text and Listing.query.one().duration_months == 48


def test_job_posting_is_part_time_only_for_an_rqth_offer(make_user):
    business = make_business(make_user("artisan"))
    rqth = make_offer(business, weekly_hours=30, disability_friendly=True)
    assert jsonld.job_posting(rqth)["employmentType"] == "PART_TIME"
    assert jsonld.job_posting(make_offer(business, weekly_hours=35))["employmentType"] == "FULL_TIME"
    assert is_part_time("professionnalisation", 30) and not is_part_time("apprentissage", 30)
    assert not is_part_time("apprentissage", 35, rqth=True)
