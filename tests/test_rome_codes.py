"""ROME 4.60: each trade's code and label are those of the official referential kept in app/reference/data."""
import csv
import re
from pathlib import Path

import pytest

from app.reference.trades import TRADES, get_trade

DATA = Path(__file__).resolve().parents[1] / "app" / "reference" / "data" / "rome_v460.csv"


def referential() -> dict[str, str]:
    """code_rome -> libelle_rome of the committed subset (comment lines skipped)."""
    with DATA.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    codes = [row["code_rome"] for row in rows]
    assert len(codes) == len(set(codes)), "a code appears twice"
    return {row["code_rome"]: row["libelle_rome"] for row in rows}


def test_the_data_file_names_its_source_version_and_licence():
    header = "".join(line for line in DATA.read_text(encoding="utf-8").splitlines(keepends=True)
                     if line.startswith("#"))
    assert "ROME" in header and "4.60" in header and "France Travail" in header
    assert "Licence Ouverte / Open Licence" in header
    assert "mission-apprentissage/labonnealternance" in header


def test_each_trade_carries_the_label_of_its_code_in_rome_4_60():
    rome = referential()
    assert len(TRADES) == 42
    for trade in TRADES:
        assert re.fullmatch(r"[A-N]\d{4}", trade.rome), trade.code
        assert trade.rome in rome, f"{trade.code}: {trade.rome} is not in ROME 4.60"
        assert trade.rome_label == rome[trade.rome], trade.code


def test_the_file_holds_only_codes_the_trades_use():
    assert set(referential()) == {trade.rome for trade in TRADES}


@pytest.mark.parametrize("code, rome, label", [
    ("chocolatier", "D1115", "Chocolatier / Chocolatière"),
    ("glacier", "D1118", "Glacier / Glacière"),
    ("cordonnier", "D1206", "Cordonnier / Cordonnière"),
    ("couvreur", "F1619", "Couvreur / Couvreuse"),
    ("tailleur-de-pierre", "F1612", "Tailleur / Tailleuse de pierre"),
    ("bijoutier-joaillier", "B1605", "Bijoutier / Bijoutière"),
    ("luthier", "B1505", "Luthier / Luthière"),
    ("sellier", "B1809", "Sellier / Sellière"),
])
def test_the_eight_codes_fixed_against_rome_4_60(code, rome, label):
    trade = get_trade(code)
    assert (trade.rome, trade.rome_label) == (rome, label)


def test_no_comment_speaks_of_rome_v3_any_more():
    source = (Path(__file__).resolve().parents[1] / "app" / "reference" / "trades.py").read_text(encoding="utf-8")
    assert "ROME v3" not in source and "ROME 4.60" in source
