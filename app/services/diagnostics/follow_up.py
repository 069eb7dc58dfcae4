"""The chamber's follow-up of diagnostic requests: queue, statuses, assignment, private notes (audited)."""
from datetime import datetime

from sqlalchemy import select

from app.core.errors import NotFound, Refused
from app.core.time import utcnow
from app.core.transaction import use_case
from app.extensions import db
from app.mail.outbox import external_url, queue_mail
from app.models.diagnostic import (
    CONTACT_STATUSES,
    STAMPS,
    DiagnosticNote,
    DiagnosticRequest,
    Outcome,
    RequestStatus,
    check_move,
)
from app.models.user import User
from app.services.access import covers, ensure_covers, territory
from app.services.conversations.routing import chamber_staff
from app.services.diagnostics.checks import clean_text
from app.services.moderation import audit

QUEUE_PAGE_SIZE = 30
MAX_NOTE = 3000


def queue_page(user, chamber_code: str | None = None, status: RequestStatus | None = None, page: int = 1):
    """Requests of the user's territory, open ones first then the oldest first; optionally of one status."""
    departements = territory(user, chamber_code)
    query = select(DiagnosticRequest)
    if departements is not None:
        query = query.where(DiagnosticRequest.departement.in_(departements))
    if status is not None:
        query = query.where(DiagnosticRequest.status == status)
    closed_last = (DiagnosticRequest.status == RequestStatus.CLOSED)
    return db.paginate(query.order_by(closed_last, DiagnosticRequest.created_at, DiagnosticRequest.id),
                       page=page, per_page=QUEUE_PAGE_SIZE, error_out=False)


def request_for_staff(request_id: int, user) -> DiagnosticRequest:
    """A request for the staff of its territory.

    :raise NotFound: no such request.
    :raise NotAllowed: the business is outside the user's territory.
    """
    found = db.session.get(DiagnosticRequest, request_id)
    if found is None:
        raise NotFound()
    ensure_covers(user, found.departement)
    return found


def advisers(request: DiagnosticRequest) -> list[User]:
    """The staff who may be assigned the request: the active staff of its chamber."""
    return chamber_staff(request.departement)


def log(action: str, user, request: DiagnosticRequest, **details) -> None:
    """Write one change of the request in the audit log, under its chamber."""
    audit.record(f"diagnostic.{action}", user, "diagnostic_request", request.id,
                 chamber_code=audit.chamber_code_of(request.departement), details=details)


def mark_contacted(request: DiagnosticRequest, at: datetime) -> None:
    """The artisan was contacted at `at`, unless an earlier contact is known."""
    if request.first_contact_at is None:
        request.first_contact_at = at


@use_case
def move(user, request: DiagnosticRequest, target: str | None, outcome: str | None = None,
         now: datetime | None = None) -> DiagnosticRequest:
    """Move a request to its next status; closing needs an outcome and asks the artisan how useful it was."""
    ensure_covers(user, request.departement)
    status = RequestStatus.lookup(target or "")
    if status is None:
        raise Refused({"status": "Choisissez le nouveau statut."})
    check_move(request.status, status)
    chosen = Outcome.lookup(outcome or "") if status == RequestStatus.CLOSED else None
    if status == RequestStatus.CLOSED and chosen is None:
        raise Refused({"outcome": "Choisissez l’issue de la demande pour la clôturer."})
    now = now or utcnow()
    request.status = status
    setattr(request, STAMPS[status], now)
    if status in CONTACT_STATUSES:
        mark_contacted(request, now)
    if status == RequestStatus.TAKEN and request.assignee_id is None:
        request.assignee = user if not user.is_admin else None
    request.outcome = chosen
    log("status", user, request, status=status.value, outcome=chosen.value if chosen else None)
    if status == RequestStatus.CLOSED and request.user is not None:
        queue_mail(request.user.email, "Votre diagnostic est clôturé : votre avis nous intéresse",
                   "diagnostic_closed", artisan=request.user, request=request,
                   request_url=external_url("diagnostic.request_page", request_id=request.id))
    return request


@use_case
def assign(user, request: DiagnosticRequest, assignee_id) -> DiagnosticRequest:
    """Give the request to an advisor of its chamber (or to nobody)."""
    ensure_covers(user, request.departement)
    try:
        wanted = int(assignee_id) if assignee_id not in (None, "") else None
    except (TypeError, ValueError):
        wanted = -1
    if wanted is None:
        request.assignee = None
    else:
        target = db.session.get(User, wanted)
        if target is None or not target.is_active_account or not covers(target, request.departement) \
                or target.is_admin:
            raise Refused({"assignee": "Choisissez un conseiller de la chambre."})
        request.assignee = target
    log("assign", user, request, assignee_id=request.assignee_id)
    return request


@use_case
def add_note(user, request: DiagnosticRequest, body: str | None) -> DiagnosticNote:
    """A private note of the chamber (the artisan never sees it)."""
    ensure_covers(user, request.departement)
    note = DiagnosticNote(request=request, author=user,
                          body=clean_text(body, "note", MAX_NOTE, required=True, missing="Écrivez la note."))
    db.session.add(note)
    db.session.flush()
    log("note", user, request, note_id=note.id)
    return note
