"""View counts of public listing pages, buffered in the process and written in batches: a page that reads never writes.

A view adds one to an in-memory counter (one per app and process). flush_views() writes the counter in one
transaction, one UPDATE per listing, at most every VIEW_COUNT_FLUSH_SECONDS (the process's ticker, or after a
response where no ticker runs) and when the process stops. A crash loses at most that interval of counts; a failed
write puts the counts back for the next one.
"""
from __future__ import annotations

import logging
import threading
from collections import Counter

from flask import current_app
from sqlalchemy import bindparam, update

from app.core.throttle import Throttle
from app.core.transaction import use_case
from app.extensions import db
from app.models.listing import Listing

log = logging.getLogger(__name__)

# Listings held at most between two writes; beyond (a database down for long), new ones are dropped, not kept.
MAX_PENDING = 50_000
_KEY = "view_counts"
_creating = threading.Lock()


class ViewBuffer:
    """Views not yet written, per listing id, shared by the threads of one process."""

    def __init__(self) -> None:
        self._counts: Counter[int] = Counter()
        self._lock = threading.Lock()
        self.throttle = Throttle()

    def add(self, counts: Counter[int]) -> int:
        """Add views; return how many were dropped because the buffer already holds MAX_PENDING listings."""
        dropped = 0
        with self._lock:
            for listing_id, views in counts.items():
                if listing_id in self._counts or len(self._counts) < MAX_PENDING:
                    self._counts[listing_id] += views
                else:
                    dropped += views
        return dropped

    def take(self) -> Counter[int]:
        """Every pending view, leaving the buffer empty."""
        with self._lock:
            counts, self._counts = self._counts, Counter()
        return counts

    def pending(self) -> int:
        """How many views wait to be written."""
        with self._lock:
            return sum(self._counts.values())


def _buffer() -> ViewBuffer:
    """This app's buffer in this process."""
    found = current_app.extensions.get(_KEY)
    if found is None:
        with _creating:
            found = current_app.extensions.setdefault(_KEY, ViewBuffer())
    return found


def record_view(listing: Listing) -> None:
    """Count one view of a listing's public page, in memory only: no SQL while the page is served."""
    if _buffer().add(Counter({listing.id: 1})):
        log.warning("view of listing %s not counted: %d listings already wait to be written", listing.id,
                    MAX_PENDING)


def pending_views() -> int:
    """How many views this process holds that are not in the database yet."""
    return _buffer().pending()


@use_case
def _write(counts: Counter[int]) -> None:
    """One UPDATE per listing, in id order (two processes flushing at once take their row locks in the same order)."""
    table = Listing.__table__
    # updated_at kept as it is: a view is not a change of the content (the column's onupdate would bump it).
    statement = (update(table).where(table.c.id == bindparam("listing_id"))
                 .values(views_count=table.c.views_count + bindparam("views"), updated_at=table.c.updated_at))
    db.session.execute(statement, [{"listing_id": listing_id, "views": views}
                                   for listing_id, views in sorted(counts.items())])


def flush_views() -> int:
    """Write every pending view; the number written. Never raises: a failure puts the views back for the next flush."""
    buffer = _buffer()
    counts = buffer.take()
    if not counts:
        return 0
    try:
        _write(counts)
    except Exception as exc:  # a statistic: the next flush retries, the process goes on
        dropped = buffer.add(counts)
        log.warning("%d views not written, kept for the next flush (%d dropped): %s",
                    sum(counts.values()) - dropped, dropped, exc)
        return 0
    return sum(counts.values())


def flush_views_when_due() -> int:
    """Write the pending views when there are some and this process's turn has come (VIEW_COUNT_FLUSH_SECONDS)."""
    buffer = _buffer()
    if not buffer.pending() or not buffer.throttle.due(current_app.config["VIEW_COUNT_FLUSH_SECONDS"]):
        return 0
    return flush_views()
