"""Inactive accounts (`flask accounts purge-inactive`): warned by e-mail after 23 months, deleted after 24."""
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from app.core.formatting import date_fr
from app.core.time import utcnow
from app.core.transaction import use_case
from app.extensions import db
from app.mail.outbox import external_url, queue_mail
from app.models.user import User
from app.services.accounts import privacy, security_log
from app.services.accounts.retention import months_before

# The periods the privacy page (templates/main/privacy.html) announces.
WARNING_MONTHS = 23  # without signing in: one e-mail says the account will be deleted
DELETION_MONTHS = 24  # without signing in, and at least NOTICE after the warning: the account is deleted
NOTICE = timedelta(days=30)
SUBJECT = "Votre compte Passerelle sera supprimé faute de connexion"


@dataclass(frozen=True)
class Inactive:
    """An inactive account the command warned or deleted (or would, in a dry run)."""

    user_id: int
    role_label: str
    last_seen: datetime
    deletion_on: datetime


@dataclass
class InactivityReport:
    """What `purge_inactive` did (or would do, in a dry run)."""

    warned: list[Inactive] = field(default_factory=list)
    deleted: list[Inactive] = field(default_factory=list)


def last_seen(user: User) -> datetime:
    """The account's last sign-in, or its creation when it never signed in."""
    return user.last_login_at or user.created_at


def deletion_date(user: User, warned_at: datetime) -> datetime:
    """When the account may be deleted: 24 months after its last activity, and never sooner than NOTICE after the
    warning."""
    return max(months_before(last_seen(user), -DELETION_MONTHS), warned_at + NOTICE)


def _candidates() -> list[User]:
    """Accounts the rule applies to: not deleted yet, and of a role that may be deleted (never staff or admins)."""
    return list(db.session.scalars(select(User).where(
        User.deleted_at.is_(None), User.role.in_(privacy.SELF_SERVICE_ROLES)).order_by(User.id)))


def _entry(user: User, warned_at: datetime) -> Inactive:
    """The report line of an account."""
    return Inactive(user_id=user.id, role_label=user.role.label, last_seen=last_seen(user),
                    deletion_on=deletion_date(user, warned_at))


def due(now: datetime) -> InactivityReport:
    """The accounts to warn and those to delete at `now`, changing nothing."""
    report = InactivityReport()
    for user in _candidates():
        seen = last_seen(user)
        if not user.is_active_account:
            # A disabled account cannot sign in, so a warning inviting it to would be false: it is only deleted,
            # at the end of the same 24 months.
            if seen <= months_before(now, DELETION_MONTHS):
                report.deleted.append(Inactive(user_id=user.id, role_label=user.role.label, last_seen=seen,
                                               deletion_on=months_before(seen, -DELETION_MONTHS)))
        elif user.inactivity_warned_at is None:
            if seen <= months_before(now, WARNING_MONTHS):
                report.warned.append(_entry(user, now))
        elif now >= deletion_date(user, user.inactivity_warned_at):
            report.deleted.append(_entry(user, user.inactivity_warned_at))
    return report


@use_case
def _warn(user: User, now: datetime, entry: Inactive) -> None:
    """Send the one warning and remember it, in one transaction."""
    user.inactivity_warned_at = now
    queue_mail(user.email, SUBJECT, "inactive_account_warning", user=user, last_seen=date_fr(entry.last_seen),
               deletion_on=date_fr(entry.deletion_on), login_url=external_url("auth.login"))
    security_log.record("inactivity_warning", user, at=now)


def purge_inactive(now: datetime | None = None, dry_run: bool = False) -> InactivityReport:
    """Warn the accounts unused for 23 months, delete those unused for 24 and warned 30 days ago; a dry run only
    lists them. Running it twice warns nobody twice."""
    now = now or utcnow()
    if now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    report = due(now)
    if dry_run:
        return report
    for entry in report.warned:
        _warn(db.session.get(User, entry.user_id), now, entry)
    for entry in report.deleted:
        privacy.erase_account(db.session.get(User, entry.user_id), now, reason="inactivity")
    return report
