"""The conversation of a diagnostic request, in the shared threads: who may write, and who is told at once."""
from datetime import datetime

from flask import current_app

from app.core.errors import NotFound
from app.core.time import utcnow
from app.core.transaction import use_case
from app.models.conversation import Message, Side
from app.models.diagnostic import DiagnosticRequest
from app.services.access import ensure_covers, is_owner
from app.services.conversations import notices, threads
from app.services.conversations.routing import chamber_staff
from app.services.conversations.subjects import Reader, kind_of, usable
from app.services.diagnostics.follow_up import log, mark_contacted

OTHER = {Side.APPLICANT: Side.OWNER, Side.OWNER: Side.APPLICANT}


@use_case
def post(request: DiagnosticRequest, side: Side, body: str | None, *, author=None, author_email=None,
         now: datetime | None = None) -> Message:
    """A message of the artisan (APPLICANT) or of the chamber (OWNER), checked for that side here.

    The other side is mailed a notice at once unless it had one within MESSAGE_NOTICE_MINUTES (then
    `flask messages notify` sends it); the chamber's first message counts as the first contact (audited).

    :raise NotFound: the artisan's side, for someone who does not own the business.
    :raise NotAllowed: the chamber's side, for staff of another territory.
    """
    if side == Side.APPLICANT and not is_owner(author, request.business):
        raise NotFound()
    if side == Side.OWNER:
        ensure_covers(author, request.departement)
    now = now or utcnow()
    message = threads.post(request, side, body, author=author, now=now)
    if side == Side.OWNER:
        mark_contacted(request, now)
        log("message", author, request, message_id=message.id)
    if side == Side.APPLICANT and not usable(request.assignee):
        # No advisor yet: everyone in the chamber's queue is told, as of the request itself.
        for staff in chamber_staff(request.departement):
            notices.mail_notice(request, Side.OWNER, Reader(staff.email, *kind_of(request).page(request, Side.OWNER)))
    else:
        notices.notify_thread(message.thread_id, OTHER[side], now, current_app.config["MESSAGE_NOTICE_MINUTES"])
    return message
