"""The dated SMIC (app/reference/data/smic.json, built by scripts/build_smic.py from openfisca-france): values,
Mayotte, date boundaries, and freshness against the installed package."""
from datetime import date
from decimal import Decimal
from importlib import metadata
from pathlib import Path

import pytest
import yaml

from app.reference.law import SMIC_ABOUT, SMIC_HISTORY, NoSmicData, smic_on

PARAMETER = "openfisca_france/parameters/marche_travail/salaire_minimum/smic/smic_b_horaire.yaml"


def test_national_smic_since_1_june_2026_and_before():
    june = smic_on(date(2026, 6, 1))
    assert (june.hourly, june.monthly, june.in_force_since) == (Decimal("12.31"), Decimal("1867.02"), date(2026, 6, 1))
    assert "22 mai 2026" in june.source and not june.is_mayotte
    may = smic_on(date(2026, 5, 31))
    assert (may.hourly, may.monthly, may.in_force_since) == (Decimal("12.02"), Decimal("1823.03"), date(2026, 1, 1))
    assert "2025-1228" in may.source
    assert smic_on(date(2026, 12, 1)) == june


def test_mayotte_has_its_own_smic():
    assert (smic_on(date(2026, 6, 1), "976").hourly, smic_on(date(2026, 6, 1), "976").monthly) == (
        Decimal("9.56"), Decimal("1449.93"))
    before = smic_on(date(2026, 5, 31), departement="976")
    assert (before.hourly, before.monthly, before.in_force_since) == (Decimal("9.33"), Decimal("1415.05"),
                                                                       date(2026, 1, 1))
    assert before.is_mayotte
    assert smic_on(date(2026, 6, 1), "974").monthly == Decimal("1867.02")  # La Réunion: the national SMIC


def test_history_from_2019_and_dates_before_the_data_are_refused():
    assert smic_on(date(2019, 1, 1)).hourly == Decimal("10.03")
    assert smic_on(date(2024, 11, 1)).monthly == Decimal("1801.80")
    with pytest.raises(NoSmicData):
        smic_on(date(2018, 12, 31))
    with pytest.raises(NoSmicData):
        smic_on(date(2024, 10, 31), "976")


def test_the_data_names_its_source_version_and_licence():
    assert SMIC_ABOUT["package"] == "openfisca-france" and SMIC_ABOUT["version"]
    assert "AGPL" in SMIC_ABOUT["licence"] and SMIC_ABOUT["built_by"] == "scripts/build_smic.py"
    for rows in SMIC_HISTORY.values():
        assert list(rows) == sorted(rows, key=lambda smic: smic.in_force_since)
        assert all(smic.source for smic in rows)


def test_the_data_is_as_fresh_as_the_installed_package():
    try:
        distribution = metadata.distribution("openfisca-france")
    except metadata.PackageNotFoundError:
        pytest.skip("openfisca-france is not installed (make install puts it in .venv with --no-deps): "
                    "cannot compare the SMIC data with the package")
    values = yaml.safe_load(Path(distribution.locate_file(PARAMETER)).read_text(encoding="utf-8"))["values"]
    newest = max(date.fromisoformat(str(day)) for day, entry in values.items() if entry.get("value") is not None)
    ours = SMIC_HISTORY["metropole"][-1]
    assert ours.in_force_since >= newest, (
        f"openfisca-france {distribution.version} has a SMIC from {newest}; rebuild app/reference/data/smic.json "
        "with scripts/build_smic.py")
    assert ours.hourly == Decimal(str(values[newest]["value"]))
