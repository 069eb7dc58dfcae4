"""Unscored sets of matching document numbers, built from whole posting blocks and Python set operations.

Whoosh's own docs_for_query walks union and intersection matchers one document at a time in Python (about
half a second for a common word at 100,000 documents); reading each term's posting blocks whole and combining
the sets in C is one to two orders of magnitude faster. Filters, facets and totals all use these sets.
"""
from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

import numpy as np
from whoosh import query

from .index import Snapshot
from .postings import Postings, decode, flat
from .schema import FILTER_FIELDS, TEXT_FIELDS
from .userquery import ParsedQuery, Unit, unit_query

# Word sets kept per commit, counted in document numbers (about 60 bytes each in a frozenset of ints).
UNIT_CACHE_IDS = 600_000


def _deleted(snapshot: Snapshot, reader: Any) -> frozenset[int]:
    if not reader.has_deletions():
        return frozenset()
    key = "deleted:" + reader.segment().segment_id()
    return snapshot.memo(key, lambda: frozenset(range(reader.doc_count_all())) - frozenset(reader.all_doc_ids()))


def _segment_ids(reader: Any, field: str, text: str) -> array:
    stored = flat(reader) if field in FILTER_FIELDS else None
    found = stored.ids(field, text) if stored is not None else decode(reader, field, text).ids
    ids = array("I")
    ids.frombytes(np.asarray(found, dtype=np.uint32).tobytes())
    return ids


def _load_postings(reader: Any, field: str, text: str) -> Postings:
    stored = flat(reader)
    return stored.get(field, text) if stored is not None else decode(reader, field, text)


def text_postings(snapshot: Snapshot, reader: Any, field: str, text: str) -> Postings:
    """A word's document numbers and frequencies in one text field of one segment, decoded once for both the
    unscored sets and the ranking (app.search.engine.ranking)."""
    return snapshot.segment_postings(reader, "weights:" + field, text, lambda r, _f, t: _load_postings(r, field, t))


def _ids(snapshot: Snapshot, reader: Any, field: str, text: str):
    if field in TEXT_FIELDS:
        return text_postings(snapshot, reader, field, text).ids.tolist()
    return snapshot.segment_postings(reader, field, text, _segment_ids)


def term_docs(snapshot: Snapshot, field: str, text: str) -> set[int]:
    """Global numbers of the live documents containing a term."""
    docs: set[int] = set()
    for reader, offset in snapshot.searcher.reader().leaf_readers():
        ids = _ids(snapshot, reader, field, text)
        if not len(ids):
            continue
        deleted = _deleted(snapshot, reader)
        if deleted:
            ids = set(ids) - deleted
        docs.update(ids if not offset else map(offset.__add__, ids))
    return docs


def any_term_docs(snapshot: Snapshot, field: str, values: Iterable[str]) -> set[int]:
    """Documents with at least one of the values in a field."""
    docs: set[int] = set()
    for value in values:
        docs |= term_docs(snapshot, field, value)
    return docs


def every_doc(snapshot: Snapshot) -> frozenset[int]:
    """All live documents (computed once per commit)."""
    return snapshot.memo("every", lambda: frozenset(snapshot.searcher.docs_for_query(query.Every())))


def unit_docs(snapshot: Snapshot, unit: Unit) -> frozenset[int]:
    """Documents matching one query unit in any text field, kept until the next commit in a bounded cache."""
    # Distinct queries still share their words ("apprenti", a trade): building a common word's set from its four
    # fields' postings is most of the unscored work of a first-sight query, so it is done once per commit.
    cache = snapshot.memo("units", OrderedDict)
    docs = cache.get(unit)
    if docs is not None:
        cache.move_to_end(unit)
        return docs
    docs = cache[unit] = frozenset(_unit_docs(snapshot, unit))
    size = snapshot.memo("units_size", lambda: [0])
    size[0] += len(docs)
    while size[0] > UNIT_CACHE_IDS and len(cache) > 1:
        size[0] -= len(cache.popitem(last=False)[1])
    return docs


def _unit_docs(snapshot: Snapshot, unit: Unit) -> set[int]:
    if len(unit.terms) == 1:
        docs: set[int] = set()
        for field in TEXT_FIELDS:
            docs |= term_docs(snapshot, field, unit.terms[0])
        return docs
    # Phrases need positions: leave them to Whoosh, after narrowing to documents having every word.
    candidates = intersect(unit_docs(snapshot, Unit((term,))) for term in unit.terms)
    if not candidates:
        return set()
    return set(snapshot.searcher.docs_for_query(unit_query(unit))) & candidates


def intersect(sets: Iterable[set[int] | frozenset[int]]) -> set[int]:
    """The intersection of sets, smallest first."""
    ordered = sorted(sets, key=len)
    if not ordered:
        return set()
    result = set(ordered[0])
    for other in ordered[1:]:
        if not result:
            break
        result &= other
    return result


def text_docs(snapshot: Snapshot, parsed: ParsedQuery, require_all: bool = True) -> set[int]:
    """Documents matching all (or any) of the units of a parsed query."""
    sets = [unit_docs(snapshot, unit) for unit in parsed.units]
    if require_all:
        return intersect(sets)
    return set().union(*sets)
