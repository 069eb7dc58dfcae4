"""Searching listings: text, filters, distance, facets, sorting, pagination, snippets and suggestions."""
from __future__ import annotations

import heapq
import math
import os
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Sequence, Set
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import numpy as np
from whoosh import query, scoring
from whoosh.matching import ListMatcher, NullMatcher, RequireMatcher

from .docsets import any_term_docs, every_doc, intersect, unit_docs
from .facets import facet_counts
from .geo import Near, box_cells
from .index import Snapshot, reading
from .ranking import best_by_bm25, rankable
from .schema import MULTI_FACET_FIELDS, from_micro
from .suggest import marked_title, snippet, suggestion
from .userquery import ParsedQuery, Unit, parse, text_query

# The sorts and the largest page the engine serves; the search service (app.search.params) checks against these.
SORTS = ("relevance", "date", "distance")
MAX_PER_PAGE = 100
# Relevance scores of highlighted businesses are multiplied by this: visible, yet a much better match still wins.
HIGHLIGHT_BOOST = 1.5
# Above this share of the index, walk a cached global order instead of sorting the matches.
_GLOBAL_ORDER_SHARE = 0.1
RANK_DEPTH = 100
# A word in more than this share of the documents filters but is not scored when rarer words remain.
COMMON_SHARE = 0.3
RANK_CACHE_SIZE = 256
# Filter sets kept per commit, counted in document numbers (about 60 bytes each in a frozenset of ints).
FILTER_CACHE_IDS = 500_000
# A filter this many times larger than the narrowest one is checked on column values instead of built as a set.
BROAD_FILTER_FACTOR = 4
MARK_CACHE_SIZE = 4096


def _values(items: Iterable[str] | str | None) -> tuple[str, ...]:
    if items is None:
        return ()
    if isinstance(items, str):
        items = [items]
    return tuple(dict.fromkeys(str(item) for item in items if item not in (None, "")))


@dataclass
class EngineQuery:
    """The engine's query (index codes): free text, filters (OR within a list, AND across lists), sort and page."""

    q: str = ""
    kinds: Sequence[str] = ()
    trades: Sequence[str] = ()
    diplomas: Sequence[str] = ()
    departements: Sequence[str] = ()
    partner_types: Sequence[str] = ()
    near: Near | None = None
    highlighted_only: bool = False
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20

    def __post_init__(self) -> None:
        self.q = self.q if isinstance(self.q, str) else ""
        self.kinds, self.trades = _values(self.kinds), _values(self.trades)
        self.diplomas, self.departements = _values(self.diplomas), _values(self.departements)
        self.partner_types = _values(self.partner_types)
        if self.sort not in SORTS:
            raise ValueError(f"sort must be one of {SORTS}")
        if self.sort == "distance" and self.near is None:
            raise ValueError("sort by distance needs near")
        if int(self.page) < 1 or not 1 <= int(self.per_page) <= MAX_PER_PAGE:
            raise ValueError(f"page must be >= 1 and per_page between 1 and {MAX_PER_PAGE}")
        self.page, self.per_page = int(self.page), int(self.per_page)


@dataclass
class ResultItem:
    """One hit: which listing, its score or distance, and HTML (escaped, with <mark>) to show."""

    key: str
    kind: str
    listing_id: int
    score: float | None
    distance_km: float | None
    snippet: str
    title_html: str


@dataclass
class EngineResult:
    """The engine's answer: one page of index hits (keys, no listings), totals, facets over all hits, a suggestion."""

    items: list[ResultItem]
    total: int
    page: int
    per_page: int
    pages: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestion: str | None = None
    all_words: bool = True


class _BoostedScorer(scoring.BaseScorer):
    def __init__(self, inner: Any, flags: list[str], factor: float) -> None:
        self.inner, self.flags, self.factor = inner, flags, factor

    def supports_block_quality(self) -> bool:
        return self.inner.supports_block_quality()

    def score(self, matcher: Any) -> float:
        score = self.inner.score(matcher)
        return score * self.factor if self.flags[matcher.id()] == "1" else score

    def max_quality(self) -> float:
        return self.inner.max_quality() * self.factor

    def block_quality(self, matcher: Any) -> float:
        return self.inner.block_quality(matcher) * self.factor


