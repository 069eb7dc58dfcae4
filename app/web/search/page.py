"""What the search page shows besides results: the parsed request, filter groups with counts, links and labels."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from flask import url_for
from werkzeug.datastructures import MultiDict

from app.core.formatting import number_fr
from app.geo import get_departement, resolve_place
from app.reference.trades import Diploma, PartnerType, find_trade, get_trade
from app.search import InvalidParameter, SearchRequest, parse_search_args
from app.web.search.places import commune_by_name, is_code, place_code

RADIUS_CHOICES = (5, 10, 20, 30, 50, 100, 200)
KIND_CHOICES = (("", "Les deux"), ("offer", "Offres d’alternance"), ("project", "Projets d’innovation"))
SORT_LABELS = {"relevance": "Pertinence", "date": "Date de publication", "distance": "Distance"}
# The page, unlike the API, also takes a commune's name: its refusals say so.
NEAR_HINT = "Indiquez un code postal (par exemple 69003) ou le nom d’une commune."


def read_search(args: MultiDict) -> SearchRequest:
    """The checked search of the page's query string; a commune name in `near` is resolved first.

    Raises InvalidParameter (field, French message) like parse_search_args.
    """
    near = (args.get("near") or "").strip()
    commune = None
    if near and not is_code(near):
        commune = commune_by_name(near)
        if commune is None:
            raise InvalidParameter("near", f"Commune inconnue : « {near[:40]} ». {NEAR_HINT}")
        args = args.copy()
        args.setlist("near", [place_code(commune)])
    elif near:
        if not resolve_place(near.replace(" ", "")):
            raise InvalidParameter("near", f"Lieu inconnu : « {near[:20]} ». {NEAR_HINT}")
        args = args.copy()
        args.setlist("near", [near.replace(" ", "")])
    search = parse_search_args(args)
    return replace(search, near_commune=commune) if commune is not None else search


def search_url(search: SearchRequest, near_text: str = "", **changes) -> str:
    """/recherche?… for this search with some changes; the place is kept as the visitor typed it."""
    args = [("near", near_text) if name == "near" and near_text else (name, value)
            for name, value in search.query_args(**changes)]
    return url_for("search_pages.search") + ("?" + urlencode(args) if args else "")


@dataclass
class FilterOption:
    """One checkbox: the value sent, its label, the facet count and whether it is checked."""

    value: str
    label: str
    count: int
    checked: bool


@dataclass
class FilterGroup:
    """A fieldset of checkboxes for one repeated parameter (trade, diploma, departement)."""

    name: str
    legend: str
    options: list[FilterOption] = field(default_factory=list)


def _trade(value: str) -> tuple[str, str]:
    trade = get_trade(value) or find_trade(value)
    return (trade.code, trade.label) if trade else (value, value)


def _diploma(value: str) -> tuple[str, str]:
    member = Diploma.lookup(value)
    return (member.value, member.label) if member else (value, value)


def _departement(value: str) -> tuple[str, str]:
    departement = get_departement(value)
    return (departement.code, f"{departement.name} ({departement.code})") if departement else (value, value)


def _partner_type(value: str) -> tuple[str, str]:
    member = PartnerType.lookup(value)
    return (member.value, member.label) if member else (value, value)


_GROUPS = (("trade", "Métier", _trade), ("diploma", "Diplôme préparé", _diploma),
           ("departement", "Département", _departement), ("partner_type", "Partenaire recherché", _partner_type))
# Only projects seek partners: their group shows when projects alone are searched (or one is checked).
_PROJECT_GROUPS = {"partner_type"}


def filter_groups(args: MultiDict, facets: dict[str, dict[str, int]]) -> list[FilterGroup]:
    """The checkbox groups: every facet value with its count, plus the checked values even when counted 0."""
    groups = []
    projects = kind_choice(args) == "project"
    for name, legend, describe in _GROUPS:
        if name in _PROJECT_GROUPS and not projects and not any(v.strip() for v in args.getlist(name)):
            continue
        checked = {describe(v.strip())[0] for v in args.getlist(name) if v.strip()}
        options: dict[str, FilterOption] = {}
        for key, count in facets.get(name, {}).items():
            value, label = describe(key)
            options[value] = FilterOption(value, label, count, value in checked)
        for value in checked - options.keys():
            options[value] = FilterOption(value, describe(value)[1], 0, True)
        ordered = sorted(options.values(), key=lambda o: (not o.checked, -o.count, o.label.casefold()))
        groups.append(FilterGroup(name, legend, ordered))
    return groups


def kind_choice(args: MultiDict) -> str:
    """The checked radio of the type filter: "offer", "project" or "" (both)."""
    kinds = {v.strip().lower() for v in args.getlist("type") if v.strip()}
    kinds = {"offer" if k in ("offer", "offre") else "project" if k in ("project", "projet") else k for k in kinds}
    return kinds.pop() if len(kinds) == 1 else ""


def radius_choices(raw: str) -> list[tuple[str, str]]:
    """The radius options (value, label), with the visitor's own value kept when it is not one of them."""
    choices = [(str(km), f"{km} km") for km in RADIUS_CHOICES]
    raw = raw.strip()
    if raw and raw not in {value for value, _ in choices}:
        choices.insert(0, (raw, f"{raw[:20]} km"))
    return choices


def page_window(page: int, pages: int, around: int = 2) -> list[int | None]:
    """Page numbers to link: the first, the last and a few around the current one; None marks a gap."""
    wanted = {1, pages} | set(range(max(1, page - around), min(pages, page + around) + 1))
    numbers: list[int | None] = []
    for number in sorted(n for n in wanted if 1 <= n <= pages):
        if numbers and number - numbers[-1] > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


def total_label(total: int, kinds: tuple[str, ...]) -> str:
    """« 42 offres et projets », « 1 offre », « Aucun projet »…"""
    if kinds == ("offer",):
        one, many, none = "offre", "offres", "Aucune offre"
    elif kinds == ("project",):
        one, many, none = "projet", "projets", "Aucun projet"
    else:
        one, many, none = "offre ou projet", "offres et projets", "Aucune offre ni aucun projet"
    if total == 0:
        return none
    return f"{number_fr(total)} {one if total == 1 else many}"


def url_without(args: MultiDict, *names: str) -> str:
    """/recherche with the visitor's parameters except these (e.g. a wrong page number)."""
    kept = [(name, value) for name, value in args.items(multi=True) if name not in names and value]
    return url_for("search_pages.search") + ("?" + urlencode(kept) if kept else "")


def feed_url(search: SearchRequest) -> str:
    """/recherche.atom of the same search."""
    args = search.query_args(page=1, sort="relevance")
    return url_for("feeds.search_feed") + ("?" + urlencode(args) if args else "")


HELPERS = {"filter_groups": filter_groups, "kind_choice": kind_choice, "radius_choices": radius_choices,
           "page_window": page_window, "total_label": total_label, "search_url": search_url,
           "url_without": url_without, "feed_url": feed_url, "kind_choices": KIND_CHOICES,
           "sort_labels": SORT_LABELS}
