"""Numbers read from URLs and query strings: ids the database can hold (else 404), page numbers (else 400)."""
from flask import request
from werkzeug.routing import IntegerConverter, ValidationError

from app.core.errors import Refused

# The largest id of an INTEGER primary key on PostgreSQL (SQLite's go further, but the schema is shared).
MAX_ID = 2**31 - 1
# Deeper pages are refused, as the search refuses them: nobody reads them and they only cost work.
MAX_PAGE = 10_000


def parse_id(text: str | None) -> int | None:
    """The id written in `text` (ASCII digits, 1 to MAX_ID), or None."""
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


class IdConverter(IntegerConverter):
    """Werkzeug's `int` converter bounded to the ids the database can hold: anything larger is a 404."""

    def to_python(self, value: str) -> int:
        """The id, or ValidationError (no route matches: 404) beyond MAX_ID."""
        # Checked on the text: int() of thousands of digits raises ValueError, which would be a 500.
        number = parse_id(value)
        if number is None:
            raise ValidationError()
        return number


def page_number(name: str = "page") -> int:
    """The page asked in the query string (1 when absent); Refused (400, French message) when not 1 to MAX_PAGE."""
    text = (request.args.get(name) or "").strip()
    if not text:
        return 1
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_PAGE)) or not 1 <= int(text) <= MAX_PAGE:
        raise Refused(f"Le numéro de page doit être un nombre entier entre 1 et {MAX_PAGE}.", name)
    return int(text)
