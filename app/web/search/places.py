"""What a visitor types in « Où ? »: a postcode, an INSEE code, a commune name, or an autocomplete label."""
from __future__ import annotations

import re

from app.geo import Commune, find_commune, match_key, resolve_place, search_communes

_CODE = re.compile(r"\d{5}|2[AB]\d{3}", re.IGNORECASE)
# The label the commune autocomplete offers: "Lyon 3e arrondissement (69003)".
_LABEL = re.compile(r"(.*\S)\s*\((\d{5}|2[AB]\d{3})\)", re.IGNORECASE)
MAX_NAME_LENGTH = 100


def is_code(text: str) -> bool:
    """True when the text looks like a postcode or an INSEE code (checked later by the search parameters)."""
    return bool(_CODE.fullmatch(text.replace(" ", "")))


def commune_by_name(text: str) -> Commune | None:
    """The commune a name designates: the exact name first, else the most populous one starting with it."""
    text = " ".join(text.split())[:MAX_NAME_LENGTH]
    labelled = _LABEL.fullmatch(text)
    if labelled:
        name, code = labelled.groups()
        found = find_commune(code, name) or next(iter(resolve_place(code)), None)
        if found is not None:
            return found
        text = name
    candidates = search_communes(text, 20)
    wanted = match_key(text)
    return next((c for c in candidates if match_key(c.name) == wanted), candidates[0] if candidates else None)


def place_code(commune: Commune) -> str:
    """A code that designates exactly this commune for the search parameters: its postcode when unambiguous."""
    for code in (commune.postcode, commune.insee):
        if code and next(iter(resolve_place(code)), None) == commune:
            return code
    return commune.insee