class HighlightBoost(scoring.WeightingModel):
    """BM25F with the scores of highlighted businesses' listings multiplied by HIGHLIGHT_BOOST."""

    def __init__(self, snapshot: Snapshot, factor: float = HIGHLIGHT_BOOST) -> None:
        self.snapshot, self.factor, self.inner = snapshot, factor, scoring.BM25F()

    def idf(self, searcher: Any, fieldname: str, text: Any) -> float:
        return self.inner.idf(searcher, fieldname, text)

    def scorer(self, searcher: Any, fieldname: str, text: Any, qf: int = 1) -> Any:
        inner = self.inner.scorer(searcher, fieldname, text, qf=qf)
        reader = searcher.reader()
        if not reader.is_atomic() or reader.segment() is None:
            return inner
        return _BoostedScorer(inner, self.snapshot.segment_column(reader, "highlighted"), self.factor)


class _DocsQuery(query.Query):
    """Matches a fixed set of global document numbers; used with Require to score only those documents."""

    def __init__(self, snapshot: Snapshot, docnums: Iterable[int]) -> None:
        self._local: dict[int, list[int]] = {}
        ranges = [(id(reader), offset, offset + reader.doc_count_all())
                  for reader, offset in snapshot.searcher.reader().leaf_readers()]
        for docnum in sorted(docnums):
            for key, low, high in ranges:
                if low <= docnum < high:
                    self._local.setdefault(key, []).append(docnum - low)
                    break

    def __eq__(self, other: object) -> bool:
        return self is other

    def __hash__(self) -> int:
        return id(self)

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        ids = self._local.get(id(searcher.reader()))
        return ListMatcher(ids) if ids else NullMatcher()


class _RequireMatcher(RequireMatcher):
    """Whoosh 2.7.4's RequireMatcher, with skip_to_quality fixed to realign only misaligned sub-matchers."""

    def skip_to_quality(self, minquality: float) -> int:
        skipped = self.a.skip_to_quality(minquality)
        if self.a.is_active() and self.b.is_active() and self.a.id() != self.b.id():
            self.child._find_next()
        return skipped


class _Restrict(query.Query):
    """Scores `text` on the documents of `docs` only (Whoosh 2.7.4's Require builds an AndNot matcher)."""

    def __init__(self, text: query.Query, docs: _DocsQuery) -> None:
        self.text, self.docs = text, docs

    def __eq__(self, other: object) -> bool:
        return self is other

    def __hash__(self) -> int:
        return id(self)

    def children(self) -> list[query.Query]:
        return [self.text]

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        docs = self.docs.matcher(searcher)
        if not docs.is_active():
            return NullMatcher()
        return _RequireMatcher(self.text.matcher(searcher, context), docs)


def _filter_docs(snapshot: Snapshot, field: str, values: tuple[str, ...]) -> frozenset[int]:
    """Documents with one of the values in a field, kept until the next commit in a bounded cache."""
    cache = snapshot.memo("filters", OrderedDict)
    key = (field, values)
    docs = cache.get(key)
    if docs is not None:
        cache.move_to_end(key)
        return docs
    docs = cache[key] = frozenset(any_term_docs(snapshot, field, values))
    size = snapshot.memo("filters_size", lambda: [0])
    size[0] += len(docs)
    while size[0] > FILTER_CACHE_IDS and len(cache) > 1:
        size[0] -= len(cache.popitem(last=False)[1])
    return docs


