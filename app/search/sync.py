"""Durable search sync: the outbox written with each listing change, applied to this node's index after commit.

Each node (one index directory) keeps in that directory how far it has applied the outbox (SYNC_STATE.json):
the highest id applied plus the lower ids not yet visible when it moved past them ("gaps": on PostgreSQL a
transaction may commit after a later one, so ids become visible out of order). A rebuild stores the state of the
database snapshot it was built from. One node lock serialises drains and rebuilds of an index directory, so the
state always describes the live generation. Applying a row twice is harmless: whether a listing is indexed or
removed is decided from the database at apply time.
"""
from __future__ import annotations

import fcntl
import json
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import click
from flask import current_app, g, has_app_context
from sqlalchemy import delete, event, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.core.files import write_atomically
from app.core.time import utcnow
from app.core.transaction import use_case
from app.extensions import db
from app.models.listing import Listing
from app.models.search_outbox import SearchOutboxEntry
from app.models.visibility import listing_is_public, public_listing
from app.search.engine import (
    IndexBusy,
    IndexUnavailable,
    SearchError,
    apply_changes,
    current_generation,
    document_key,
    is_outdated,
    rebuild,
)
from app.search.listings import listing_document, listings_query, published_count

log = logging.getLogger(__name__)

STATE_FILE = "SYNC_STATE.json"
LOCK_FILE = "SYNC_LOCK"
BATCH = 500
# An id still invisible this long after a later one was seen belonged to a transaction that rolled back.
GAP_SECONDS = 600.0
MAX_GAPS = 10_000
# How far below its snapshot's highest id a rebuild looks for ids of transactions not yet committed.
REBUILD_GAP_LOOKBACK = 1_000
LOCK_TIMEOUT = 2.0
REINDEX_LOCK_TIMEOUT = 60.0
RETENTION_DAYS = 7
SESSION_MARK = "search_outbox_written"
DIRTY_FLAG = "_search_outbox_committed"

# Config keys, with their defaults.
DEFAULTS: dict[str, Any] = {
    "SEARCH_SYNC_AFTER_COMMIT": True,  # apply the outbox at the end of the request (or command) that wrote it
    "SEARCH_SYNC_REQUEST_LIMIT": 1_000,  # rows applied at most at the end of one request; the rest later
    "SEARCH_SYNC_LOCK_TIMEOUT": LOCK_TIMEOUT,
    "SEARCH_BOOTSTRAP_MAX": 2_000,  # a request may build a missing index only up to this many listings
    "SEARCH_CATCHUP_SECONDS": 2.0,  # every process applies other nodes' changes this often (0: only cron)
}


def setting(name: str) -> Any:
    """A search sync setting from the app config, or its default."""
    return current_app.config.get(name, DEFAULTS[name])


@dataclass
class NodeState:
    """How far this node's index has applied the outbox."""

    position: int = 0
    gaps: dict[int, float] = field(default_factory=dict)  # outbox id -> time it was first found missing


@dataclass
class SyncResult:
    """What a drain did: outbox rows applied, and the listing count when it had to build the index first."""

    applied: int = 0
    rebuilt: int | None = None


# --- writing the outbox (in the caller's transaction) ------------------------------------------------------------

def record_change(listing: Listing) -> None:
    """Add an outbox row for the listing to the current transaction (the caller commits)."""
    if listing.id is None:
        db.session.flush()
    db.session.add(SearchOutboxEntry(listing_id=listing.id, kind=listing.type))
    db.session.info[SESSION_MARK] = True


def _after_commit(session: Session) -> None:
    if session.info.pop(SESSION_MARK, False) and has_app_context():
        setattr(g, DIRTY_FLAG, True)


def _after_rollback(session: Session) -> None:
    session.info.pop(SESSION_MARK, None)


