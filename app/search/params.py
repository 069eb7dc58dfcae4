"""Search parameters as CONTRACT.md names them: parsing, checking (French messages) and writing them back."""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from werkzeug.datastructures import MultiDict

from app.core.errors import Refused
from app.core.text import strip_control_characters
from app.geo import Commune, get_departement, resolve_place
from app.reference.trades import Diploma, PartnerType, find_trade, get_trade
from app.search.engine import MAX_PER_PAGE, SORTS

MAX_QUERY_LENGTH = 500
DEFAULT_RADIUS_KM = 30.0
MIN_RADIUS_KM, MAX_RADIUS_KM = 1.0, 200.0
DEFAULT_PER_PAGE = 20  # MAX_PER_PAGE and SORTS are the engine's
# Deeper pages are refused: nobody reads them and they only cost work.
MAX_PAGE = 10_000
KINDS = {"offer": "offer", "offre": "offer", "project": "project", "projet": "project"}
TRUE, FALSE = {"1", "true", "on", "oui", "yes"}, {"", "0", "false", "off", "non", "no"}


class InvalidParameter(Refused):
    """A search parameter that cannot be used: `field` names it, `message` says why in French."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, field)


@dataclass(frozen=True)
class SearchRequest:
    """The service's checked request (not the engine's EngineQuery): text, filters (codes), place, sort, page."""

    q: str = ""
    kinds: tuple[str, ...] = ()
    trades: tuple[str, ...] = ()  # trade codes
    diplomas: tuple[str, ...] = ()  # Diploma values ("CAP", "Bac pro"...)
    departements: tuple[str, ...] = ()
    partner_types: tuple[str, ...] = ()  # PartnerType values ("designer", "laboratoire"...)
    near: str | None = None  # the postcode or INSEE code as typed (trimmed)
    near_commune: Commune | None = None
    radius_km: float = DEFAULT_RADIUS_KM
    highlighted: bool = False
    sort: str = "relevance"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @property
    def has_filters(self) -> bool:
        """True when anything narrows the search (text, filter or place)."""
        return bool(self.q or self.kinds or self.trades or self.diplomas or self.departements
                    or self.partner_types or self.near or self.highlighted)

    def query_args(self, **changes: Any) -> list[tuple[str, str]]:
        """The URL query of this search (defaults left out), e.g. query_args(page=2) for the next page link."""
        request = replace(self, **changes) if changes else self
        args: list[tuple[str, str]] = []
        if request.q:
            args.append(("q", request.q))
        args += [("type", kind) for kind in request.kinds]
        args += [("trade", code) for code in request.trades]
        args += [("diploma", value) for value in request.diplomas]
        args += [("departement", code) for code in request.departements]
        args += [("partner_type", value) for value in request.partner_types]
        if request.near:
            args.append(("near", request.near))
            if request.radius_km != DEFAULT_RADIUS_KM:
                args.append(("radius_km", f"{request.radius_km:g}"))
        if request.highlighted:
            args.append(("highlighted", "1"))
        if request.sort != "relevance":
            args.append(("sort", request.sort))
        if request.page != 1:
            args.append(("page", str(request.page)))
        if request.per_page != DEFAULT_PER_PAGE:
            args.append(("per_page", str(request.per_page)))
        return args


def _values(args: MultiDict, name: str) -> list[str]:
    """The non-empty values of a repeated parameter, trimmed, without duplicates."""
    return list(dict.fromkeys(v.strip() for v in args.getlist(name) if isinstance(v, str) and v.strip()))


def _one(args: MultiDict, name: str) -> str:
    value = args.get(name)
    return value.strip() if isinstance(value, str) else ""


def _each(values: Iterable[str], convert, field: str, message: str) -> tuple[str, ...]:
    """Convert each value (None means unknown: InvalidParameter naming the value)."""
    converted = []
    for value in values:
        code = convert(value)
        if code is None:
            raise InvalidParameter(field, message.format(value=value[:100]))
        converted.append(code)
    return tuple(dict.fromkeys(converted))


def _trade_code(value: str) -> str | None:
    trade = get_trade(value) or find_trade(value)
    return trade.code if trade else None


def _diploma(value: str) -> str | None:
    member = Diploma.lookup(value)
    return member.value if member else None


def _partner_type(value: str) -> str | None:
    member = PartnerType.lookup(value)
    return member.value if member else None


def _departement(value: str) -> str | None:
    departement = get_departement(value)
    return departement.code if departement else None


def _integer(args: MultiDict, name: str, default: int, low: int, high: int, message: str) -> int:
    text = _one(args, name)
    if not text:
        return default
    # The length check first: int() refuses strings of thousands of digits with a ValueError.
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(high)) or not low <= int(text) <= high:
        raise InvalidParameter(name, message)
    return int(text)


def _radius(text: str) -> float:
    if not text:
        return DEFAULT_RADIUS_KM
    try:
        radius = float(text.replace(",", "."))
    except ValueError:
        radius = math.nan
    if not (math.isfinite(radius) and MIN_RADIUS_KM <= radius <= MAX_RADIUS_KM):
        raise InvalidParameter("radius_km", f"Le rayon doit être un nombre de kilomètres entre "
                                            f"{MIN_RADIUS_KM:g} et {MAX_RADIUS_KM:g}.")
    return radius


def _near(text: str) -> Commune | None:
    if not text:
        return None
    communes = resolve_place(text)
    if not communes:
        raise InvalidParameter("near", f"Lieu inconnu : « {text[:20]} ». Indiquez un code postal (par exemple "
                                       "69003) ou le code INSEE d’une commune, à 5 chiffres.")
    return communes[0]


def parse_search_args(args: MultiDict) -> SearchRequest:
    """Check the search parameters of a query string; raise InvalidParameter (field, French message)."""
    q = " ".join(strip_control_characters(str(args.get("q") or ""), replacement=" ").split())
    q = q[:MAX_QUERY_LENGTH].strip()
    kinds = _each(_values(args, "type"), lambda v: KINDS.get(v.lower()), "type",
                  "Type d’annonce inconnu : « {value} ». Valeurs possibles : offer (offres) ou project (projets).")
    trades = _each(_values(args, "trade"), _trade_code, "trade", "Métier inconnu : « {value} ».")
    diplomas = _each(_values(args, "diploma"), _diploma, "diploma", "Diplôme inconnu : « {value} ».")
    departements = _each(_values(args, "departement"), _departement, "departement",
                         "Département inconnu : « {value} ».")
    partner_types = _each(_values(args, "partner_type"), _partner_type, "partner_type",
                          "Type de partenaire inconnu : « {value} ». Valeurs possibles : "
                          + ", ".join(PartnerType) + ".")
    near = _one(args, "near") or None
    commune = _near(near or "")
    radius = _radius(_one(args, "radius_km"))
    highlighted = _one(args, "highlighted").lower()
    if highlighted not in TRUE | FALSE:
        raise InvalidParameter("highlighted", "Indiquez highlighted=1 pour ne voir que les entreprises mises en "
                                              "avant.")
    sort = _one(args, "sort") or "relevance"
    if sort not in SORTS:
        raise InvalidParameter("sort", f"Tri inconnu : « {sort[:30]} ». Valeurs possibles : relevance "
                                       "(pertinence), date ou distance.")
    if sort == "distance" and commune is None:
        raise InvalidParameter("sort", "Le tri par distance nécessite un lieu (paramètre near).")
    page = _integer(args, "page", 1, 1, MAX_PAGE,
                    f"Le numéro de page doit être un nombre entier entre 1 et {MAX_PAGE}.")
    per_page = _integer(args, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE,
                        f"Le nombre de résultats par page doit être un nombre entier entre 1 et {MAX_PER_PAGE}.")
    return SearchRequest(q=q, kinds=kinds, trades=trades, diplomas=diplomas, departements=departements,
                         partner_types=partner_types, near=near, near_commune=commune, radius_km=radius,
                         highlighted=highlighted in TRUE, sort=sort, page=page, per_page=per_page)
