"""Facet counts of matched documents: keyword columns counted in vector operations, multi-valued fields by term sets."""
from __future__ import annotations

from collections.abc import Set

import numpy as np

from .docsets import term_docs
from .index import Snapshot
from .schema import FACET_FIELDS, MULTI_FACET_FIELDS


def term_counts(snapshot: Snapshot, field: str, matched: Set[int]) -> dict[str, int]:
    """How many of the matched documents hold each term of a keyword field, most first (none left out)."""
    # Every search counts these few terms: their sets are built once per commit, not from postings each time.
    sets = snapshot.memo("terms:" + field, lambda: {term: frozenset(term_docs(snapshot, field, term))
                                                     for term in snapshot.searcher.reader().field_terms(field)})
    counts = {}
    for term, docs in sets.items():
        count = len(docs & matched)
        if count:
            counts[term] = count
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _coded(snapshot: Snapshot, field: str) -> tuple[list[str], np.ndarray]:
    """A keyword column as its distinct values and each document's value number (once per commit)."""
    def build() -> tuple[list[str], np.ndarray]:
        numbers: dict[str, int] = {}
        codes = [numbers.setdefault(value, len(numbers)) for value in snapshot.column(field)]
        return list(numbers), np.array(codes, dtype=np.int32)
    return snapshot.memo("coded:" + field, build)


def facet_counts(snapshot: Snapshot, matched: Set[int]) -> dict[str, dict[str, int]]:
    """How many matched documents hold each value of the facet fields, most first."""
    # Counting cached column values over an unscored set avoids Whoosh's groupedby, which scores every hit.
    facets = {}
    docnums = np.fromiter(matched, dtype=np.int64, count=len(matched))
    for name in FACET_FIELDS:
        labels, codes = _coded(snapshot, name)
        counts = np.bincount(codes[docnums], minlength=len(labels))
        found = ((labels[code], int(counts[code])) for code in np.flatnonzero(counts) if labels[code])
        facets[name] = dict(sorted(found, key=lambda item: (-item[1], item[0])))
    for name in MULTI_FACET_FIELDS:
        facets[name] = term_counts(snapshot, name, matched)
    return facets
