"""Index storage: generations swapped atomically, bounded-wait writes and a per-process searcher cache."""
from __future__ import annotations

import os
import shutil
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

import whoosh.index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import FileIndex, LockError
from whoosh.util.filelock import FileLock, try_for

from .postings import write_missing
from .schema import SCHEMA_FIELDS, build_schema, document_fields

POINTER = "CURRENT"
GENERATION_PREFIX = "gen-"
REBUILD_LOCK = "REBUILD_LOCK"
WRITE_LOCK = "MAIN_WRITELOCK"  # the lock file Whoosh's own writers take in an index directory
WRITE_TIMEOUT = 2.0
REBUILD_LOCK_TIMEOUT = 30.0
# Separate segment files are memory-mapped and shared by every worker; Whoosh copies each part of a compound
# (.seg) file into a private BytesIO, which cost each worker a copy of most of the index.
SEGMENT_OPTIONS = {"compound": False}
# Recent terms' postings per process, in documents: 4 bytes each, 16 in text fields (with frequencies): 16-64 MB.
POSTINGS_CACHE_IDS = 4_000_000


class SearchError(Exception):
    """Base class of the errors callers may turn into a degraded mode or a later retry."""


class IndexBusy(SearchError):
    """Another writer holds the index: keep the changes and try again later."""


class IndexUnavailable(SearchError):
    """The index is missing, corrupt or unwritable."""


class IndexOutdated(IndexUnavailable):
    """The index was built with another schema (an older version): it must be rebuilt."""


def _root(index_dir: str | os.PathLike[str]) -> Path:
    return Path(index_dir).absolute()


def current_generation(index_dir: str | os.PathLike[str]) -> str | None:
    """The name of the live generation directory, or None when there is no index yet."""
    root = _root(index_dir)
    try:
        name = (root / POINTER).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise IndexUnavailable(f"unreadable index pointer in {root}: {exc}") from exc
    if not name.startswith(GENERATION_PREFIX) or "/" in name or not (root / name).is_dir():
        raise IndexUnavailable(f"index pointer in {root} names no generation: {name!r}")
    return name


