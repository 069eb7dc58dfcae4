"""API views: thin wrappers around the search service and the published listings."""
from flask import jsonify, request
from flask.typing import ResponseReturnValue

from app.extensions import db
from app.models.listing import LISTING_CLASSES
from app.models.visibility import listing_is_public
from app.search import InvalidParameter, parse_search_args, run_search
from app.web.api import bp
from app.web.api.openapi import openapi_document
from app.web.api.serializers import listing_json, search_json

NOT_FOUND = {"offer": "Cette offre n’existe pas ou n’est plus publiée.",
             "project": "Ce projet n’existe pas ou n’est plus publié."}


def api_error(status: int, code: str, message: str, field: str | None = None) -> ResponseReturnValue:
    """The error shape of CONTRACT.md: {"error": {"code", "field"?, "message"}}."""
    error = {"code": code, "message": message}
    if field:
        error["field"] = field
    return jsonify({"error": error}), status


@bp.get("/search")
def search() -> ResponseReturnValue:
    """Search published listings (parameters and answer as in CONTRACT.md)."""
    try:
        search_request = parse_search_args(request.args)
    except InvalidParameter as error:
        return api_error(400, "invalid_parameter", error.message, error.field)
    return jsonify(search_json(run_search(search_request)))


def _published(kind: str, listing_id: int) -> ResponseReturnValue:
    listing = db.session.get(LISTING_CLASSES[kind], listing_id)
    if listing is None or listing.type != kind or not listing_is_public(listing):
        return api_error(404, "not_found", NOT_FOUND[kind])
    return jsonify(listing_json(listing))


@bp.get("/offers/<int:listing_id>")
def offer(listing_id: int) -> ResponseReturnValue:
    """A published apprenticeship offer."""
    return _published("offer", listing_id)


@bp.get("/projects/<int:listing_id>")
def project(listing_id: int) -> ResponseReturnValue:
    """A published innovation project."""
    return _published("project", listing_id)


@bp.get("/openapi.json")
def openapi() -> ResponseReturnValue:
    """The OpenAPI 3 description of this API."""
    return jsonify(openapi_document())
