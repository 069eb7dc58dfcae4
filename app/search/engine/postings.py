"""Postings of each index segment as flat arrays beside Whoosh's files, read without unpickling a block."""
from __future__ import annotations

import json
import logging
import os
import shutil
import time
import uuid
from collections import OrderedDict
from pathlib import Path
from typing import Any

import numpy as np
from whoosh.index import FileIndex
from whoosh.matching.wrappers import FilterMatcher

from .schema import FILTER_FIELDS, TEXT_FIELDS

log = logging.getLogger(__name__)

# Whoosh's clean-up skips names starting with a dot, so it leaves these directories alone. The number is the
# format's: a segment's files of another format are ignored, removed and written again.
PREFIX = ".postings-"
FORMAT = "2-"
FIELDS = TEXT_FIELDS + FILTER_FIELDS
IDS, WEIGHTS, TERMS = "ids.u32", "weights.f32", "terms.json"
# A temporary directory this old was left by a crashed writer.
STALE_SECONDS = 3600
# Segments' flat postings kept open per process (a segment never changes; merged ones age out).
OPEN_SEGMENTS = 32


class Postings:
    """One term's postings in one segment: local document numbers and term frequencies, in document order."""

    __slots__ = ("ids", "weights")

    def __init__(self, ids: np.ndarray, weights: np.ndarray) -> None:
        self.ids, self.weights = ids, weights

    def __len__(self) -> int:  # the postings cache is bounded by this
        return len(self.ids)


EMPTY = Postings(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))


def decode(reader: Any, field: str, text: str) -> Postings:
    """A term's postings in one segment, decoded by Whoosh; callers subtract deleted documents per commit."""
    if (field, text) not in reader:
        return EMPTY
    matcher = reader.postings(field, text)
    if isinstance(matcher, FilterMatcher) and matcher._exclude:
        matcher = matcher.child  # deletions are subtracted per commit (docsets), not kept in per-segment caches
    ids: list[int] = []
    weights: list[float] = []
    if all(hasattr(matcher, name) for name in ("_read_ids", "_read_weights", "_next_block", "_ids", "_weights")):
        # Whoosh 2.7's W3LeafMatcher unpickles a whole block at a time; read those blocks directly.
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            ids.extend(matcher._ids[matcher._i:])
            weights.extend(matcher._weights[matcher._i:])
            matcher._next_block()
    else:
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
    return Postings(np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64))


def _folder(reader: Any) -> Path | None:
    segment = reader.segment()
    folder = getattr(reader.storage(), "folder", None)
    if segment is None or folder is None:
        return None
    return Path(folder) / (PREFIX + FORMAT + segment.segment_id())


class FlatPostings:
    """A segment's flat postings: memory-mapped arrays (shared by the workers) and each term's span in them."""

    def __init__(self, folder: Path) -> None:
        self._ids, self._weights = _mapped(folder / IDS, "<u4"), _mapped(folder / WEIGHTS, "<f4")
        self._spans: dict[str, list[int]] = json.loads((folder / TERMS).read_text(encoding="utf-8"))
        _start, end = next(reversed(self._spans.values()), (0, 0))  # the terms are written in order
        if not len(self._ids) == len(self._weights) == end:
            raise ValueError(f"truncated postings in {folder}")

    def get(self, field: str, text: str) -> Postings:
        """A term's postings, copied out of the mapped arrays."""
        start, end = self._spans.get(f"{field} {text}", (0, 0))
        return Postings(self._ids[start:end].astype(np.int64), self._weights[start:end].astype(np.float64))

    def ids(self, field: str, text: str) -> np.ndarray:
        """A term's document numbers: the mapped uint32 slice itself."""
        start, end = self._spans.get(f"{field} {text}", (0, 0))
        return self._ids[start:end]


def _mapped(path: Path, dtype: str) -> np.ndarray:
    if path.stat().st_size == 0:  # an empty file cannot be memory-mapped
        return np.zeros(0, dtype=dtype)
    return np.memmap(path, dtype=dtype, mode="r")


_opened: OrderedDict[Path, FlatPostings] = OrderedDict()


def flat(reader: Any) -> FlatPostings | None:
    """The flat postings of a segment, or None when they are not written (yet): then Whoosh decodes."""
    folder = _folder(reader)
    if folder is None:
        return None
    found = _opened.get(folder)
    if found is None:
        # Not remembered while missing: the writer adds them just after its commit, which readers may see first.
        if not folder.is_dir():
            return None
        try:
            found = _opened[folder] = FlatPostings(folder)
        except (OSError, ValueError) as exc:  # removed meanwhile, or a damaged file: Whoosh's blocks still serve
            log.warning("flat postings of %s unreadable: %r", folder, exc)
            return None
        while len(_opened) > OPEN_SEGMENTS:
            _opened.popitem(last=False)
    return found


def _write(reader: Any, folder: Path) -> None:
    # Term by term into the files: a large merged segment's postings are never all in memory at once.
    tmp = folder.with_name(f"{folder.name}.tmp-{uuid.uuid4().hex}")
    tmp.mkdir()
    try:
        spans, start = {}, 0
        with open(tmp / IDS, "wb") as ids, open(tmp / WEIGHTS, "wb") as weights:
            for field in FIELDS:
                for raw in reader.lexicon(field):
                    text = raw.decode("utf-8")
                    postings = decode(reader, field, text)
                    ids.write(postings.ids.astype("<u4").tobytes())
                    weights.write(postings.weights.astype("<f4").tobytes())
                    spans[f"{field} {text}"] = [start, start + len(postings)]
                    start += len(postings)
        (tmp / TERMS).write_text(json.dumps(spans, ensure_ascii=False), encoding="utf-8")
        os.rename(tmp, folder)  # atomic: readers see no directory or a whole one
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        if not folder.is_dir():  # else another writer got there first with the same content
            raise


def write_missing(ix: FileIndex) -> None:
    """Write the flat postings of each segment that has none and remove those of segments merged away.

    Called after each commit; a failure only leaves the readers on Whoosh's slower decoding."""
    try:
        with ix.reader() as reader:
            live = set()
            for leaf, _offset in reader.leaf_readers():
                folder = _folder(leaf)
                if folder is not None:
                    live.add(folder.name)
                    if not folder.is_dir():
                        _write(leaf, folder)
        _remove_stale(Path(ix.storage.folder), live)
    except Exception:  # the commit is done: never fail it for what only speeds reading up
        log.warning("flat postings not written in %s", ix.storage.folder, exc_info=True)


def _remove_stale(root: Path, live: set[str]) -> None:
    for path in root.glob(PREFIX + "*"):
        if ".tmp-" in path.name:  # being written, unless its writer crashed long ago
            stale = time.time() - path.stat().st_mtime > STALE_SECONDS
        else:  # merged away, or of another format
            stale = path.name not in live
        if stale:
            shutil.rmtree(path, ignore_errors=True)
