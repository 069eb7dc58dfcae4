"""Views: the search page, and the JSON lists of the trade and commune autocomplete."""
from flask import jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from app.search import InvalidParameter, run_search
from app.services.messaging.alerts import describe, normalized_query
from app.web.alerts.forms import AlertForm
from app.web.search import bp
from app.web.search.autocomplete import commune_suggestions, trade_suggestions
from app.web.search.page import HELPERS, read_search

AUTOCOMPLETE_MAX_AGE = 3600


@bp.get("/recherche")
def search() -> ResponseReturnValue:
    """Search published offers and projects: a GET form, so that every result page has a shareable URL."""
    try:
        search_request = read_search(request.args)
    except InvalidParameter as error:
        return render_template("search/index.html", error=error, search=None, page=None), 400
    # A misspelt text finding nothing answers with its correction, unless the visitor asked for the text as typed.
    page = run_search(search_request, correct=request.args.get("exact") != "1")
    alert_form = AlertForm(query=normalized_query(search_request),
                           email=current_user.email if current_user.is_authenticated else None)
    return render_template("search/index.html", error=None, search=search_request, page=page,
                           alert_form=alert_form, description=describe(search_request))


def _cached_json(data) -> ResponseReturnValue:
    response = jsonify(data)
    response.cache_control.public = True
    response.cache_control.max_age = AUTOCOMPLETE_MAX_AGE
    return response


@bp.get("/autocompletion/metiers")
def trades() -> ResponseReturnValue:
    """Trade labels for the « Quel métier ? » box: ["Pâtissier", …]."""
    return _cached_json(trade_suggestions(request.args.get("q")))


@bp.get("/autocompletion/communes")
def communes() -> ResponseReturnValue:
    """Communes for the « Où ? » box: [{"label": "Lyon 3e arrondissement (69003)", "value": "69003"}, …]."""
    return _cached_json(commune_suggestions(request.args.get("q")))


@bp.context_processor
def _helpers() -> dict:
    """Filter groups, links and labels for the search templates."""
    return HELPERS
