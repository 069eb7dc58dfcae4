"""Accounts: creation, password policy and hashing, authentication, sessions, confirmation and password reset."""
import hashlib
import re
import secrets
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from zxcvbn import zxcvbn

from app.core import tokens
from app.core.errors import Refused
from app.core.text import MESSAGES, has_control_characters
from app.core.time import utcnow
from app.core.transaction import use_case
from app.extensions import db
from app.geo import CHAMBERS, get_chamber
from app.mail.outbox import external_url, queue_mail
from app.models.user import Role, User, new_session_token
from app.services.accounts import lockout, security_log
from app.services.businesses import public_pages

MIN_PASSWORD_LENGTH = 12
# zxcvbn is slow on very long inputs and argon2 gains nothing beyond this.
MAX_PASSWORD_LENGTH = 128
MIN_PASSWORD_SCORE = 3
RESET_SALT = "passerelle.password-reset"
CONFIRM_SALT = "passerelle.email-confirm"

MSG_EMAIL_INVALID = "Saisissez une adresse électronique valide, par exemple nom@exemple.fr."
MSG_EMAIL_TAKEN = ("Un compte existe déjà avec cette adresse. Connectez-vous ou demandez un nouveau mot de passe.")
MSG_PASSWORD_SHORT = f"Le mot de passe doit contenir au moins {MIN_PASSWORD_LENGTH} caractères."
MSG_PASSWORD_LONG = f"Le mot de passe ne peut pas dépasser {MAX_PASSWORD_LENGTH} caractères."
MSG_PASSWORD_WEAK = ("Ce mot de passe est trop facile à deviner. Choisissez par exemple une phrase de plusieurs mots "
                     "peu courants, sans votre nom ni votre adresse.")
MSG_PASSWORD_WRONG = "Le mot de passe actuel est incorrect."
MSG_LINK_EXPIRED = "Ce lien a expiré. Demandez-en un nouveau."
MSG_LINK_INVALID = "Ce lien n’est pas valide ou a déjà été utilisé. Demandez-en un nouveau."


class AccountError(Refused):
    """A refused account operation: a French message, and the form field it concerns (or None)."""


# --- passwords -------------------------------------------------------------------------------------------------

@lru_cache(maxsize=4)
def _hasher(time_cost: int, memory_cost: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)


def _current_hasher() -> PasswordHasher:
    config = current_app.config
    return _hasher(config["ARGON2_TIME_COST"], config["ARGON2_MEMORY_COST"], config["ARGON2_PARALLELISM"])


@lru_cache(maxsize=4)
def _dummy_hash(hasher: PasswordHasher) -> str:
    return hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    """Hash a password with argon2id and the configured cost."""
    return _current_hasher().hash(password)


