"""Record security events in the database and mirror each one as a log line (values as data, no secrets)."""
import logging
from datetime import datetime

from flask import g, has_request_context, request
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from app.core.hashing import ip_hash as keyed_ip_hash
from app.core.time import utcnow
from app.core.transaction import use_case
from app.extensions import db
from app.models.security_log import SecurityEvent

log = logging.getLogger("passerelle.security")
DETAIL_MAX = 300  # characters kept of any text value
USER_AGENT_MAX = 200


def mask_email(email: str | None) -> str:
    """A masked address such as « j***@exemple.fr »: enough to recognise one's own, not to learn someone else's."""
    email = (email or "").strip()[:254]
    local, at, domain = email.rpartition("@")
    if not at:
        return (email[:1] + "***") if email else ""
    return f"{local[:1]}***@{domain}"


def ip_hash(address: str | None) -> str | None:
    """A keyed hash of an IP address (16 hex digits), or None without one."""
    return keyed_ip_hash(address, context="security-log:", length=16)


def _plain(value):
    """A JSON value with bounded text: strings cut, other objects turned into strings."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, dict):
        return {str(key)[:60]: _plain(item) for key, item in list(value.items())[:30]}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value[:30]]
    return str(value)[:DETAIL_MAX]


def record(kind: str, user=None, *, at: datetime | None = None, **details) -> SecurityEvent:
    """Add a security event to the caller's transaction, and mirror it as a log line."""
    user_id = getattr(user, "id", None)  # visitors and the system have no id
    event = SecurityEvent(at=at or utcnow(), kind=kind, user_id=user_id, details=_plain(details))
    if has_request_context():
        event.ip_hash = ip_hash(request.remote_addr)
        event.user_agent = (request.user_agent.string or "")[:USER_AGENT_MAX] or None
        event.request_id = g.get("request_id")
    db.session.add(event)
    log.info("security_event %s", kind, extra={"fields": {
        "kind": kind, "user_id": user_id, "ip_hash": event.ip_hash, "details": event.details}})
    return event


def record_now(kind: str, user=None, **details) -> None:
    """Record a security event in a use case of its own; never raises on a database error.

    For events that are the whole of what a request writes (a download, a sign-out, a refusal about to be raised).
    """
    try:
        use_case(record)(kind, user, **details)
    except SQLAlchemyError:  # a security event must never turn a sign-in or a download into an error page
        log.exception("security event not stored: %s", kind)


def login_failed(email: str, user=None) -> SecurityEvent:
    """A failed sign-in: the masked address typed, and the account it belongs to when there is one."""
    return record("login_failure", user, email=mask_email(email))


def from_audit(action: str, actor, subject_type: str, subject_id: int | None) -> SecurityEvent:
    """Mirror an audit-log entry (in the caller's transaction): who decided, from where, in which request."""
    if action.startswith("export."):
        kind = "csv_export"
    elif action.startswith("staff."):
        kind = "account_admin"
    else:
        kind = "moderation_decision"
    return record(kind, actor, action=action, subject=f"{subject_type}:{subject_id}")


def events_for(user, limit: int = 20) -> list[SecurityEvent]:
    """The newest security events about a user."""
    return list(db.session.scalars(select(SecurityEvent).where(SecurityEvent.user_id == user.id)
                                   .order_by(SecurityEvent.at.desc(), SecurityEvent.id.desc()).limit(limit)))

