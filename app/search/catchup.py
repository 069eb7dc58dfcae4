"""Catch-up: each node applies the shared outbox at least every SEARCH_CATCHUP_SECONDS, even a node that only reads.

After a request, at most once per interval and per process, the node compares the outbox's highest id with its own
mark and drains only when behind. This runs once the response has been sent (a close callback), so no visitor
waits for it, and any failure is logged for the next catch-up (or `flask search sync`) to retry.
"""
from __future__ import annotations

import logging
import threading
import time

from flask import Response, current_app, g
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

import app.search.sync as search_sync
from app.extensions import db
from app.models.search_outbox import SearchOutboxEntry
from app.search.engine import SearchError

log = logging.getLogger(__name__)
clock = time.monotonic  # the throttle's clock (tests replace it)


class Throttle:
    """Lets one caller through per interval and per process, whichever thread asks first."""

    def __init__(self) -> None:
        self._next = 0.0
        self._lock = threading.Lock()

    def due(self, seconds: float) -> bool:
        """True, and the next turn set `seconds` later, when the interval has passed."""
        now = clock()
        with self._lock:
            if now < self._next:
                return False
            self._next = now + seconds
            return True


def behind() -> bool:
    """Whether the outbox holds rows this node has not applied: one indexed max(id), plus its gaps if it has any."""
    state = search_sync.read_state(search_sync.index_dir())
    if state is None:
        return True  # no index state yet: the drain builds it (small databases only, see SEARCH_BOOTSTRAP_MAX)
    newest = db.session.scalar(select(func.max(SearchOutboxEntry.id))) or 0
    if newest > state.position:
        return True
    return bool(state.gaps) and db.session.scalar(
        select(SearchOutboxEntry.id).where(SearchOutboxEntry.id.in_(list(state.gaps))).limit(1)) is not None


def catch_up() -> bool:
    """Drain this node's index when it is behind the outbox; whether it drained. Never raises."""
    try:
        if not behind():
            return False
        search_sync.drain(limit=search_sync.setting("SEARCH_SYNC_REQUEST_LIMIT"),
                          bootstrap_max=search_sync.setting("SEARCH_BOOTSTRAP_MAX"))
        return True
    except (SearchError, OSError, SQLAlchemyError) as exc:
        log.warning("search index catch-up failed, the next one retries: %s", exc)
    except Exception:
        log.exception("search index catch-up failed, the next one retries")
    finally:
        db.session.rollback()
    return False


def schedule_catch_up(response: Response) -> Response:
    """after_request: after the response is sent, catch up at most once per SEARCH_CATCHUP_SECONDS (0 disables)."""
    seconds = search_sync.setting("SEARCH_CATCHUP_SECONDS")
    throttle = current_app.extensions.setdefault("search_catchup_throttle", Throttle())  # one per app and process
    # A request that wrote to the outbox drains at teardown anyway.
    if seconds and seconds > 0 and not g.get(search_sync.DIRTY_FLAG) and throttle.due(seconds):
        app = current_app._get_current_object()

        def run() -> None:
            with app.app_context():
                catch_up()

        response.call_on_close(run)
    return response
