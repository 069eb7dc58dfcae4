"""The Whoosh schema of listings and the conversion of a plain listing dict into index fields."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, TEXT, Schema

from .analysis import accent_forms, french_analyzer, spelling_analyzer
from .geo import point_cells

# Query-time boosts (linear on the score, and changeable without a reindex, unlike Whoosh's field_boost
# which multiplies term frequencies that BM25 then saturates).
FIELD_BOOSTS: dict[str, float] = {"title": 3.0, "trade_label": 2.0, "business_name": 1.5, "description": 1.0}
TEXT_FIELDS: tuple[str, ...] = tuple(FIELD_BOOSTS)
FACET_FIELDS: tuple[str, ...] = ("kind", "trade", "diploma", "departement")
# Fields holding several values per document (space-separated keywords): no column, counted from their terms.
MULTI_FACET_FIELDS: tuple[str, ...] = ("partner_type",)
# Keyword fields whose terms select documents: facets, the highlighted flag and the map cells of "near".
FILTER_FIELDS: tuple[str, ...] = FACET_FIELDS + MULTI_FACET_FIELDS + ("highlighted", "cells")
SPELL_FIELD = "spell"
ACCENTS_FIELD = "accents"
# Documents without a date sort last; Whoosh's empty DATETIME column value would sort first.
NO_DATE = datetime(1970, 1, 1)
_MICRO = 1_000_000


def build_schema() -> Schema:
    """A new schema object for the listings index."""
    french = french_analyzer()
    return Schema(
        key=ID(stored=True, unique=True),
        kind=ID(stored=True, sortable=True),
        listing_id=NUMERIC(int, bits=64, stored=True),
        title=TEXT(analyzer=french, stored=True),
        trade_label=TEXT(analyzer=french),
        description=TEXT(analyzer=french, stored=True),
        business_name=TEXT(analyzer=french),
        commune=ID(sortable=True),
        departement=ID(sortable=True),
        trade=ID(sortable=True),
        diploma=ID(sortable=True),
        partner_type=KEYWORD(),
        highlighted=ID(sortable=True),
        published_at=DATETIME(sortable=True),
        # Microdegrees: Whoosh 2.7 cannot give a float NUMERIC column a default for documents without a point.
        lat=NUMERIC(int, bits=32, sortable=True),
        lon=NUMERIC(int, bits=32, sortable=True),
        cells=KEYWORD(),
        spell=TEXT(analyzer=spelling_analyzer(), phrase=False),
        accents=KEYWORD(),
    )


# The field names of the current schema: an index built with other fields is outdated (`flask search reindex`).
SCHEMA_FIELDS: frozenset[str] = frozenset(build_schema().names())


def document_key(kind: str, listing_id: int) -> str:
    """The unique key of a listing in the index, e.g. "offer:17"."""
    return f"{kind}:{int(listing_id)}"


def _utc_naive(value: Any) -> datetime:
    if value is None or value == "":
        return NO_DATE
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        raise TypeError(f"published_at must be a datetime, not {type(value).__name__}")
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value


def _text(doc: Mapping[str, Any], name: str) -> str:
    value = doc.get(name)
    return "" if value is None else str(value).replace("\x00", " ")


def document_fields(doc: Mapping[str, Any]) -> dict[str, Any]:
    """Whoosh field values for a listing dict (see the package docstring for its keys)."""
    kind = _text(doc, "kind")
    if not kind:
        raise ValueError("a search document needs a kind")
    listing_id = int(doc["listing_id"])
    title, trade_label, description = _text(doc, "title"), _text(doc, "trade_label"), _text(doc, "description")
    fields: dict[str, Any] = {
        "key": document_key(kind, listing_id),
        "kind": kind,
        "listing_id": listing_id,
        "title": title,
        "trade_label": trade_label,
        "description": description,
        "business_name": _text(doc, "business_name"),
        "highlighted": "1" if doc.get("highlighted") else "0",
        "published_at": _utc_naive(doc.get("published_at")),
        "spell": "\n".join((title, trade_label, description)),
    }
    accents = accent_forms(fields["spell"])
    if accents:
        fields["accents"] = " ".join(sorted(accents))
    for name in ("commune", "departement", "trade", "diploma"):
        value = _text(doc, name)
        if value:
            fields[name] = value
    partner_types = [str(value).strip() for value in doc.get("partner_types") or () if str(value).strip()]
    if partner_types:
        fields["partner_type"] = " ".join(dict.fromkeys(partner_types))
    lat, lon = doc.get("lat"), doc.get("lon")
    if lat is not None and lon is not None:
        lat, lon = float(lat), float(lon)
        if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
            raise ValueError(f"coordinates out of range: {lat}, {lon}")
        fields["lat"] = round(lat * _MICRO)
        fields["lon"] = round(lon * _MICRO)
        fields["cells"] = " ".join(point_cells(lat, lon))
    return fields


def from_micro(value: int) -> float:
    """Degrees from the microdegrees stored in the lat/lon columns."""
    return value / _MICRO
