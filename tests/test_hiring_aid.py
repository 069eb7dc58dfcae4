"""The hiring aid of an apprenticeship contract: every rule, amount and date boundary (app/reference/aid.py)."""
from datetime import date

import pytest

from app.reference.aid import RULES, AidOutOfRange, hiring_aid

DECREE_DAY = date(2026, 3, 8)


def test_done_when_level_3_in_a_5_person_business_signed_on_2026_12_01():
    aid = hiring_aid(3, 5, date(2026, 12, 1))
    assert aid.amount == 5000
    assert aid.period == "première année du contrat"
    assert "2026-168" in aid.source and "modele-social" in aid.source
    assert aid.monthly == 416.67
    assert not aid.provisional


@pytest.mark.parametrize("level, amount", [(3, 5000), (4, 5000), (5, 4500), (6, 2000), (7, 2000)])
def test_2026_decree_under_250_employees(level, amount):
    assert hiring_aid(level, 249, DECREE_DAY).amount == amount
    assert hiring_aid(level, 0, date(2026, 12, 31)).amount == amount


@pytest.mark.parametrize("level, amount", [(3, 2000), (4, 2000), (5, 1500), (6, 750), (7, 750)])
def test_2026_decree_from_250_employees_with_5_percent_work_study(level, amount):
    assert hiring_aid(level, 250, DECREE_DAY, alternance_ratio=5).amount == amount
    assert hiring_aid(level, 5000, DECREE_DAY, alternance_ratio=12.5).amount == amount


@pytest.mark.parametrize("ratio", [None, 0, 4.99])
def test_250_employees_without_5_percent_get_nothing(ratio):
    aid = hiring_aid(3, 250, DECREE_DAY, alternance_ratio=ratio)
    assert aid.amount == 0
    assert any("5 %" in condition for condition in aid.conditions)


def test_249_employees_need_no_work_study_quota():
    assert hiring_aid(3, 249, DECREE_DAY, alternance_ratio=0).amount == 5000


@pytest.mark.parametrize("level", range(3, 8))
@pytest.mark.parametrize("employees, ratio", [(1, None), (249, None), (250, None), (250, 5), (10_000, 0)])
def test_rqth_6000_whatever_the_size_or_level_from_the_decree(level, employees, ratio):
    aid = hiring_aid(level, employees, DECREE_DAY, rqth=True, alternance_ratio=ratio)
    assert aid.amount == 6000
    assert any("RQTH" in condition for condition in aid.conditions)


def test_decree_boundary_2026_03_07_and_08():
    before, after = hiring_aid(5, 10, date(2026, 3, 7)), hiring_aid(5, 10, DECREE_DAY)
    assert (before.amount, after.amount) == (0, 4500)
    assert before.rule != after.rule and after.in_force_since == DECREE_DAY


@pytest.mark.parametrize("day", [date(2026, 1, 1), date(2026, 2, 15), date(2026, 3, 7)])
def test_between_the_decrees_only_the_aide_unique_levels_3_and_4_under_250(day):
    assert [hiring_aid(level, 249, day).amount for level in range(3, 8)] == [5000, 5000, 0, 0, 0]
    assert hiring_aid(3, 250, day, alternance_ratio=10).amount == 0
    assert hiring_aid(3, 249, day, rqth=True).amount == 6000
    assert hiring_aid(6, 249, day, rqth=True).amount == 0  # the aide unique's conditions hold for RQTH too
    assert "D6243-1" in hiring_aid(3, 249, day).source


def test_year_boundary_2025_12_31_and_2026_01_01():
    assert hiring_aid(6, 10, date(2025, 12, 31)).amount == 5000
    assert hiring_aid(6, 10, date(2026, 1, 1)).amount == 0
    assert hiring_aid(3, 250, date(2025, 12, 31), alternance_ratio=5).amount == 2000
    assert hiring_aid(3, 250, date(2026, 1, 1), alternance_ratio=5).amount == 0


@pytest.mark.parametrize("level", range(3, 8))
def test_2025_rules(level):
    day = date(2025, 6, 1)
    assert hiring_aid(level, 249, day).amount == 5000
    assert hiring_aid(level, 250, day, alternance_ratio=5).amount == 2000
    assert hiring_aid(level, 250, day).amount == 0
    assert hiring_aid(level, 250, day, rqth=True).amount == 6000
    assert "2025-174" in hiring_aid(level, 249, day).source


def test_before_the_first_known_rule_is_refused_not_guessed():
    assert hiring_aid(3, 5, date(2025, 2, 24)).amount == 5000
    with pytest.raises(AidOutOfRange, match="24 février 2025"):
        hiring_aid(3, 5, date(2025, 2, 23))


def test_after_2026_the_amount_is_marked_provisional():
    aid = hiring_aid(3, 5, date(2027, 9, 1))
    assert aid.amount == 5000 and aid.provisional
    assert any("indicatif" in condition for condition in aid.conditions)


@pytest.mark.parametrize("level", [2, 8])
def test_levels_outside_3_to_7_are_refused(level):
    with pytest.raises(ValueError):
        hiring_aid(level, 5, DECREE_DAY)


def test_rules_are_dated_sourced_and_do_not_overlap():
    for earlier, later in zip(RULES, RULES[1:]):
        assert earlier.until is not None and earlier.until < later.since
    assert all(rule.source for rule in RULES)
    assert RULES[-1].until is None


def test_no_aid_says_why():
    aid = hiring_aid(6, 100, date(2026, 2, 1))
    assert aid.amount == 0 and aid.monthly == 0
    assert any("niveau 6" in condition for condition in aid.conditions)


def test_amounts_in_the_conditions_are_written_the_french_way():
    from datetime import date

    from app.reference.aid import hiring_aid

    conditions = " ".join(hiring_aid(6, 5, date(2026, 12, 1), rqth=True).conditions)
    assert "6\u202f000 €" in conditions and "6000 €" not in conditions
