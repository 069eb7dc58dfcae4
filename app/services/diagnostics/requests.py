"""The artisan's side of a diagnostic request: send it to the chamber, follow it, answer the satisfaction."""
from sqlalchemy import select

from app.core.errors import Conflict, NotFound, Refused
from app.core.time import utcnow
from app.core.transaction import use_case
from app.extensions import db
from app.mail.outbox import external_url, queue_mail
from app.models.business import Business
from app.models.diagnostic import OPEN_STATUSES, DiagnosticRequest, RequestStatus
from app.services.access import is_owner
from app.services.conversations.routing import chamber_staff
from app.services.diagnostics.assessments import latest_completed
from app.services.diagnostics.checks import clean_text
from app.services.moderation import audit

MAX_NEED = 1000
MAX_TIMES = 200
MAX_PHONE = 30
MAX_COMMENT = 1000
SATISFACTION = {4: "Très utile", 3: "Plutôt utile", 2: "Peu utile", 1: "Pas utile du tout"}
MSG_ALREADY_OPEN = "Une demande de diagnostic est déjà en cours pour cette entreprise : suivez-la ci-dessous."


def open_request(business: Business) -> DiagnosticRequest | None:
    """The business's request still open, if any (one at a time)."""
    return db.session.scalar(select(DiagnosticRequest).where(DiagnosticRequest.business_id == business.id,
                                                             DiagnosticRequest.status.in_(OPEN_STATUSES))
                             .limit(1))


def requests_of(business: Business) -> list[DiagnosticRequest]:
    """Every request of the business, newest first."""
    return list(db.session.scalars(select(DiagnosticRequest).where(DiagnosticRequest.business_id == business.id)
                                   .order_by(DiagnosticRequest.id.desc())))


def own_request_or_404(request_id: int, user) -> DiagnosticRequest:
    """A request of a business the user owns.

    :raise NotFound: unknown, or someone else's.
    """
    found = db.session.get(DiagnosticRequest, request_id)
    if found is None or not is_owner(user, found.business):
        raise NotFound()
    return found


def _phone(value: str | None) -> str:
    phone = clean_text(value, "phone", MAX_PHONE, required=True, multi_line=False,
                       missing="Indiquez un numéro où la chambre peut vous joindre.")
    digits = sum(character.isdigit() for character in phone)
    if digits < 10 or any(not (c.isdigit() or c in " .+-()") for c in phone):
        raise Refused({"phone": "Ce numéro de téléphone n’est pas valide : 10 chiffres, par exemple 06 12 34 56 78."})
    return phone


@use_case
def send_request(user, business: Business, need: str | None, contact_times: str | None,
                 phone: str | None) -> DiagnosticRequest:
    """Send a request to the chamber of the business's territory, with the latest finished assessment attached."""
    if not is_owner(user, business):
        raise NotFound()
    if open_request(business) is not None:
        raise Conflict(MSG_ALREADY_OPEN)
    errors, values = {}, {}
    for field, check in (("need", lambda: clean_text(need, "need", MAX_NEED, required=True,
                                                     missing="Dites en quelques mots ce dont vous avez besoin.")),
                         ("contact_times", lambda: clean_text(contact_times, "contact_times", MAX_TIMES,
                                                              multi_line=False)),
                         ("phone", lambda: _phone(phone))):
        try:
            values[field] = check()
        except Refused as refused:
            errors |= refused.errors
    if errors:
        raise Refused(errors)
    request = DiagnosticRequest(business=business, user=user, departement=business.departement,
                                assessment=latest_completed(business), status=RequestStatus.NEW, **values)
    db.session.add(request)
    db.session.flush()
    audit.record("diagnostic.request", user, "diagnostic_request", request.id,
                 chamber_code=audit.chamber_code_of(business.departement), details={"business_id": business.id})
    for staff in chamber_staff(business.departement):
        queue_mail(staff.email, f"Demande de diagnostic : « {business.name} »", "diagnostic_request_new",
                   staff=staff, request=request, business=business,
                   request_url=external_url("moderation.diagnostic", request_id=request.id))
    return request


@use_case
def answer_satisfaction(user, request: DiagnosticRequest, value, comment: str | None) -> DiagnosticRequest:
    """The artisan says how useful the diagnostic was, once, after it is closed."""
    if not is_owner(user, request.business):
        raise NotFound()
    if request.status != RequestStatus.CLOSED:
        raise Conflict("Vous pourrez donner votre avis une fois la demande clôturée.")
    if request.satisfaction is not None:
        raise Conflict("Vous avez déjà donné votre avis : merci !")
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number not in SATISFACTION:
        raise Refused({"satisfaction": "Choisissez une réponse."})
    request.satisfaction = number
    request.satisfaction_comment = clean_text(comment, "comment", MAX_COMMENT) or None
    request.satisfaction_at = utcnow()
    audit.record("diagnostic.satisfaction", user, "diagnostic_request", request.id,
                 chamber_code=audit.chamber_code_of(request.departement), details={"satisfaction": number})
    return request