def listen_to_sessions() -> None:
    """Mark the app context when a transaction that wrote to the outbox commits (SQLAlchemy session events)."""
    for name, listener in (("after_commit", _after_commit), ("after_rollback", _after_rollback)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


def drain_after_request(exc: BaseException | None) -> None:
    """teardown_request: apply the outbox this request committed to the index."""
    if g.pop(DIRTY_FLAG, False):
        drain_quietly(limit=setting("SEARCH_SYNC_REQUEST_LIMIT"), bootstrap_max=setting("SEARCH_BOOTSTRAP_MAX"))


def drain_after_command(exc: BaseException | None) -> None:
    """teardown_appcontext: a `flask` command (e.g. listings import) drains everything it wrote.

    Other contexts leave the rows to the next drain (`flask search sync`, or any request that writes).
    """
    if g.pop(DIRTY_FLAG, False) and click.get_current_context(silent=True) is not None:
        drain_quietly()


def drain_quietly(limit: int | None = None, bootstrap_max: int | None = None) -> None:
    """Drain, turning any failure into a warning: the change is committed, the next drain retries."""
    if not setting("SEARCH_SYNC_AFTER_COMMIT"):
        return
    try:
        db.session.rollback()  # a view's unfinished work is discarded at teardown anyway
        drain(limit=limit, bootstrap_max=bootstrap_max)
    except (SearchError, OSError, SQLAlchemyError) as exc:
        log.warning("search index not updated after commit, the outbox keeps the changes: %s", exc)
    except Exception:  # never fail a request whose change is already committed
        log.exception("search index not updated after commit, the outbox keeps the changes")
    finally:
        db.session.rollback()


# --- node state and lock ---------------------------------------------------------------------------------------

def index_dir() -> Path:
    """This node's index directory."""
    return Path(current_app.config["SEARCH_INDEX_DIR"]).absolute()


def read_state(root: Path) -> NodeState | None:
    """The node's sync state, None when it has none; IndexUnavailable when it is unreadable."""
    try:
        data = json.loads((root / STATE_FILE).read_text(encoding="utf-8"))
        return NodeState(int(data["position"]), {int(k): float(v) for k, v in data.get("gaps", {}).items()})
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise IndexUnavailable(f"unreadable search sync state in {root}: {exc!r}") from exc


def write_state(root: Path, state: NodeState) -> None:
    """Replace the node's sync state atomically (readers see the old or the new one)."""
    data = {"position": state.position, "gaps": {str(k): v for k, v in sorted(state.gaps.items())},
            "updated_at": utcnow().isoformat(timespec="seconds")}
    write_atomically(root / STATE_FILE, json.dumps(data))


@contextmanager
def node_lock(root: Path, timeout: float) -> Iterator[None]:
    """Hold this index directory's sync lock; IndexBusy after `timeout` seconds, IndexUnavailable if unwritable."""
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd = os.open(root / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise IndexUnavailable(f"cannot lock the search index {root}: {exc}") from exc
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexBusy(f"the search index {root} is being synced or rebuilt") from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


# --- applying outbox rows -------------------------------------------------------------------------------------

def _apply(root: Path, rows: list[Any]) -> None:
    """Index or remove the listings of these outbox rows according to the database, in one index commit."""
    pairs = dict.fromkeys((row.kind, row.listing_id) for row in rows)
    found = {listing.id: listing for listing in db.session.scalars(
        listings_query().where(Listing.id.in_({listing_id for _, listing_id in pairs}))).unique()}
    today = utcnow().date()
    upserts, deletes = [], []
    for kind, listing_id in pairs:
        listing = found.get(listing_id)
        if listing is not None and listing.type == kind and listing_is_public(listing):
            upserts.append(listing_document(listing, today))
        else:
            deletes.append(document_key(kind, listing_id))
    apply_changes(root, upserts, deletes, timeout=setting("SEARCH_SYNC_LOCK_TIMEOUT"))


def _advance(state: NodeState, new_ids: list[int], found_gaps: set[int], now: float) -> NodeState:
    """The state after applying `new_ids` (above the position) and the gap ids that became visible."""
    gaps = {i: seen for i, seen in state.gaps.items() if i not in found_gaps and now - seen < GAP_SECONDS}
    expected = state.position + 1
    for i in sorted(new_ids):
        if i > expected:
            if len(gaps) + i - expected <= MAX_GAPS:
                gaps.update(dict.fromkeys(range(expected, i), now))
            else:  # pruned rows, not open transactions: this node was behind for longer than the retention
                log.warning("search outbox ids %s to %s missing: run `flask search reindex` if listings are "
                            "missing from search", expected, i - 1)
        expected = i + 1
    return NodeState(max(new_ids, default=state.position), gaps)


# --- draining and rebuilding -----------------------------------------------------------------------------------

def _columns():
    return select(SearchOutboxEntry.id, SearchOutboxEntry.kind, SearchOutboxEntry.listing_id)


def drain(limit: int | None = None, bootstrap_max: int | None = None) -> SyncResult:
    """Apply the outbox rows this node has not applied yet (at most about `limit`), advancing its state.

    Without a state (new node, lost index) or with an index of an older schema, the index is first rebuilt from
    the database, unless there are more than `bootstrap_max` published listings (IndexUnavailable then: run
    `flask search reindex`).
    Raises IndexBusy / IndexUnavailable with the state unchanged for what was not applied.
    """
    root = index_dir()
    result = SyncResult()
    with node_lock(root, setting("SEARCH_SYNC_LOCK_TIMEOUT")):
        state = read_state(root)
        if state is None or current_generation(root) is None or is_outdated(root):
            if bootstrap_max is not None and published_count() > bootstrap_max:
                raise IndexUnavailable(f"no search index state, or an outdated one, in {root}: run "
                                       "`flask search reindex`")
            result.rebuilt, state = _rebuild_locked(root, procs=1)
        if state.gaps:
            rows = db.session.execute(_columns().where(SearchOutboxEntry.id.in_(list(state.gaps)))).all()
            if rows:
                _apply(root, rows)
                result.applied += len(rows)
            state = _advance(state, [], {row.id for row in rows}, time.time())
            write_state(root, state)
        while limit is None or result.applied < limit:
            rows = db.session.execute(_columns().where(SearchOutboxEntry.id > state.position)
                                      .order_by(SearchOutboxEntry.id).limit(BATCH)).all()
            if not rows:
                break
            _apply(root, rows)
            state = _advance(state, [row.id for row in rows], set(), time.time())
            write_state(root, state)
            result.applied += len(rows)
    return result


def _rebuild_locked(root: Path, procs: int | None) -> tuple[int, NodeState]:
    """Rebuild the index from the database and store the state of the snapshot it was built from."""
    # The highest id first: every change up to it is in the listings read below (same snapshot on SQLite;
    # later ones on PostgreSQL, re-applied harmlessly). Lower ids not yet visible are kept as gaps.
    position = db.session.scalar(select(func.max(SearchOutboxEntry.id))) or 0
    lowest = db.session.scalar(select(func.min(SearchOutboxEntry.id))) or position + 1
    start = max(position - REBUILD_GAP_LOOKBACK, lowest - 1)
    present = set(db.session.scalars(select(SearchOutboxEntry.id).where(SearchOutboxEntry.id > start,
                                                                        SearchOutboxEntry.id <= position)))
    now = time.time()
    state = NodeState(position, {i: now for i in range(start + 1, position + 1) if i not in present})
    today = utcnow().date()
    listings = db.session.scalars(listings_query().where(public_listing()).order_by(Listing.id)
                                  .execution_options(yield_per=1_000))
    count = rebuild(root, (listing_document(listing, today) for listing in listings), procs=procs)
    write_state(root, state)
    return count, state


def reindex(procs: int | None = None) -> int:
    """Rebuild this node's index from the database in a fresh generation, swap it in, then apply newer rows."""
    root = index_dir()
    with node_lock(root, REINDEX_LOCK_TIMEOUT):
        count, _state = _rebuild_locked(root, procs)
    drain()
    return count


def pending_count() -> int:
    """Outbox rows this node has not applied yet."""
    state = read_state(index_dir()) or NodeState()
    pending = db.session.scalar(select(func.count()).select_from(SearchOutboxEntry)
                                .where(SearchOutboxEntry.id > state.position))
    if state.gaps:
        pending += db.session.scalar(select(func.count()).select_from(SearchOutboxEntry)
                                     .where(SearchOutboxEntry.id.in_(list(state.gaps))))
    return pending


@use_case
def prune(days: int = RETENTION_DAYS) -> int:
    """Delete outbox rows older than `days` (every node must have applied them); keep the newest row."""
    newest = db.session.scalar(select(func.max(SearchOutboxEntry.id)))
    if newest is None:
        return 0
    cutoff = utcnow() - timedelta(days=days)
    result = db.session.execute(delete(SearchOutboxEntry).where(SearchOutboxEntry.created_at < cutoff,
                                                                SearchOutboxEntry.id < newest))
    return result.rowcount
