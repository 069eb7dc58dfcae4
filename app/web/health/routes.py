"""The health check for load balancers and monitoring (CONTRACT.md): 200 when healthy, 503 naming what fails."""
import logging

from flask import jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import text

from app.extensions import db, limiter
from app.search import check_index, pending_count
from app.web.health import bp

log = logging.getLogger(__name__)


def _database() -> str:
    try:
        db.session.execute(text("SELECT 1"))
        return "ok"
    except Exception as exc:
        log.warning("health check: database unavailable: %r", exc)
        db.session.rollback()
        return "unavailable"


def _search() -> str:
    try:
        check_index()
        return "ok"
    except Exception as exc:
        log.warning("health check: search index unavailable: %r", exc)
        return "unavailable"


def _pending() -> int | None:
    try:
        return pending_count()
    except Exception as exc:  # an unreadable sync state is an index problem, already reported by _search
        log.warning("health check: outbox position unknown: %r", exc)
        db.session.rollback()
        return None


@bp.get("/healthz")
@limiter.exempt
def healthz() -> ResponseReturnValue:
    """200 with {"database": "ok", "search": "ok", "outbox_pending": N}, else 503 with the failing part named."""
    database = _database()
    status = {"database": database, "search": _search(),
              "outbox_pending": _pending() if database == "ok" else None}
    healthy = status["database"] == "ok" and status["search"] == "ok" and status["outbox_pending"] is not None
    response = jsonify(status)
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response
