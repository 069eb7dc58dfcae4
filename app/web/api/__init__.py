"""The public read-only JSON API (/api/v1): search, listings and its OpenAPI description."""
from flask import Blueprint, current_app

from app.extensions import csrf, limiter

bp = Blueprint("api", __name__, url_prefix="/api/v1")



def _rate_limit() -> str:
    """The per-IP limit of the API, read from RATELIMIT_API at request time."""
    return current_app.config["RATELIMIT_API"]


@bp.record_once
def _setup(state) -> None:
    # JSON in UTF-8 as it is, not \u escapes: the API speaks French.
    state.app.json.ensure_ascii = False


csrf.exempt(bp)  # read-only GET endpoints without cookies' side effects
limiter.shared_limit(_rate_limit, scope="api")(bp)  # one budget per IP for the whole API
