"""Every CSV the product writes defuses cells a spreadsheet would run as formulas (issue #12, item 3)."""
import csv
import io
import re
from pathlib import Path

import pytest

from app.core.csvfile import excel_csv, safe_cell
from tests.factories import make_business, make_offer
from tests.moderation_fixtures import people, signed_in  # noqa: F401


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig")), delimiter=";"))


@pytest.mark.parametrize("value, expected", [
    ("=HYPERLINK(\"http://evil.example\",\"clic\")", "'=HYPERLINK(\"http://evil.example\",\"clic\")"),
    ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
    ("+33 1 23", "'+33 1 23"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1+1", "'\t=1+1"), ("\r=1+1", "'\r=1+1"),
    ("Boulangerie – 35", "Boulangerie – 35"), ("", ""), (3, 3), (-3, -3), (None, None),
])
def test_a_text_cell_starting_like_a_formula_gets_an_apostrophe(value, expected):
    assert safe_cell(value) == expected


def test_the_excel_csv_keeps_its_format_and_defuses_the_header_too():
    text = excel_csv(["=A1", "Titre"], [["=1+1", 4]])
    assert text == "\ufeff'=A1;Titre\r\n'=1+1;4\r\n"


def test_the_chamber_listings_export_defuses_titles_and_business_names(people, signed_in):
    business = make_business(people.owner, postcode="35000", commune="Rennes", name="@SUM(1+1)*cmd|' /C calc'!A0")
    make_offer(business, "published", title="=HYPERLINK(\"http://evil.example\",\"Postuler ici\")")
    make_offer(people.business, "published", title="Boulanger en alternance")
    header, *rows = _rows(signed_in(people.staff).get("/moderation/tableau-de-bord/annonces.csv"))
    titles = {row[2]: row[3] for row in rows}
    assert titles["'=HYPERLINK(\"http://evil.example\",\"Postuler ici\")"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert titles["Boulanger en alternance"] == "Boulangerie du Thabor"
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)


def test_no_module_writes_csv_without_the_safe_writer():
    app_dir = Path(__file__).resolve().parents[1] / "app"
    writers = [path.relative_to(app_dir).as_posix() for path in app_dir.rglob("*.py")
               if re.search(r"csv\.(writer|DictWriter)\(", path.read_text(encoding="utf-8"))]
    assert writers == ["core/csvfile.py"]
