"""Per-account login lockout: failed logins counted on the user row, so that every worker and node sees them."""
import math
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import update

from app.core.errors import Refused
from app.core.time import utcnow
from app.extensions import db
from app.models.user import User


class AccountLocked(Refused):
    """A login refused without checking the password: the account is locked for `retry_after` more seconds."""

    status = 429
    code = "too_many_requests"

    def __init__(self, retry_after: int):
        minutes = max(1, math.ceil(retry_after / 60))
        wait = "1 minute" if minutes == 1 else f"{minutes} minutes"
        super().__init__("Trop de tentatives de connexion ont échoué pour ce compte\u00a0: par sécurité, il est "
                         f"bloqué pendant {wait}. Réessayez ensuite, ou choisissez un nouveau mot de passe avec "
                         "« Mot de passe oublié\u00a0? ».")
        self.retry_after = retry_after


def lockout_seconds(failures: int) -> int:
    """How long `failures` failed logins in a row lock the account: 0 below the threshold, then doubling, capped."""
    config = current_app.config
    beyond = failures - config["LOGIN_LOCKOUT_THRESHOLD"]
    if beyond < 0:
        return 0
    return min(config["LOGIN_LOCKOUT_MAX_SECONDS"], config["LOGIN_LOCKOUT_SECONDS"] * 2 ** min(beyond, 30))


def seconds_left(user: User, now: datetime | None = None) -> int:
    """Seconds until the account accepts a login again (0 when it is not locked)."""
    if user.locked_until is None:
        return 0
    return max(0, math.ceil((user.locked_until - (now or utcnow())).total_seconds()))


def check(user: User) -> None:
    """Raise AccountLocked while the account is locked, before any password is looked at."""
    left = seconds_left(user)
    if left:
        raise AccountLocked(left)


def record_failure(user: User) -> None:
    """Count a failed login in the database (one atomic increment, whichever worker) and lock when due."""
    db.session.execute(update(User).where(User.id == user.id)
                       .values(failed_login_count=User.failed_login_count + 1)
                       .execution_options(synchronize_session=False))
    db.session.refresh(user, ["failed_login_count"])
    seconds = lockout_seconds(user.failed_login_count)
    if seconds:
        user.locked_until = utcnow() + timedelta(seconds=seconds)


def reset(user: User) -> None:
    """A successful login clears the failures and any lockout."""
    if user.failed_login_count or user.locked_until is not None:
        user.failed_login_count = 0
        user.locked_until = None
