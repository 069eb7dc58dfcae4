"""Claiming a business: find it by SIRET or name, prove it by a code mailed to a known address or ask the chamber."""
import secrets
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import select, update
from stdnum.exceptions import ValidationError as SiretError
from stdnum.fr import siret as stdnum_siret

from app.core.errors import Conflict, NotFound, Refused
from app.core.hashing import keyed_hash
from app.core.text import fold, has_control_characters
from app.core.time import utcnow
from app.core.transaction import use_case
from app.extensions import db
from app.mail.outbox import external_url, queue_mail
from app.models.business import Business
from app.models.claim import BusinessClaim, ClaimMethod, ClaimStatus
from app.models.user import Permission, Role
from app.models.visibility import business_is_public, public_business
from app.services.accounts.users import hash_password
from app.services.businesses.claim_decisions import MSG_NOT_PENDING, approve, decide_once
from app.services.conversations.routing import chamber_staff

MAX_RESULTS = 20
MAX_QUERY = 200
MAX_EVIDENCE = 3000
MIN_EVIDENCE = 20
CODE_LENGTH = 6
RECENT_DAYS = 90  # decided claims stay on the claimant's dashboard this long

MSG_NOT_ARTISAN = "Seul un compte artisan peut revendiquer une entreprise."
MSG_UNCONFIRMED = ("Confirmez d’abord votre adresse électronique (le lien vous a été envoyé à l’inscription) : "
                   "vous pourrez ensuite revendiquer l’entreprise.")
MSG_ALREADY_OWNER = "Vous êtes déjà responsable de cette entreprise sur Passerelle."
MSG_ALREADY_PENDING = "Vous avez déjà une demande en cours pour cette entreprise : suivez-la depuis votre espace."
MSG_CODE_FORMAT = "Le code comporte 6 chiffres : recopiez-le depuis l’e-mail reçu."
MSG_CODE_EXPIRED = "Ce code a expiré : demandez-en un nouveau."
MSG_CODE_DEAD = ("Trop de codes erronés : ce code ne fonctionne plus. Demandez la vérification par votre chambre "
                 "de métiers, qui confirmera que l’entreprise est la vôtre.")
MSG_OWNED_NOW = ("L’entreprise a maintenant un responsable confirmé : seule la chambre de métiers peut vous la "
                 "confier. Demandez sa vérification.")


class CodeDead(Refused):
    """Too many wrong codes: the claim can only go on through the chamber."""

    def __init__(self):
        super().__init__({"code": MSG_CODE_DEAD})


class CodeExpired(Refused):
    """The code is past CLAIM_CODE_MINUTES: the claimant may ask for a new one."""

    def __init__(self):
        super().__init__({"code": MSG_CODE_EXPIRED})


@dataclass(frozen=True)
class KnownAddress:
    """An address the business is known by: its key (for forms), the address and its masked form."""

    key: str
    email: str
    masked: str


@dataclass(frozen=True)
class Found:
    """A claimable business as the search shows it; `public` False hides its name (an unconfirmed owner's)."""

    business: Business
    public: bool
    owned: bool  # by a confirmed active account: only the chamber can hand it over


# --- rules -----------------------------------------------------------------------------------------------------

def owned_by_confirmed(business: Business) -> bool:
    """True when the business belongs to an active account that confirmed its address (it blocks a code claim)."""
    owner = business.owner
    return (owner is not None and owner.email_confirmed and owner.is_active_account and owner.deleted_at is None)


def claimant_problem(user) -> str | None:
    """Why this account may not claim a business (French), or None."""
    if not getattr(user, "is_authenticated", False) or user.role != Role.ARTISAN \
            or not user.can(Permission.MANAGE_BUSINESS):
        return MSG_NOT_ARTISAN
    if not user.email_confirmed:
        return MSG_UNCONFIRMED
    return None