def verify_password(user: User, password: str) -> bool:
    """True when `password` is the user's password."""
    try:
        return _current_hasher().verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str, user_inputs: tuple[str, ...] = ()) -> str | None:
    """The French reason why this password is refused, or None when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return MSG_PASSWORD_SHORT
    if len(password) > MAX_PASSWORD_LENGTH:
        return MSG_PASSWORD_LONG
    inputs = ["passerelle", "artisan", "artisanat", "apprenti", "apprentissage"]
    for value in user_inputs:
        words = re.split(r"[\W_]+", (value or "").lower().split("@")[0])
        inputs.extend([value, "".join(words), *(word for word in words if len(word) > 2)])
    if zxcvbn(password, user_inputs=inputs)["score"] < MIN_PASSWORD_SCORE:
        return MSG_PASSWORD_WEAK
    return None


def _check_password(password: str, *user_inputs: str, field: str = "password") -> None:
    problem = password_problem(password, tuple(user_inputs))
    if problem:
        raise AccountError(problem, field=field)


# --- creation ----------------------------------------------------------------------------------------------------

def normalize_email(email: str) -> str:
    """Lowercase and strip an e-mail address (the form in which it is stored and looked up)."""
    return (email or "").strip().lower()


def validate_email_address(email: str) -> str:
    """Return the normalised address, or raise AccountError when it is not a valid address."""
    try:
        return normalize_email(validate_email(normalize_email(email), check_deliverability=False).normalized)
    except EmailNotValidError as error:
        raise AccountError(MSG_EMAIL_INVALID, field="email") from error


def _role(role: str | Role) -> Role:
    try:
        return Role(role)
    except ValueError as error:
        raise AccountError(f"Rôle inconnu\u00a0: «\u00a0{role}\u00a0».", field="role") from error


def _chamber_for(role: Role, chamber_code: str | None) -> str | None:
    if role != Role.STAFF:
        if chamber_code:
            raise AccountError("Seuls les conseillers de chambre sont rattachés à une chambre.", field="chamber")
        return None
    if not chamber_code:
        raise AccountError("Un conseiller de chambre doit être rattaché à une chambre\u00a0: précisez son code "
                           "(par exemple IDF).", field="chamber")
    chamber = get_chamber(chamber_code)
    if chamber is None:
        raise AccountError(f"Chambre inconnue\u00a0: «\u00a0{chamber_code}\u00a0». Codes possibles\u00a0: "
                           f"{', '.join(sorted(CHAMBERS))}.", field="chamber")
    return chamber.code


@use_case
def create_account(email: str, password: str, role: str | Role, chamber_code: str | None = None,
                   display_name: str = "", confirmed: bool = False, notify_taken: bool = False) -> User | None:
    """Create an account and queue its confirmation e-mail; `notify_taken`: a taken address is told, not refused."""
    email = validate_email_address(email)
    role = _role(role)
    chamber = _chamber_for(role, chamber_code)
    display_name = (display_name or "").strip()[:120]
    if has_control_characters(display_name):
        raise AccountError(MESSAGES[False].format(label="Nom affiché"), field="display_name")
    _check_password(password, email, display_name)
    password_hash = hash_password(password)  # hashed for a taken address too: both answers cost the same
    existing = db.session.scalar(select(User).filter_by(email=email))
    if existing is not None:
        if not notify_taken:
            raise AccountError(MSG_EMAIL_TAKEN, field="email")
        _queue_taken_notice(existing)
        return None
    user = User(email=email, password_hash=password_hash, role=role, chamber_code=chamber,
                display_name=display_name, email_confirmed_at=utcnow() if confirmed else None)
    db.session.add(user)
    try:
        db.session.flush()
        if not confirmed:
            _queue_confirmation(user)
    except IntegrityError as error:  # a concurrent sign-up with the same address won the race
        raise AccountError(MSG_EMAIL_TAKEN, field="email") from error
    return user


def _queue_taken_notice(user: User) -> None:
    """Tell the owner of an address that someone tried to sign up with it (the sign-up page says nothing)."""
    queue_mail(user.email, "Tentative de création d’un compte avec votre adresse", "account_exists", user=user,
               login_url=external_url("auth.login"), reset_url=external_url("auth.forgot_password"))


# --- sessions ----------------------------------------------------------------------------------------------------

@use_case
def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None; unknown e-mails cost as much as wrong passwords.

    :raise AccountLocked: after too many failed logins in a row for this account (app/services/accounts/lockout.py).
    """
    user = db.session.scalar(select(User).filter_by(email=normalize_email(email)))
    hasher = _current_hasher()
    if user is None:
        try:
            hasher.verify(_dummy_hash(hasher), password)
        except VerificationError:
            pass
        security_log.login_failed(email)
        return None
    lockout.check(user)  # AccountLocked: even the right password is refused until the lockout ends
    if not verify_password(user, password) or not user.is_active_account:
        security_log.login_failed(email, user)
        lockout.record_failure(user)
        return None
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    lockout.reset(user)
    user.last_login_at = utcnow()
    user.inactivity_warned_at = None  # an inactive account's deletion is cancelled by signing in
    security_log.record("login_success", user)
    return user


@use_case
def end_sessions(user: User) -> None:
    """Rotate the session token so that every existing session and remember cookie of the user stops working."""
    user.session_token = new_session_token()


def _set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    user.session_token = new_session_token()
    queue_mail(user.email, "Votre mot de passe a été modifié", "password_changed", user=user,
               reset_url=external_url("auth.forgot_password"))


