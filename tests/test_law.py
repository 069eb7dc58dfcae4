"""Legal minimum pay of apprentices and professionalisation contracts, with dates and sources."""
from datetime import date
from decimal import Decimal

import pytest

from app.reference.law import (
    AGE_LIMITS,
    MAX_DURATION_MONTHS,
    MIN_DURATION_MONTHS,
    minimum_monthly_pay,
    minimum_share,
    pay_table,
    smic_on,
)
from app.reference.trades import Contract

# The grid's euros on 2026-12-01, under the SMIC of 1 June 2026 (1 867,02 € a month); tests/test_smic_data.py and
# tests/test_pay_rules.py cover the other dates.
ON = date(2026, 12, 1)
SMIC_MONTHLY = smic_on(ON).monthly


def test_smic_value_date_and_source():
    smic = smic_on(ON)
    assert (smic.monthly, smic.hourly, smic.in_force_since) == (Decimal("1867.02"), Decimal("12.31"),
                                                                date(2026, 6, 1))
    assert "salaire minimum de croissance" in smic.source


@pytest.mark.parametrize("age, year, share, pay", [
    (16, 1, 27, "504.10"), (17, 2, 39, "728.14"), (17, 3, 55, "1026.86"),
    (18, 1, 43, "802.82"), (20, 2, 51, "952.18"), (19, 3, 67, "1250.90"),
    (21, 1, 53, "989.52"), (25, 2, 61, "1138.88"), (23, 3, 78, "1456.28"),
    (26, 1, 100, "1867.02"), (29, 3, 100, "1867.02"),
])
def test_apprentice_grid_article_d6222_26(age, year, share, pay):
    assert minimum_share(age, year) == share
    assert minimum_monthly_pay(age, year, on=ON) == Decimal(pay)


@pytest.mark.parametrize("age, qualified, share", [(19, False, 55), (20, True, 65), (21, False, 70), (25, True, 80),
                                                   (30, False, 100)])
def test_professionnalisation_grid(age, qualified, share):
    assert minimum_share(age, contract="professionnalisation", qualified=qualified) == share
    assert minimum_monthly_pay(age, contract="professionnalisation", qualified=qualified, on=ON) == (
        SMIC_MONTHLY * share / 100).quantize(Decimal("0.01"))


def test_a_year_outside_the_grid_is_refused():
    with pytest.raises(ValueError):
        minimum_monthly_pay(18, 4)


def test_pay_table_for_the_simulator():
    table = pay_table("apprentissage", on=ON)
    assert table.columns == ("1re année", "2e année", "3e année")
    assert [row.label for row in table.rows] == ["Moins de 18 ans", "18 à 20 ans", "21 à 25 ans", "26 ans et plus"]
    assert table.rows[0].percents == (27, 39, 55)
    assert table.rows[0].amounts[0] == Decimal("504.10")
    assert "D6222-26" in table.grid_source and table.grid_effective == date(2019, 1, 1)
    assert table.smic_effective == date(2026, 6, 1) and table.on == ON
    assert pay_table("apprentissage", on=date(2026, 3, 1)).rows[0].amounts[0] == Decimal("492.22")
    assert len(pay_table(Contract.PROFESSIONNALISATION).rows) == 3


def test_ages_and_durations_are_sourced_data():
    assert AGE_LIMITS[Contract.APPRENTISSAGE].value == (16, 29)
    assert "L6222-1" in AGE_LIMITS[Contract.APPRENTISSAGE].source
    assert (MIN_DURATION_MONTHS, MAX_DURATION_MONTHS) == (6, 36)