def mask_email(email: str) -> str:
    """« b•••@boulangerie-dupont.fr »: the first letter of the local part and the whole domain."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}"


def known_addresses(business: Business) -> list[KnownAddress]:
    """The business's known addresses (its own, then its listings' contact addresses), without duplicates."""
    seen, found = set(), []
    contacts = sorted({listing.contact_email.strip() for listing in business.listings if listing.contact_email})
    for email in [business.email or "", *contacts]:
        email = email.strip()
        if "@" in email and email.casefold() not in seen:
            seen.add(email.casefold())
            found.append(KnownAddress(keyed_hash(email.casefold(), "claim-address", 16), email, mask_email(email)))
    return found


def methods_for(business: Business) -> list[ClaimMethod]:
    """The proofs open for a business: the code needs a known address and no confirmed owner."""
    if owned_by_confirmed(business) or not known_addresses(business):
        return [ClaimMethod.REVIEW]
    return [ClaimMethod.CODE, ClaimMethod.REVIEW]


def code_dead(claim: BusinessClaim) -> bool:
    """True once CLAIM_CODE_ATTEMPTS wrong codes were typed for the claim."""
    return claim.attempts >= current_app.config["CLAIM_CODE_ATTEMPTS"]


def code_expired(claim: BusinessClaim) -> bool:
    """True when the claim's code is past its time (or was never sent)."""
    return claim.code_expires_at is None or claim.code_expires_at <= utcnow()


def _code_burnt(user, business: Business) -> bool:
    """True when one of the user's claims of this business used up its wrong codes (a new claim gets no new code)."""
    return db.session.scalar(select(BusinessClaim.id).where(
        BusinessClaim.user_id == user.id, BusinessClaim.business_id == business.id,
        BusinessClaim.attempts >= current_app.config["CLAIM_CODE_ATTEMPTS"]).limit(1)) is not None


# --- finding ---------------------------------------------------------------------------------------------------

def find(siret: str | None = None, q: str | None = None) -> list[Found]:
    """Businesses to claim: the one of an exact SIRET (any), or public ones whose name holds every word typed."""
    siret, q = (siret or "").strip(), (q or "").strip()[:MAX_QUERY]
    if siret:
        try:
            number = stdnum_siret.validate(siret)
        except SiretError as error:
            raise Refused({"siret": "Ce numéro SIRET n’est pas valide : il comporte 14 chiffres, sur votre extrait "
                                    "Kbis ou votre avis de situation INSEE."}) from error
        business = db.session.scalar(select(Business).filter_by(siret=number))
        return [_found(business)] if business is not None else []
    words = fold(q).split()
    if not words:
        return []
    rows = db.session.execute(select(Business.id, Business.name).where(public_business()).order_by(Business.name))
    ids = [row.id for row in rows if all(word in fold(row.name) for word in words)][:MAX_RESULTS]
    if not ids:
        return []
    businesses = db.session.scalars(select(Business).where(Business.id.in_(ids)).order_by(Business.name))
    return [_found(business) for business in businesses]


def known_siret(value: str | None) -> str | None:
    """The SIRET typed when a business is registered with it (to point to the claim page), else None."""
    try:
        number = stdnum_siret.validate((value or "")[:40])
    except SiretError:
        return None
    return number if db.session.scalar(select(Business.id).filter_by(siret=number)) is not None else None


def _found(business: Business) -> Found:
    return Found(business, business_is_public(business), owned_by_confirmed(business))


def business_or_404(business_id: int) -> Business:
    """A business to claim.

    :raise NotFound: no such business.
    """
    business = db.session.get(Business, business_id)
    if business is None:
        raise NotFound()
    return business


def own_claim_or_404(claim_id: int, user) -> BusinessClaim:
    """One of the user's claims.

    :raise NotFound: unknown, or someone else's.
    """
    claim = db.session.get(BusinessClaim, claim_id)
    if claim is None or not getattr(user, "is_authenticated", False) or claim.user_id != user.id:
        raise NotFound()
    return claim


def pending_claim(user, business: Business) -> BusinessClaim | None:
    """The user's pending claim of the business, if any."""
    return db.session.scalar(select(BusinessClaim).where(
        BusinessClaim.user_id == user.id, BusinessClaim.business_id == business.id,
        BusinessClaim.status == ClaimStatus.PENDING))


