"""Handlers for 400, 403, 404, 405, 409, 413, 429 and 500, and the one mapping of app/core/errors to them."""
from flask import Response, jsonify, render_template, request
from flask.globals import request_ctx
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.core.errors import DomainError
from app.extensions import db
from app.web.errors import bp

MESSAGES = {
    400: ("Requête incorrecte", "La demande n’a pas pu être comprise. Vérifiez les informations saisies et réessayez."),
    403: ("Accès refusé", "Vous n’avez pas l’autorisation d’accéder à cette page."),
    404: ("Page introuvable", "Cette page n’existe pas ou n’est plus disponible."),
    405: ("Méthode non autorisée", "Cette action n’est pas possible à cette adresse."),
    409: ("Action impossible", "Cette action n’est plus possible : la page a changé entre-temps."),
    413: ("Fichier trop volumineux", "Le fichier envoyé dépasse la taille autorisée (5 Mo au maximum). "
          "Réduisez sa taille et réessayez."),
    429: ("Trop de tentatives", "Vous avez fait trop de demandes en peu de temps. Patientez quelques minutes avant de réessayer."),
    500: ("Erreur du serveur", "Une erreur inattendue s’est produite. Nous en avons été informés ; réessayez dans un instant."),
}
CODES = {400: "bad_request", 403: "forbidden", 404: "not_found", 405: "method_not_allowed", 409: "conflict",
         413: "payload_too_large", 429: "too_many_requests", 500: "server_error"}


def wants_json() -> bool:
    """True for API requests, which get JSON errors."""
    return request.path.startswith("/api/")


def error_response(status: int, message: str | None = None):
    """Render the French error page, or the JSON error under /api/."""
    title, default = MESSAGES.get(status, MESSAGES[500])
    text = message or default
    if request_ctx.url_adapter is None:
        # An untrusted Host header: no URL can be built, so the page template cannot render.
        return Response(f"{title}. {text}", status, mimetype="text/plain")
    if wants_json():
        return jsonify({"error": {"code": CODES.get(status, "error"), "message": text}}), status
    return render_template("errors/error.html", status=status, title=title, message=text), status


@bp.app_errorhandler(CSRFError)
def csrf_error(error: CSRFError):
    """An expired or missing form token: ask to reload the page."""
    return error_response(400, "Le formulaire a expiré. Rechargez la page et renvoyez-le.")


@bp.app_errorhandler(DomainError)
def domain_error(error: DomainError):
    """A refusal no view caught: its status, with its own French message."""
    db.session.rollback()
    return error_response(error.status, error.message)


@bp.app_errorhandler(HTTPException)
def http_error(error: HTTPException):
    """Every HTTP error gets a French page."""
    if error.code == 500:
        return server_error(error)
    return error_response(error.code or 500)


@bp.app_errorhandler(InternalServerError)
def server_error(error):
    """Roll back the failed transaction and show the French 500 page."""
    db.session.rollback()
    return error_response(500)
