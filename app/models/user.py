"""User accounts, roles and permission flags."""
import enum
import secrets
from datetime import datetime

from flask_login import AnonymousUserMixin, UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.core.time import utcnow
from app.extensions import db
from app.models.types import UTCDateTime


class Role(enum.StrEnum):
    """The kinds of account."""

    ARTISAN = "artisan"
    APPRENTICE = "apprentice"
    PARTNER = "partner"
    STAFF = "staff"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        """French label shown to users."""
        return ROLE_LABELS[self]


STAFF_ROLES = (Role.STAFF, Role.ADMIN)  # the accounts the administration's staff pages manage


ROLE_LABELS = {
    Role.ARTISAN: "Artisan",
    Role.APPRENTICE: "Jeune / apprenti",
    Role.PARTNER: "Partenaire",
    Role.STAFF: "Conseiller de chambre",
    Role.ADMIN: "Administrateur",
}
# Roles a visitor may choose when signing up; staff and admins are created by the CLI or an admin.
SIGNUP_ROLES = (Role.ARTISAN, Role.APPRENTICE, Role.PARTNER)


class Permission(enum.IntFlag):
    """Permission flags; a role is a set of them."""

    APPLY = enum.auto()
    EXPRESS_INTEREST = enum.auto()
    MANAGE_BUSINESS = enum.auto()
    MODERATE = enum.auto()
    VERIFY_BUSINESSES = enum.auto()
    ADMINISTER = enum.auto()


ROLE_PERMISSIONS = {
    Role.ARTISAN: Permission.MANAGE_BUSINESS,
    Role.APPRENTICE: Permission.APPLY,
    Role.PARTNER: Permission.EXPRESS_INTEREST,
    Role.STAFF: Permission.MODERATE | Permission.VERIFY_BUSINESSES,
    Role.ADMIN: Permission.MODERATE | Permission.VERIFY_BUSINESSES | Permission.ADMINISTER,
}


def new_session_token() -> str:
    """Return a random token identifying the user's current sessions."""
    return secrets.token_urlsafe(32)


class User(UserMixin, db.Model):
    """An account: one e-mail, one role, and for staff one chamber."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(
        db.Enum(Role, native_enum=False, length=20, values_callable=lambda roles: [r.value for r in roles])
    )
    chamber_code: Mapped[str | None] = mapped_column(String(8), index=True)
    display_name: Mapped[str] = mapped_column(String(120), default="")
    # Rotated at logout and password change so that every older session or remember cookie stops working.
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Failed logins in a row and the lockout they earned, in the database so that every worker and node sees them.
    failed_login_count: Mapped[int] = mapped_column(default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    is_active_account: Mapped[bool] = mapped_column(default=True)
    # Set when the person deleted their account: the row stays (other records point to it) with no personal data.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When the account, unused for 23 months, was warned that it will be deleted (app/services/accounts/inactivity.py);
    # signing in clears it.
    inactivity_warned_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def get_id(self) -> str:
        """Flask-Login identifier: the session token, not the primary key."""
        return self.session_token

    @property
    def is_active(self) -> bool:
        """Disabled accounts cannot sign in."""
        return self.is_active_account

    @property
    def permissions(self) -> Permission:
        """The permission flags of this user's role."""
        return ROLE_PERMISSIONS.get(self.role, Permission(0))

    def can(self, permission: Permission) -> bool:
        """True when the user's role grants the permission."""
        return bool(self.permissions & permission) and permission != Permission(0)

    @property
    def is_admin(self) -> bool:
        """True for administrators."""
        return self.role == Role.ADMIN

    @property
    def email_confirmed(self) -> bool:
        """True once the e-mail address has been confirmed."""
        return self.email_confirmed_at is not None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class AnonymousUser(AnonymousUserMixin):
    """A visitor who is not signed in: can do nothing."""

    role = None
    chamber_code = None
    is_admin = False

    def can(self, permission: Permission) -> bool:
        """Anonymous visitors have no permission."""
        return False