def _allowed(snapshot: Snapshot, params: EngineQuery) -> tuple[Set[int] | None, dict[int, float]]:
    """Documents passing the filters (None when there is none) and, with near, their distances."""
    filters = [(name, values) for name, values in (
        ("kind", params.kinds), ("trade", params.trades), ("diploma", params.diplomas),
        ("departement", params.departements), ("partner_type", params.partner_types),
        ("highlighted", ("1",) if params.highlighted_only else ()))
        if values]
    reader = snapshot.searcher.reader()
    sizes = {name: sum(reader.doc_frequency(name, value) for value in values) for name, values in filters}
    filters.sort(key=lambda item: sizes[item[0]])
    sets: list[Set[int]] = []
    if params.near is not None:
        cells = tuple(box_cells(params.near.box))
        sets.append(_filter_docs(snapshot, "cells", cells))
    checks = []
    for name, values in filters:
        # Building the set of a broad filter ("offer": most of the index) costs more than checking the
        # cached column of the few documents the narrower filters leave.
        if sets and name not in MULTI_FACET_FIELDS and sizes[name] > BROAD_FILTER_FACTOR * min(map(len, sets)):
            checks.append((snapshot.column(name), frozenset(values)))
        else:
            sets.append(_filter_docs(snapshot, name, values))
    if not sets:
        return None, {}
    allowed: Set[int] = sets[0] if len(sets) == 1 else intersect(sets)
    for column, values in checks:
        allowed = {docnum for docnum in allowed if column[docnum] in values}
    if params.near is None:
        return allowed, {}
    distances = _within(snapshot, allowed, params.near)
    return set(distances), distances


def _scored_units(snapshot: Snapshot, parsed: ParsedQuery, unit_sets: list[frozenset[int]], all_words: bool,
                  restricted: bool) -> tuple[list[Unit], bool]:
    """The units to score, and whether scoring must be restricted to the matched set.

    Words found in most documents ("apprenti", "formation") weigh almost nothing in BM25 yet cost the most to
    score: when rarer words remain, they only filter (they are in the matched set).
    """
    size = max(1, snapshot.searcher.doc_count())
    rare = [unit for unit, docs in zip(parsed.units, unit_sets) if len(docs) <= COMMON_SHARE * size]
    if not all_words or not rare or len(rare) == len(parsed.units):
        return list(parsed.units), restricted
    return rare, True


def _degrees(snapshot: Snapshot, field: str) -> np.ndarray:
    """A coordinate column in degrees, as an array (once per commit)."""
    return snapshot.memo("degrees:" + field, lambda: from_micro(np.array(snapshot.column(field), dtype=np.float64)))


def _within(snapshot: Snapshot, candidates: Iterable[int], near: Near) -> dict[int, float]:
    # In vector operations: the box of a wide radius holds thousands of candidates.
    docnums = np.fromiter(candidates, dtype=np.int64)
    km = near.distances_to(_degrees(snapshot, "lat")[docnums], _degrees(snapshot, "lon")[docnums])
    inside = km <= near.radius_km
    return dict(zip(docnums[inside].tolist(), km[inside].tolist()))


def _first(snapshot: Snapshot, matched: Set[int], count: int, name: str,
           key: Callable[[int], Any]) -> list[int]:
    """The first `count` matches in the order of `key`, walking a cached global order for broad results."""
    size = snapshot.searcher.doc_count_all()
    if len(matched) > _GLOBAL_ORDER_SHARE * size:
        order = snapshot.memo(name, lambda: sorted(range(size), key=key))
        return list(islice((docnum for docnum in order if docnum in matched), count))
    return heapq.nsmallest(count, matched, key=key)


def _ranked(snapshot: Snapshot, units: list[Unit], all_words: bool, matched: Set[int], filtered: bool,
            cache_key: Hashable, end: int) -> list[tuple[int, float | None]]:
    """The best `end` (at least RANK_DEPTH) matches by score, remembered until the next commit."""
    # A popular query and the next pages of any query are served from this per-commit cache.
    cache = snapshot.memo("ranked", dict)
    ranked = cache.get(cache_key)
    if ranked is None or (len(ranked) < end and len(ranked) < len(matched)):
        depth = max(end, RANK_DEPTH)
        if rankable(units):
            ranked = best_by_bm25(snapshot, units, matched, depth, HIGHLIGHT_BOOST)
        else:
            text = text_query(ParsedQuery("", units), require_all=all_words)
            if filtered:
                # Leapfrogging through the matches beats Whoosh's filter, which walks every text match.
                text = _Restrict(text, _DocsQuery(snapshot, matched))
            results = snapshot.searcher.search(text, limit=depth, terms=False)
            ranked = [(docnum, score) for score, docnum in results.top_n]
        if len(cache) >= RANK_CACHE_SIZE:
            cache.pop(next(iter(cache)))
        cache[cache_key] = ranked
    return ranked