def _write_pointer(root: Path, name: str) -> None:
    tmp = root / f".{POINTER}.{uuid.uuid4().hex}"
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(name + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, root / POINTER)  # atomic: readers see the old or the new name, never a partial one
    dir_fd = os.open(root, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _open(path: Path) -> FileIndex:
    try:
        ix = whoosh.index.open_dir(str(path))
    except Exception as exc:  # Whoosh reports corruption with many exception types
        raise IndexUnavailable(f"cannot open the search index {path}: {exc!r}") from exc
    if frozenset(ix.schema.names()) != SCHEMA_FIELDS:
        # Built by an older version: searches use SQL and changes wait until `flask search reindex`.
        ix.close()
        raise IndexOutdated(f"the search index {path} has an outdated schema: run `flask search reindex`")
    return ix


def is_outdated(index_dir: str | os.PathLike[str]) -> bool:
    """Whether the live index exists but was built with another schema."""
    try:
        open_index(index_dir)
    except IndexOutdated:
        return True
    except IndexUnavailable:
        return False
    return False


def open_index(index_dir: str | os.PathLike[str]) -> FileIndex:
    """The live index; IndexUnavailable when there is none or it cannot be opened."""
    name = current_generation(index_dir)
    if name is None:
        raise IndexUnavailable(f"no search index in {_root(index_dir)}")
    return _open(_root(index_dir) / name)


def _new_generation(root: Path) -> Path:
    path = root / f"{GENERATION_PREFIX}{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
    path.mkdir(parents=True)
    whoosh.index.create_in(str(path), build_schema())
    return path


@contextmanager
def _held(lock: Any, timeout: float, what: str) -> Iterator[None]:
    try:
        acquired = try_for(lock.acquire, timeout=timeout, delay=0.05)
    except OSError as exc:
        raise IndexUnavailable(f"cannot lock the search index ({what}): {exc}") from exc
    if not acquired:
        raise IndexBusy(f"the search index is busy ({what})")
    try:
        yield
    finally:
        lock.release()


def ensure_index(index_dir: str | os.PathLike[str]) -> FileIndex:
    """Open the live index, creating an empty first generation when there is none."""
    root = _root(index_dir)
    if current_generation(root) is None:
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise IndexUnavailable(f"cannot create {root}: {exc}") from exc
        with _held(FileLock(str(root / REBUILD_LOCK)), REBUILD_LOCK_TIMEOUT, "creation"):
            if current_generation(root) is None:
                _write_pointer(root, _new_generation(root).name)
    return open_index(root)


def apply_changes(index_dir: str | os.PathLike[str], upserts: Iterable[Mapping[str, Any]],
                  deletes: Iterable[str], *, timeout: float = WRITE_TIMEOUT) -> None:
    """Delete the given keys then add or replace the given documents, in one commit.

    Raises IndexBusy when the write lock stays taken for `timeout` seconds and IndexUnavailable when the
    index cannot be written; in both cases nothing was applied and the caller keeps its changes for later.
    """
    documents = [document_fields(doc) for doc in upserts]
    keys = list(deletes)
    if not documents and not keys:
        return
    deadline = time.monotonic() + timeout
    root = _root(index_dir)
    while True:
        ix = ensure_index(root)
        generation = Path(ix.storage.folder).name
        try:
            writer = ix.writer(timeout=max(0.0, deadline - time.monotonic()), delay=0.05, **SEGMENT_OPTIONS)
        except LockError as exc:
            raise IndexBusy(f"the search index {root} is locked by another writer") from exc
        except OSError as exc:
            raise IndexUnavailable(f"cannot write the search index {root}: {exc}") from exc
        if current_generation(root) != generation:
            # A rebuild swapped generations while we waited for the old one's lock.
            _cancel(writer)
            if time.monotonic() >= deadline:
                raise IndexBusy(f"the search index {root} was being rebuilt")
            continue
        try:
            for key in keys:
                writer.delete_by_term("key", key)
            for fields in documents:
                writer.update_document(**fields)
            writer.commit()
        except BaseException as exc:
            _cancel(writer)
            if isinstance(exc, OSError):
                raise IndexUnavailable(f"cannot write the search index {root}: {exc}") from exc
            raise
        write_missing(ix)
        return


def _cancel(writer: Any) -> None:
    try:
        writer.cancel()
    except Exception:
        lock = getattr(writer, "writelock", None)
        if lock is not None and getattr(lock, "fd", None) is not None:
            lock.release()


def rebuild(index_dir: str | os.PathLike[str], documents: Iterable[Mapping[str, Any]], *,
            procs: int | None = None, limitmb: int = 128) -> int:
    """Index `documents` into a fresh generation and swap it in atomically; return the number indexed.

    The live generation's write lock is held during the build, so concurrent apply_changes calls get
    IndexBusy and keep their changes for the new generation instead of writing into the old one.
    """
    root = _root(index_dir)
    root.mkdir(parents=True, exist_ok=True)
    procs = procs if procs is not None else min(2, os.cpu_count() or 1)
    with _held(FileLock(str(root / REBUILD_LOCK)), REBUILD_LOCK_TIMEOUT, "rebuild"):
        try:
            old = current_generation(root)
        except IndexUnavailable:
            old = None  # a broken pointer is what a rebuild repairs
        old_lock = FileStorage(str(root / old)).lock(WRITE_LOCK) if old else None
        with _held(old_lock, REBUILD_LOCK_TIMEOUT, "rebuild") if old_lock else nullcontext():
            new = _new_generation(root)
            count = 0
            try:
                ix = whoosh.index.open_dir(str(new))
                if procs > 1:
                    writer = ix.writer(procs=procs, multisegment=True, limitmb=limitmb, **SEGMENT_OPTIONS)
                else:
                    writer = ix.writer(limitmb=limitmb, **SEGMENT_OPTIONS)
                try:
                    for doc in documents:
                        writer.add_document(**document_fields(doc))
                        count += 1
                    writer.commit()
                except BaseException:
                    _cancel(writer)
                    raise
                write_missing(ix)
                _write_pointer(root, new.name)
            except BaseException:
                shutil.rmtree(new, ignore_errors=True)
                raise
        _remove_generations(root, keep={new.name, old})
    return count


def _remove_generations(root: Path, keep: set[str | None]) -> None:
    # The previous generation is kept until the next rebuild: a process that read the old pointer a moment
    # ago can still open it.
    for path in root.iterdir():
        if path.name.startswith(GENERATION_PREFIX) and path.name not in keep and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        elif path.name.startswith(f".{POINTER}."):
            path.unlink(missing_ok=True)


class Snapshot:
    """A searcher kept open and refreshed, plus per-document column values cached per segment."""

    def __init__(self, ix: FileIndex, generation: str, weighting_factory: Callable[[Snapshot], Any]) -> None:
        self.generation = generation
        self.pid = os.getpid()
        self._segments: dict[tuple[str, str], Any] = {}
        self._postings: OrderedDict[tuple[str, str, str], Any] = OrderedDict()
        self._postings_size = 0
        self._columns: dict[str, list[Any]] = {}
        self._memo: dict[str, Any] = {}
        self.searcher = ix.searcher(weighting=weighting_factory(self))

    def refresh(self) -> None:
        """Move to the latest commit of this generation, keeping the caches of unchanged segments."""
        searcher = self.searcher.refresh()
        if searcher is not self.searcher:
            self.searcher = searcher
            self._columns.clear()
            self._memo.clear()
            live = {reader.segment().segment_id() for reader, _ in searcher.reader().leaf_readers()
                    if reader.segment() is not None}
            self._segments = {k: v for k, v in self._segments.items() if k[0] in live}
            for key in [key for key in self._postings if key[0] not in live]:
                self._postings_size -= len(self._postings.pop(key))

    def segment_postings(self, reader: Any, field: str, text: str,
                         load: Callable[[Any, str, str], Any]) -> Any:
        """The document numbers of a term in one segment, kept in a bounded LRU (segments never change)."""
        if reader.segment() is None:  # an empty index has one reader without a segment
            return load(reader, field, text)
        key = (reader.segment().segment_id(), field, text)
        ids = self._postings.get(key)
        if ids is not None:
            self._postings.move_to_end(key)
            return ids
        ids = load(reader, field, text)
        self._postings[key] = ids
        self._postings_size += len(ids)
        while self._postings_size > POSTINGS_CACHE_IDS and len(self._postings) > 1:
            self._postings_size -= len(self._postings.popitem(last=False)[1])
        return ids

    def segment_column(self, reader: Any, field: str) -> list[Any]:
        """The raw column values of one segment reader, read once per segment."""
        if reader.segment() is None:  # an empty index has one reader without a segment
            return []

        def read() -> list[Any]:
            if field in ("lat", "lon"):
                return list(reader.column_reader(field))  # microdegrees
            if field == "published_at":
                return list(reader.column_reader(field, translate=False))  # order-preserving integers
            interned: dict[bytes, str] = {}
            return [interned.get(raw) or interned.setdefault(raw, raw.decode("utf-8"))
                    for raw in reader.column_reader(field, translate=False)]
        return self.segment_memo(reader, field, read)

    def segment_memo(self, reader: Any, name: str, factory: Callable[[], Any]) -> Any:
        """A value derived from one segment only (its column values, field lengths...), computed once per segment."""
        if reader.segment() is None:  # an empty index has one reader without a segment
            return factory()
        key = (reader.segment().segment_id(), name)
        if key not in self._segments:
            self._segments[key] = factory()
        return self._segments[key]

    def column(self, field: str) -> list[Any]:
        """The column values of every document, indexed by global document number."""
        values = self._columns.get(field)
        if values is None:
            values = []
            for reader, _offset in self.searcher.reader().leaf_readers():
                values.extend(self.segment_column(reader, field))
            self._columns[field] = values
        return values

    def memo(self, name: str, factory: Callable[[], Any]) -> Any:
        """A value computed once per commit (e.g. a global sort order)."""
        if name not in self._memo:
            self._memo[name] = factory()
        return self._memo[name]

    def close(self) -> None:
        """Close the searcher and its files."""
        try:
            self.searcher.close()
        except Exception:
            pass


_snapshots: dict[Path, Snapshot] = {}
_cache_lock = threading.RLock()


@contextmanager
def reading(index_dir: str | os.PathLike[str],
            weighting_factory: Callable[[Snapshot], Any]) -> Iterator[Snapshot]:
    """The cached, refreshed snapshot of an index, for the duration of one search (one thread at a time)."""
    root = _root(index_dir)
    with _cache_lock:
        snapshot = _snapshot(root, weighting_factory)
        try:
            yield snapshot
        except (OSError, EOFError) as exc:
            forget(root)
            raise IndexUnavailable(f"error reading the search index {root}: {exc!r}") from exc


def _snapshot(root: Path, weighting_factory: Callable[[Snapshot], Any]) -> Snapshot:
    for attempt in range(2):
        generation = current_generation(root)
        if generation is None:
            raise IndexUnavailable(f"no search index in {root}")
        snapshot = _snapshots.get(root)
        if snapshot is not None and (snapshot.pid != os.getpid() or snapshot.generation != generation):
            if snapshot.pid == os.getpid():
                snapshot.close()
            snapshot = None
        try:
            if snapshot is None:
                snapshot = Snapshot(_open(root / generation), generation, weighting_factory)
            else:
                snapshot.refresh()
        except Exception as exc:
            _snapshots.pop(root, None)
            # The generation may have been swapped and removed between reading the pointer and opening it.
            if attempt == 0 and current_generation(root) != generation:
                continue
            if isinstance(exc, IndexUnavailable):
                raise
            raise IndexUnavailable(f"cannot open the search index {root}: {exc!r}") from exc
        _snapshots[root] = snapshot
        return snapshot
    raise IndexUnavailable(f"the search index {root} keeps changing")


def forget(index_dir: str | os.PathLike[str] | None = None) -> None:
    """Drop the cached searcher of one index (or of all), e.g. in tests or after an error."""
    with _cache_lock:
        roots = list(_snapshots) if index_dir is None else [_root(index_dir)]
        for root in roots:
            snapshot = _snapshots.pop(root, None)
            if snapshot is not None and snapshot.pid == os.getpid():
                snapshot.close()
