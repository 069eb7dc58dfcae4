"""API view /api/v1/hiring-aid: the State's aid to an employer for an apprenticeship contract (CONTRACT.md)."""
import re
from datetime import date

from flask import jsonify, request
from flask.typing import ResponseReturnValue

from app.core.time import today
from app.reference.aid import MAX_LEVEL, MIN_LEVEL, AidOutOfRange, hiring_aid
from app.web.api import bp
from app.web.api.routes import api_error

MAX_EMPLOYEES = 10_000_000
INTEGER = re.compile(r"[0-9]{1,9}")
PERCENT = re.compile(r"[0-9]{1,3}(\.[0-9]{1,2})?")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
RQTH_VALUES = {"1": True, "0": False, "": False}


class BadParameter(ValueError):
    """A parameter of /hiring-aid that cannot be used: `field` names it, the message says why in French."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _integer(args, field: str, low: int, high: int, message: str) -> int:
    """A required whole number between `low` and `high`, or BadParameter."""
    text = args.get(field, "")
    if not INTEGER.fullmatch(text) or not low <= int(text) <= high:
        raise BadParameter(field, message)
    return int(text)


def _signed_on(text: str) -> date:
    """The signing date (empty: today), or BadParameter."""
    if not text:
        return today()
    try:
        if ISO_DATE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise BadParameter("signed_on", "Indiquez la date de signature du contrat au format AAAA-MM-JJ.")


def _ratio(text: str) -> float | None:
    """The share of work-study contracts in % (empty: unknown), or BadParameter."""
    if not text:
        return None
    if not PERCENT.fullmatch(text) or float(text) > 100:
        raise BadParameter("alternance_ratio", "Indiquez la part de contrats en alternance dans l’effectif, "
                                               "de 0 à 100 (%), par exemple 5 ou 5.5.")
    return float(text)


def parse_aid_args(args) -> dict:
    """The keyword arguments of hiring_aid from the query string (empty optional values: absent), or BadParameter."""
    level = _integer(args, "level", MIN_LEVEL, MAX_LEVEL,
                     f"Indiquez le niveau du diplôme préparé, de {MIN_LEVEL} (CAP) à {MAX_LEVEL} (master).")
    employees = _integer(args, "employees", 0, MAX_EMPLOYEES,
                         "Indiquez l’effectif de l’entreprise : un nombre entier de salariés, de 0 à 10 millions.")
    rqth = RQTH_VALUES.get(args.get("rqth", ""))
    if rqth is None:
        raise BadParameter("rqth", "rqth vaut 1 (apprenti reconnu travailleur handicapé) ou 0.")
    return {"level": level, "employees": employees, "signed_on": _signed_on(args.get("signed_on", "")),
            "rqth": rqth, "alternance_ratio": _ratio(args.get("alternance_ratio", ""))}


@bp.get("/hiring-aid")
def hiring_aid_view() -> ResponseReturnValue:
    """The hiring aid of an apprenticeship contract (parameters and answer as in CONTRACT.md)."""
    try:
        aid = hiring_aid(**parse_aid_args(request.args))
    except BadParameter as error:
        return api_error(400, "invalid_parameter", error.message, error.field)
    except AidOutOfRange as error:
        return api_error(400, "invalid_parameter", str(error), "signed_on")
    return jsonify({"signed_on": aid.signed_on.isoformat(), "amount": aid.amount, "currency": "EUR",
                    "period": aid.period, "source": aid.source, "rule": aid.rule,
                    "in_force_since": aid.in_force_since.isoformat(), "monthly": aid.monthly,
                    "conditions": list(aid.conditions), "provisional": aid.provisional})
