"""The ticker: a daemon thread per serving process that runs the periodic jobs, so that an idle node stays fresh.

Every TICKER_SECONDS it catches up with the search outbox (when SEARCH_CATCHUP_SECONDS' turn has come, the same turn
the after-response catch-up takes) and writes the buffered view counts (every VIEW_COUNT_FLUSH_SECONDS). gunicorn
starts it in each worker (post_fork: a thread started in the master would not survive the fork); any other server
(`flask run`) gets it with its first request; CLI commands and tests (TICKER_SECONDS = 0) have none, unless a test
starts one. Where none runs, the view counts are written after a response instead.
"""
from __future__ import annotations

import atexit
import logging
import os
import threading

from flask import Flask, Response, current_app

from app.extensions import db
from app.search import catch_up_when_due
from app.services.listings.view_counts import flush_views, flush_views_when_due, pending_views

log = logging.getLogger(__name__)
_KEY = "ticker"
_starting = threading.Lock()


class Ticker:
    """The periodic jobs of one app in one process, run by a daemon thread until stop()."""

    def __init__(self, app: Flask, seconds: float) -> None:
        self.app, self.seconds, self.pid = app, seconds, os.getpid()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="passerelle-ticker", daemon=True)

    def running(self) -> bool:
        """Whether the thread runs in this process (a forked child inherits the object, not the thread)."""
        return self.pid == os.getpid() and self._thread.is_alive() and not self._stopping.is_set()

    def _loop(self) -> None:
        while not self._stopping.wait(self.seconds):
            self.tick()

    def tick(self) -> None:
        """Run each job whose turn has come; never raises, and holds no database connection afterwards."""
        self._run(_jobs)

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the thread, then write the views still buffered; safe to call twice."""
        if self.pid != os.getpid():
            return
        self._stopping.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout)
        self._run(flush_views)

    def _run(self, job) -> None:
        try:
            with self.app.app_context():
                try:
                    job()
                finally:
                    db.session.remove()  # the connection goes back to the pool until the next tick
        except Exception:  # the worker must go on serving; the next tick retries
            log.exception("ticker: a periodic job failed, the next tick retries")


def _jobs() -> None:
    catch_up_when_due()
    flush_views_when_due()


def start(app: Flask) -> Ticker | None:
    """Start this process's ticker for `app` unless it runs already; None when TICKER_SECONDS is 0."""
    seconds = app.config["TICKER_SECONDS"]
    if not seconds or seconds <= 0:
        return None
    with _starting:
        ticker = app.extensions.get(_KEY)
        if ticker is not None and ticker.running():
            return ticker
        ticker = app.extensions[_KEY] = Ticker(app, seconds)
        ticker._thread.start()
    atexit.register(ticker.stop)
    return ticker


def stop(app: Flask) -> None:
    """Stop this process's ticker for `app`, writing the buffered views (gunicorn's worker_exit)."""
    ticker = app.extensions.get(_KEY)
    if ticker is not None:
        ticker.stop()


def after_response(response: Response) -> Response:
    """after_request: start the ticker if the server did not; without one, write the views once the response is sent."""
    app = current_app._get_current_object()
    ticker = app.extensions.get(_KEY)
    if ticker is None or not ticker.running():
        ticker = start(app)
    if ticker is None and pending_views():
        def flush() -> None:
            with app.app_context():
                flush_views_when_due()

        response.call_on_close(flush)
    return response