@use_case
def change_password(user: User, current_password: str, new_password: str) -> None:
    """Change the password after checking the current one; ends the user's other sessions."""
    if not verify_password(user, current_password):
        raise AccountError(MSG_PASSWORD_WRONG, field="current_password")
    _check_password(new_password, user.email, user.display_name)
    _set_password(user, new_password)
    security_log.record("password_changed", user)


# --- signed links ------------------------------------------------------------------------------------------------

def _password_fingerprint(user: User) -> str:
    # The link dies as soon as the password hash changes, so it works once.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:20]


def _load(token: str, salt: str, max_age: int) -> dict:
    try:
        return tokens.load(token, salt, max_age)
    except tokens.LinkExpired as error:
        raise AccountError(MSG_LINK_EXPIRED) from error
    except tokens.LinkInvalid as error:
        raise AccountError(MSG_LINK_INVALID) from error


def make_reset_token(user: User) -> str:
    """A signed password reset token for the user, bound to the current password."""
    return tokens.sign({"u": user.id, "p": _password_fingerprint(user)}, RESET_SALT)


def user_for_reset_token(token: str) -> User:
    """The user a valid reset token belongs to; AccountError when expired, tampered or already used."""
    data = _load(token, RESET_SALT, current_app.config["PASSWORD_RESET_MAX_AGE"])
    user = db.session.get(User, data.get("u")) if isinstance(data.get("u"), int) else None
    if user is None or not user.is_active_account or data.get("p") != _password_fingerprint(user):
        raise AccountError(MSG_LINK_INVALID)
    return user


@use_case
def request_password_reset(email: str) -> None:
    """E-mail a reset link when an active account has this address; the same work, but no mail, otherwise."""
    user = db.session.scalar(select(User).filter_by(email=normalize_email(email)))
    known = user is not None and user.is_active_account
    # An unknown address signs and renders a link for a throw-away user, so that both answers cost the same.
    target = user if known else User(id=0, email=normalize_email(email), password_hash=_dummy_hash(_current_hasher()),
                                     display_name="")
    mail = queue_mail(target.email, "Réinitialisation de votre mot de passe", "password_reset", user=target,
                      reset_url=external_url("auth.reset_password", token=make_reset_token(target)))
    if not known:
        db.session.expunge(mail)
    security_log.record("password_reset_requested", user if known else None, email=security_log.mask_email(email))


@use_case
def reset_password(token: str, new_password: str) -> User:
    """Set a new password from a reset link; the link then stops working and every session ends."""
    user = user_for_reset_token(token)
    _check_password(new_password, user.email, user.display_name)
    _set_password(user, new_password)
    if user.email_confirmed_at is None:  # receiving the link proves the address
        user.email_confirmed_at = utcnow()
        public_pages.owner_visibility_changed(user)
    security_log.record("password_reset", user)
    return user


def make_confirm_token(user: User) -> str:
    """A signed e-mail confirmation token, bound to the user's current address."""
    return tokens.sign({"u": user.id, "e": user.email}, CONFIRM_SALT)


def _queue_confirmation(user: User) -> None:
    queue_mail(user.email, "Confirmez votre adresse électronique", "confirm_email", user=user,
               confirm_url=external_url("auth.confirm_email", token=make_confirm_token(user)),
               max_age_days=current_app.config["EMAIL_CONFIRM_MAX_AGE"] // 86400)


@use_case
def resend_confirmation(user: User) -> bool:
    """Queue a new confirmation e-mail unless the address is already confirmed; True when one was queued."""
    if user.email_confirmed:
        return False
    _queue_confirmation(user)
    return True


@use_case
def confirm_email(token: str) -> User:
    """Mark the address of a confirmation link as confirmed; AccountError when expired or tampered."""
    data = _load(token, CONFIRM_SALT, current_app.config["EMAIL_CONFIRM_MAX_AGE"])
    user = db.session.get(User, data.get("u")) if isinstance(data.get("u"), int) else None
    if user is None or data.get("e") != user.email:
        raise AccountError(MSG_LINK_INVALID)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
        public_pages.owner_visibility_changed(user)  # their business and listings are now public
    return user
