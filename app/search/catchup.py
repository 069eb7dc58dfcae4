"""Catch-up: each node applies the shared outbox at least every SEARCH_CATCHUP_SECONDS, even a node that only reads.

At most once per interval and per process, the node compares the outbox's highest id with its own mark and drains
only when behind. Two paths share that turn: the process's ticker (app/ops/ticker.py, so that an idle node catches up
too) and a close callback after a response, so no visitor waits for it. Any failure is logged for the next
catch-up (or `flask search sync`) to retry.
"""
from __future__ import annotations

import logging

from flask import Response, current_app, g
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

import app.search.sync as search_sync
from app.core.throttle import Throttle
from app.extensions import db
from app.models.search_outbox import SearchOutboxEntry
from app.search.engine import SearchError

log = logging.getLogger(__name__)


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


def turn_due() -> bool:
    """Whether this process's catch-up turn has come (SEARCH_CATCHUP_SECONDS, 0 disables); it is then taken."""
    seconds = search_sync.setting("SEARCH_CATCHUP_SECONDS")
    throttle = current_app.extensions.setdefault("search_catchup_throttle", Throttle())  # one per app and process
    return bool(seconds and seconds > 0) and throttle.due(seconds)


def catch_up_when_due() -> bool:
    """The ticker's catch-up: drain when this process's turn has come and the index is behind; whether it drained."""
    return turn_due() and catch_up()


def schedule_catch_up(response: Response) -> Response:
    """after_request: after the response is sent, catch up when this process's turn has come."""
    # A request that wrote to the outbox drains at teardown anyway.
    if not g.get(search_sync.DIRTY_FLAG) and turn_due():
        app = current_app._get_current_object()

        def run() -> None:
            with app.app_context():
                catch_up()

        response.call_on_close(run)
    return response