def _page(snapshot: Snapshot, params: EngineQuery, units: list[Unit] | None, all_words: bool, matched: Set[int],
          filtered: bool, distances: dict[int, float], cache_key: Hashable) -> list[tuple[int, float | None]]:
    start, end = (params.page - 1) * params.per_page, params.page * params.per_page
    if start >= len(matched):
        return []
    if params.sort == "distance":
        return [(d, None) for d in heapq.nsmallest(end, matched, key=lambda d: (distances[d], d))[start:]]
    if params.sort == "relevance" and units:
        return _ranked(snapshot, units, all_words, matched, filtered, cache_key, end)[start:end]
    published = snapshot.column("published_at")
    if params.sort == "date":
        docnums = _first(snapshot, matched, end, "date", lambda d: (-published[d], d))
    else:
        highlighted = snapshot.column("highlighted")
        docnums = _first(snapshot, matched, end, "default",
                         lambda d: (highlighted[d] != "1", -published[d], d))
    return [(d, None) for d in docnums[start:]]


_marks: OrderedDict[tuple[str, str, frozenset[str]], str] = OrderedDict()


def _marked(mark: Callable[[str, Set[str]], str], field: str, text: str, terms: Set[str]) -> str:
    """A highlighted snippet or title, remembered by (field, text, query terms) since it depends on nothing else."""
    key = (field, text, frozenset(terms))
    html = _marks.get(key)
    if html is None:
        html = _marks[key] = mark(text, terms)
        if len(_marks) > MARK_CACHE_SIZE:
            _marks.popitem(last=False)
    else:
        _marks.move_to_end(key)
    return html


def search(index_dir: str | os.PathLike[str], params: EngineQuery) -> EngineResult:
    """Run a search; raises IndexUnavailable when the index is missing or broken."""
    parsed = parse(params.q)
    with reading(index_dir, HighlightBoost) as snapshot:
        searcher = snapshot.searcher
        allowed, distances = _allowed(snapshot, params)
        units: list[Unit] | None = None
        all_words, restricted = True, allowed is not None
        if not parsed.units:
            matched = allowed if allowed is not None else every_doc(snapshot)
        else:
            unit_sets = [unit_docs(snapshot, unit) for unit in parsed.units]
            matched = intersect(unit_sets)
            if allowed is not None:
                matched &= allowed
            if not matched and len(parsed.units) > 1:
                all_words = False
                matched = set().union(*unit_sets)
                if allowed is not None:
                    matched &= allowed
            units, restricted = _scored_units(snapshot, parsed, unit_sets, all_words, restricted)
        terms = parsed.terms
        items = []
        cache_key = (tuple(parsed.units), all_words, params.kinds, params.trades, params.diplomas,
                     params.departements, params.partner_types, params.highlighted_only, params.near)
        for docnum, score in _page(snapshot, params, units, all_words, matched, restricted, distances, cache_key):
            stored = searcher.stored_fields(docnum)
            items.append(ResultItem(
                key=stored["key"], kind=stored["kind"], listing_id=stored["listing_id"], score=score,
                distance_km=distances.get(docnum) if params.near is not None else None,
                snippet=_marked(snippet, "description", stored.get("description", ""), terms),
                title_html=_marked(marked_title, "title", stored.get("title", ""), terms),
            ))
        return EngineResult(
            items=items, total=len(matched), page=params.page, per_page=params.per_page,
            pages=math.ceil(len(matched) / params.per_page),
            # The unfiltered facets (home page, empty search) are the same until the next commit.
            facets=(snapshot.memo("facets", lambda: facet_counts(snapshot, matched)) if units is None and allowed is None
                    else facet_counts(snapshot, matched)),
            suggestion=suggestion(searcher, parsed) if parsed.words else None, all_words=all_words,
        )
