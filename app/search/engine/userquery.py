"""Any string a user types, turned into Whoosh queries over the text fields, with no query syntax exposed."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh import query

from .analysis import french_analyzer
from .schema import FIELD_BOOSTS

MAX_QUERY_CHARS = 500
MAX_UNITS = 16
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_PHRASE = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"[^\W\d_]+")
_ANALYZER = french_analyzer()


@dataclass(frozen=True)
class Unit:
    """One required piece of a query: a single term, or the terms of a quoted phrase."""

    terms: tuple[str, ...]


@dataclass
class ParsedQuery:
    """The cleaned text, its query units and the letter-only words with their spans (for spelling)."""

    text: str
    units: list[Unit] = field(default_factory=list)
    words: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def terms(self) -> set[str]:
        """Every analysed term of the query, for highlighting."""
        return {term for unit in self.units for term in unit.terms}


def clean(text: str) -> str:
    """The user's text cut to a sane length, with control characters (NUL...) turned into spaces."""
    return _CONTROL.sub(" ", (text or "")[:MAX_QUERY_CHARS])


def _analyzed(text: str) -> list[str]:
    return [token.text for token in _ANALYZER(text)]


def parse(text: str) -> ParsedQuery:
    """Split a user's text into units: each word is one unit, each quoted phrase another."""
    parsed = ParsedQuery(clean(text))
    seen: set[Unit] = set()

    def add(unit: Unit) -> None:
        if unit not in seen and len(parsed.units) < MAX_UNITS:
            seen.add(unit)
            parsed.units.append(unit)

    def plain(chunk: str) -> None:
        for term in _analyzed(chunk):
            add(Unit((term,)))

    position = 0
    for match in _PHRASE.finditer(parsed.text):
        plain(parsed.text[position:match.start()])
        # StopFilter renumbers positions in the index and here alike, so stop words never break a phrase.
        terms = _analyzed(match.group(1))
        if terms:
            add(Unit(tuple(terms)))
        position = match.end()
    plain(parsed.text[position:])
    parsed.words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(parsed.text)]
    return parsed


def unit_query(unit: Unit) -> query.Query:
    """The query matching one unit in any text field, with the field boosts."""
    if len(unit.terms) == 1:
        return query.Or([query.Term(name, unit.terms[0], boost=boost) for name, boost in FIELD_BOOSTS.items()])
    return query.Or([query.Phrase(name, list(unit.terms), boost=boost)
                     for name, boost in FIELD_BOOSTS.items()])


def text_query(parsed: ParsedQuery, require_all: bool = True) -> query.Query | None:
    """All units required (or any of them), or None when the text has no searchable word."""
    if not parsed.units:
        return None
    parts = [unit_query(unit) for unit in parsed.units]
    if len(parts) == 1:
        return parts[0]
    return query.And(parts) if require_all else query.Or(parts)
