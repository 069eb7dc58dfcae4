"""Handlers for 400, 403, 404, 405, 409, 413, 429, 500 and 503, and the one mapping of app/core/errors to them."""
import errno

from flask import Response, current_app, jsonify, render_template, request
from flask.globals import request_ctx
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
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
    503: ("Service momentanément indisponible", "Le site est très sollicité et n’a pas pu enregistrer votre demande. "
          "Réessayez dans quelques secondes."),
}
CODES = {400: "bad_request", 403: "forbidden", 404: "not_found", 405: "method_not_allowed", 409: "conflict",
         413: "payload_too_large", 429: "too_many_requests", 500: "server_error", 503: "unavailable"}
# The form parser could not write the upload to its temporary file: the server's disk, not the file, is at fault.
DISK_FULL = (errno.ENOSPC, errno.EDQUOT)
DISK_FULL_MESSAGE = ("Votre envoi n’a pas pu être reçu : l’espace de stockage du serveur est momentanément plein. "
                     "Réessayez dans quelques minutes, ou avec un fichier plus léger.")
RETRY_AFTER_SECONDS = 5


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
    response = current_app.make_response(error_response(error.code or 500))
    # The exception's own headers: Allow on a 405 (RFC 9110 requires it), WWW-Authenticate, Retry-After...
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


@bp.app_errorhandler(InternalServerError)
def server_error(error):
    """Roll back the failed transaction and show the French 500 page."""
    db.session.rollback()
    return error_response(500)


@bp.app_errorhandler(OSError)
def disk_error(error: OSError):
    """A full disk while an upload is received (or saved) is a French 413 that says so; other OS errors are 500."""
    if error.errno not in DISK_FULL:
        raise error  # left to Flask: logged, then the 500 page
    current_app.logger.error("disk full while receiving a request: %s", error)
    db.session.rollback()
    return error_response(413, DISK_FULL_MESSAGE)


@bp.app_errorhandler(OperationalError)
def database_error(error: OperationalError):
    """SQLite's « database is locked » (a writer held the lock past the busy timeout) is a 503 to retry."""
    if "database is locked" not in str(error.orig):
        raise error  # left to Flask: logged, then the 500 page
    current_app.logger.warning("database locked: answered 503")
    db.session.rollback()
    response = current_app.make_response(error_response(503))
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
