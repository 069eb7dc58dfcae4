"""Autocomplete answers for trades and communes: short lists, cached per process."""
from __future__ import annotations

import re
from functools import lru_cache

from app.core.text import fold
from app.geo import search_communes
from app.reference.trades import TRADES

MAX_SUGGESTIONS = 10
MAX_QUERY_LENGTH = 60
_WORD_BREAK = re.compile(r"[\s\-'’]+")


def _clean(text: str | None) -> str:
    return fold(text or "")[:MAX_QUERY_LENGTH].strip()


@lru_cache(maxsize=1)
def _folded_trades() -> tuple[tuple[str, tuple[str, ...], str], ...]:
    """(folded label, folded words, label) of every trade, sorted by label."""
    rows = [(fold(t.label), tuple(_WORD_BREAK.split(fold(t.label))), t.label) for t in TRADES]
    return tuple(sorted(rows))


@lru_cache(maxsize=1024)
def _trades(key: str) -> tuple[str, ...]:
    starts = [label for folded, _, label in _folded_trades() if folded.startswith(key)]
    inside = [label for folded, words, label in _folded_trades()
              if not folded.startswith(key) and any(word.startswith(key) for word in words)]
    return tuple((starts + inside)[:MAX_SUGGESTIONS])


def trade_suggestions(text: str | None) -> list[str]:
    """Trade labels whose label or one of its words starts with the text, ignoring case and accents."""
    key = _clean(text)
    return list(_trades(key)) if key else []


@lru_cache(maxsize=2048)
def _communes(key: str) -> tuple[tuple[str, str], ...]:
    found = []
    for commune in search_communes(key, MAX_SUGGESTIONS):
        # A typed postcode prefix shows the postcode that matched, not the commune's first one.
        postcode = next((p for p in commune.postcodes if p.startswith(key.upper())), commune.postcode)
        found.append((f"{commune.name} ({postcode})", postcode or commune.insee))
    return tuple(found)


def commune_suggestions(text: str | None) -> list[dict[str, str]]:
    """Communes whose name or postcode starts with the text: [{"label": "Lyon 3e arrondissement (69003)", ...}]."""
    key = " ".join((text or "").split())[:MAX_QUERY_LENGTH]
    if len(key) < 2:
        return []
    return [{"label": label, "value": value} for label, value in _communes(key.casefold())]
