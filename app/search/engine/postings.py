"""Text postings of each index segment as flat arrays beside Whoosh's files, read without unpickling a block."""
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

from .schema import TEXT_FIELDS

log = logging.getLogger(__name__)

# Whoosh's clean-up skips names starting with a dot, so it leaves these directories alone.
PREFIX = ".postings-"
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
    return Path(folder) / (PREFIX + segment.segment_id())


class FlatPostings:
    """A segment's flat postings: memory-mapped arrays (shared by the workers) and each term's span in them."""

    def __init__(self, folder: Path) -> None:
        self._ids = np.load(folder / "ids.npy", mmap_mode="r")
        self._weights = np.load(folder / "weights.npy", mmap_mode="r")
        self._spans: dict[str, list[int]] = json.loads((folder / "terms.json").read_text(encoding="utf-8"))

    def get(self, field: str, text: str) -> Postings:
        """A term's postings, copied out of the mapped arrays."""
        span = self._spans.get(f"{field} {text}")
        if span is None:
            return EMPTY
        start, end = span
        return Postings(self._ids[start:end].astype(np.int64), self._weights[start:end].astype(np.float64))


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
    ids, weights, spans, start = [], [], {}, 0
    for field in TEXT_FIELDS:
        for raw in reader.lexicon(field):
            text = raw.decode("utf-8")
            postings = decode(reader, field, text)
            ids.append(postings.ids.astype(np.uint32))
            weights.append(postings.weights.astype(np.float32))
            spans[f"{field} {text}"] = [start, start + len(postings)]
            start += len(postings)
    tmp = folder.with_name(f"{folder.name}.tmp-{uuid.uuid4().hex}")
    tmp.mkdir()
    try:
        np.save(tmp / "ids.npy", np.concatenate(ids) if ids else np.zeros(0, dtype=np.uint32))
        np.save(tmp / "weights.npy", np.concatenate(weights) if weights else np.zeros(0, dtype=np.float32))
        (tmp / "terms.json").write_text(json.dumps(spans, ensure_ascii=False), encoding="utf-8")
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
        temporary = ".tmp-" in path.name
        if (path.name not in live and not temporary) or (temporary and
                                                          time.time() - path.stat().st_mtime > STALE_SECONDS):
            shutil.rmtree(path, ignore_errors=True)
