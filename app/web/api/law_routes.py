"""API views on the work-study law: the apprentice's legal minimum pay (/api/v1/apprentice-pay)."""
import re
from datetime import date

from flask import jsonify, request
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import MultiDict

from app.core.time import today
from app.geo import get_departement
from app.reference.law import MAYOTTE, NoSmicData, conventional_minimum_may_apply, minimum_share, share_of_smic, smic_on
from app.web.api import bp
from app.web.api.routes import api_error

PAY_AGES = (15, 99)
PAY_YEARS = (1, 3)
_INTEGER = re.compile(r"[0-9]{1,6}")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class _Invalid(Exception):
    """A bad query parameter: its name and the French message of the 400 answer."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def _integer(args: MultiDict, name: str, bounds: tuple[int, int], what: str) -> int:
    """A required whole number within bounds."""
    text = args.get(name, "")
    low, high = bounds
    if not _INTEGER.fullmatch(text) or not low <= int(text) <= high:
        raise _Invalid(name, f"Indiquez {what} : un nombre entier de {low} à {high}.")
    return int(text)


def parse_pay_args(args: MultiDict) -> tuple[int, int, date | None, str | None]:
    """Age, contract year, date (None: today) and département of an apprentice-pay request, or _Invalid."""
    age = _integer(args, "age", PAY_AGES, "l’âge de l’apprenti")
    year = _integer(args, "year", PAY_YEARS, "l’année du contrat")
    on_text = args.get("on", "")
    on = None
    if on_text:
        try:
            if not _ISO_DATE.fullmatch(on_text):
                raise ValueError(on_text)
            on = date.fromisoformat(on_text)
        except ValueError:
            raise _Invalid("on", "Indiquez la date au format AAAA-MM-JJ (par exemple 2026-12-01).") from None
    departement = args.get("departement", "") or None
    if departement is not None and get_departement(departement) is None:
        raise _Invalid("departement", f"Département inconnu : « {departement} ».")
    return age, year, on, departement


@bp.get("/apprentice-pay")
def apprentice_pay() -> ResponseReturnValue:
    """The legal minimum gross monthly pay of a full-time apprentice (parameters and answer as in CONTRACT.md)."""
    try:
        age, year, on, departement = parse_pay_args(request.args)
        on = on or today()
        smic = smic_on(on, departement)
    except _Invalid as error:
        return api_error(400, "invalid_parameter", error.message, error.field)
    except NoSmicData as error:
        return api_error(400, "invalid_parameter", f"Date hors des données : {error}.", "on")
    percent = minimum_share(age, year)
    return jsonify({
        "on": on.isoformat(), "age": age, "year": year, "percent": percent,
        "monthly_gross": float(share_of_smic(smic, percent)),
        "smic": {"hourly": float(smic.hourly), "monthly": float(smic.monthly),
                 "in_force_since": smic.in_force_since.isoformat(), "source": smic.source,
                 "zone": "Mayotte" if departement == MAYOTTE else "national"},
        "conventional_minimum_may_apply": conventional_minimum_may_apply(age),
    })
