"""Relevance of single-word queries: Whoosh's own BM25F, computed with numpy over whole posting arrays.

Whoosh scores one document at a time in pure Python, stepping through each word's posting list in four fields
(most of a several-word query's time at 100,000 listings). Here each (field, word) posting list of a segment is read
once into arrays of document numbers and term frequencies (shared with the unscored sets of docsets.py), field
lengths once per segment, and the score of every matched document is a few vector operations. The formula, its statistics (idf and average field length of the
whole index) and its order (score, then document number) are Whoosh's, so results do not change; phrases, which
need positions, stay with Whoosh.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence, Set
from typing import Any

import numpy as np
from whoosh import scoring
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length

from .docsets import text_postings
from .index import Snapshot
from .schema import FIELD_BOOSTS
from .userquery import Unit

_DEFAULTS = scoring.BM25F()
B, K1 = _DEFAULTS.B, _DEFAULTS.K1
_LENGTHS = [byte_to_length(byte) for byte in range(256)]


def rankable(units: Sequence[Unit]) -> bool:
    """Whether these units can be ranked here (single words only: phrases need positions)."""
    return bool(units) and all(len(unit.terms) == 1 for unit in units)


def _length_bytes(reader: Any, field: str) -> np.ndarray:
    """The encoded length (one byte, as Whoosh stores it) of `field` in each document of a segment."""
    count = reader.doc_count_all()
    column = reader._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
    if column is None:
        return np.zeros(count, dtype=np.uint8)
    if getattr(column, "_fixedlen", None) == 1 and hasattr(column, "_dbfile"):
        # Whoosh 2.7 stores one byte per document up to the last one with this field (later ones default to 0):
        # one read instead of a Python call per document.
        lengths = np.zeros(count, dtype=np.uint8)
        stored = min(column._count, count)
        lengths[:stored] = np.frombuffer(column._dbfile.get(column._basepos, stored), dtype=np.uint8)
        return lengths
    return np.fromiter((column[docnum] for docnum in range(count)), dtype=np.uint8, count=count)


def _norms(snapshot: Snapshot, field: str) -> np.ndarray:
    """K1 × ((1 − B) + B × length / average length) for each of the 256 encoded lengths, once per commit."""
    def build() -> np.ndarray:
        average = snapshot.searcher.avg_field_length(field) or 1
        return np.array([K1 * ((1 - B) + B * length / average) for length in _LENGTHS], dtype=np.float64)
    return snapshot.memo("norms:" + field, build)


def _highlighted(snapshot: Snapshot, reader: Any) -> np.ndarray:
    return snapshot.segment_memo(reader, "highlighted-mask", lambda: np.array(
        [value == "1" for value in snapshot.segment_column(reader, "highlighted")], dtype=bool))


def _segment_scores(snapshot: Snapshot, reader: Any, local: np.ndarray, terms: Iterable[str],
                    boost_factor: float) -> np.ndarray:
    """The BM25F score of the documents `local` (sorted, segment numbers) of one segment for these words."""
    scores = np.zeros(len(local), dtype=np.float64)
    for term in terms:
        for field, boost in FIELD_BOOSTS.items():
            if (field, term) not in reader:
                continue
            postings = text_postings(snapshot, reader, field, term)
            # Where each document would sit in the term's postings: a few matches cost a few binary searches.
            at = np.minimum(np.searchsorted(postings.ids, local), len(postings.ids) - 1)
            found = postings.ids[at] == local
            if not found.any():
                continue
            tf = postings.weights[at[found]]
            lengths = snapshot.segment_memo(reader, "lengths:" + field, lambda: _length_bytes(reader, field))
            norms = _norms(snapshot, field)[lengths[local[found]]]
            # Whoosh's bm25(): idf × tf × (K1 + 1) / (tf + K1 × ((1 − B) + B × fl / avgfl)), times the query boost.
            scores[found] += snapshot.searcher.idf(field, term) * ((tf * (K1 + 1)) / (tf + norms)) * boost
    if boost_factor != 1:
        scores[_highlighted(snapshot, reader)[local]] *= boost_factor
    return scores


def best_by_bm25(snapshot: Snapshot, units: Sequence[Unit], matched: Set[int], count: int,
                 boost_factor: float) -> list[tuple[int, float]]:
    """The best `count` matched documents by BM25F score over the units' words, ties by document number."""
    if not matched:
        return []
    docnums = np.fromiter(matched, dtype=np.int64, count=len(matched))
    docnums.sort()
    scores = np.zeros(len(docnums), dtype=np.float64)
    terms = [unit.terms[0] for unit in units]
    for reader, offset in snapshot.searcher.reader().leaf_readers():
        low, high = np.searchsorted(docnums, [offset, offset + reader.doc_count_all()])
        if low < high:
            scores[low:high] = _segment_scores(snapshot, reader, docnums[low:high] - offset, terms, boost_factor)
    if len(scores) > count:
        threshold = np.partition(scores, len(scores) - count)[len(scores) - count]
        keep = scores >= threshold  # every tie at the threshold, so that document order decides among them
        docnums, scores = docnums[keep], scores[keep]
    order = np.lexsort((docnums, -scores))[:count]
    return [(int(docnums[i]), float(scores[i])) for i in order]