def claims_of(user) -> list[BusinessClaim]:
    """The user's pending claims and those decided in the last RECENT_DAYS days, newest first."""
    if not getattr(user, "is_authenticated", False):
        return []
    since = utcnow() - timedelta(days=RECENT_DAYS)
    return list(db.session.scalars(select(BusinessClaim).where(
        BusinessClaim.user_id == user.id,
        (BusinessClaim.status == ClaimStatus.PENDING) | (BusinessClaim.created_at >= since))
        .order_by(BusinessClaim.created_at.desc(), BusinessClaim.id.desc())))


# --- the claimant's actions -------------------------------------------------------------------------------------

def _evidence(text: str | None) -> str:
    """The claimant's explanation for the chamber, checked."""
    text = (text or "").strip()
    if len(text) < MIN_EVIDENCE:
        raise Refused({"evidence": "Expliquez à la chambre en quelques phrases pourquoi l’entreprise est la vôtre "
                                   f"({MIN_EVIDENCE} caractères au moins) : fonction, numéro au Répertoire des "
                                   "métiers, téléphone où vous joindre."})
    if len(text) > MAX_EVIDENCE:
        raise Refused({"evidence": f"{MAX_EVIDENCE:,} caractères au plus.".replace(",", "\u202f")})
    if has_control_characters(text, multi_line=True):
        raise Refused({"evidence": "Ce texte contient des caractères non autorisés."})
    return text


def _check_claimant(user, business: Business) -> None:
    problem = claimant_problem(user)
    if problem:
        raise Refused({"method": problem})
    if business.owner_id == user.id:
        raise Refused({"method": MSG_ALREADY_OWNER})
    if pending_claim(user, business) is not None:
        raise Refused({"method": MSG_ALREADY_PENDING})


@use_case
def start_claim(user, business: Business, method: str, address_key: str | None = None,
                evidence: str | None = None) -> BusinessClaim:
    """Start a claim: mail a code to the chosen known address, or send the explanation to the chamber's staff."""
    _check_claimant(user, business)
    chosen = ClaimMethod.lookup(method or "")
    if chosen not in methods_for(business):
        raise Refused({"method": "Choisissez comment prouver que l’entreprise est la vôtre."})
    claim = BusinessClaim(business=business, user=user, method=chosen, status=ClaimStatus.PENDING, attempts=0)
    if chosen == ClaimMethod.CODE:
        if _code_burnt(user, business):
            raise Refused({"method": MSG_CODE_DEAD})
        address = next((a for a in known_addresses(business) if a.key == address_key), None)
        if address is None:
            raise Refused({"address": "Choisissez l’adresse où recevoir le code."})
        db.session.add(claim)
        _send_code(claim, address.email)
    else:
        claim.evidence = _evidence(evidence)
        db.session.add(claim)
        db.session.flush()
        _tell_chamber(claim)
    db.session.flush()
    return claim


def _send_code(claim: BusinessClaim, email: str) -> None:
    """Draw a new code, keep its hash, and mail it to the address."""
    code = f"{secrets.randbelow(10 ** CODE_LENGTH):0{CODE_LENGTH}d}"
    minutes = current_app.config["CLAIM_CODE_MINUTES"]
    claim.code_hash = hash_password(code)
    claim.code_sent_to = email
    claim.code_expires_at = utcnow() + timedelta(minutes=minutes)
    db.session.flush()
    queue_mail(email, f"Code pour revendiquer « {claim.business.name} » sur Passerelle", "claim_code",
               claim=claim, business=claim.business, claimant=claim.user, code=code, minutes=minutes,
               code_url=external_url("claims.claim", claim_id=claim.id))


def _tell_chamber(claim: BusinessClaim) -> None:
    """Mail each staff member of the business's chamber that a claim awaits their check."""
    for staff in chamber_staff(claim.business.departement):
        queue_mail(staff.email, f"Revendication à vérifier : « {claim.business.name} »", "claim_review_request",
                   staff=staff, claim=claim, business=claim.business,
                   claim_url=external_url("moderation.claim", claim_id=claim.id))


