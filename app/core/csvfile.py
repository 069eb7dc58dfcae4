"""The one CSV writer of the product: cells a spreadsheet would run as a formula are defused, Excel-French format."""
import csv
import io
from collections.abc import Iterable
from typing import Any

# A spreadsheet reads a cell starting with one of these as a formula (or, for tab and CR, as the start of one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value with a leading apostrophe when it is text a spreadsheet would run as a formula; others as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """A csv.writer whose text cells are defused."""

    def __init__(self, stream, **options):
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[Any]):
        """Write one row, each cell defused."""
        return self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        """Write several rows, each cell defused."""
        for row in rows:
            self.writerow(row)


def excel_csv(header: list[str], rows: Iterable[Iterable[Any]]) -> str:
    """CSV as Excel in French expects it: UTF-8 with a byte order mark, `;` separators, CRLF, defused cells."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = SafeWriter(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()