def _ensure_pending(claim: BusinessClaim, method: ClaimMethod | None = None) -> None:
    if claim.status != ClaimStatus.PENDING:
        raise Conflict(MSG_NOT_PENDING)
    if method is not None and claim.method != method:
        raise Conflict("Cette demande passe par la vérification de la chambre.")


@use_case
def resend_code(user, claim: BusinessClaim) -> BusinessClaim:
    """A new code to the same address, for a pending code claim whose code has not died."""
    _ensure_pending(claim, ClaimMethod.CODE)
    if claim.user_id != user.id:
        raise NotFound()
    if code_dead(claim):
        raise CodeDead()
    if owned_by_confirmed(claim.business):
        raise Refused({"code": MSG_OWNED_NOW})
    _send_code(claim, claim.code_sent_to)
    return claim


@use_case
def _reserve_attempt(claim_id: int) -> bool:
    """Count one code typed, atomically, while fewer than CLAIM_CODE_ATTEMPTS were; False when none is left."""
    result = db.session.execute(
        update(BusinessClaim).where(BusinessClaim.id == claim_id, BusinessClaim.status == ClaimStatus.PENDING,
                                    BusinessClaim.attempts < current_app.config["CLAIM_CODE_ATTEMPTS"])
        .values(attempts=BusinessClaim.attempts + 1).execution_options(synchronize_session=False))
    return result.rowcount == 1


def _matches(code_hash: str | None, code: str) -> bool:
    """Check a code against its argon2 hash (a constant-time comparison inside argon2)."""
    try:
        return bool(code_hash) and PasswordHasher().verify(code_hash, code)
    except (VerificationError, InvalidHashError):
        return False


def confirm_code(user, claim: BusinessClaim, code: str | None) -> BusinessClaim:
    """Approve the claim when the code is right; a wrong one counts (and stays counted), the last kills the code."""
    if claim.user_id != user.id:
        raise NotFound()
    _ensure_pending(claim, ClaimMethod.CODE)
    code = "".join((code or "").split())
    if len(code) != CODE_LENGTH or not code.isdigit():
        raise Refused({"code": MSG_CODE_FORMAT})
    if code_dead(claim):
        raise CodeDead()
    if code_expired(claim):
        raise CodeExpired()
    if owned_by_confirmed(claim.business) and claim.business.owner_id != user.id:
        raise Refused({"code": MSG_OWNED_NOW})
    if not _reserve_attempt(claim.id):
        db.session.refresh(claim)
        if claim.status != ClaimStatus.PENDING:
            raise Conflict(MSG_NOT_PENDING)
        raise CodeDead()
    db.session.refresh(claim)
    if not _matches(claim.code_hash, code):
        if code_dead(claim):
            raise CodeDead()
        left = current_app.config["CLAIM_CODE_ATTEMPTS"] - claim.attempts
        raise Refused({"code": f"Ce code n’est pas le bon. Il vous reste {left} essai{'s' if left > 1 else ''}."})
    return _approve_by_code(claim)


@use_case
def _approve_by_code(claim: BusinessClaim) -> BusinessClaim:
    claim.attempts = max(claim.attempts - 1, 0)  # the right code is not a wrong one
    approve(claim, claim.user, decided_by=None)
    return claim


@use_case
def ask_chamber(user, claim: BusinessClaim, evidence: str | None) -> BusinessClaim:
    """Turn a pending code claim (often one whose code died) into a check by the chamber."""
    if claim.user_id != user.id:
        raise NotFound()
    _ensure_pending(claim)
    if claim.method == ClaimMethod.REVIEW:
        raise Conflict("Votre demande est déjà entre les mains de la chambre.")
    claim.evidence = _evidence(evidence)
    claim.method = ClaimMethod.REVIEW
    claim.code_hash, claim.code_expires_at = None, None
    db.session.flush()
    _tell_chamber(claim)
    return claim


@use_case
def cancel_claim(user, claim: BusinessClaim) -> BusinessClaim:
    """The claimant withdraws a pending claim."""
    if claim.user_id != user.id:
        raise NotFound()
    decide_once(claim, ClaimStatus.CANCELLED, None)
    claim.code_hash = None
    return claim
