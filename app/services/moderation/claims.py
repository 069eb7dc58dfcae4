"""The chamber's side of claims: the queue of claims to check, the decisions, and handing a business to an account."""
from sqlalchemy import select

from app.core.errors import NotFound, Refused
from app.core.text import has_control_characters
from app.core.transaction import use_case
from app.extensions import db
from app.mail.outbox import external_url, queue_mail
from app.models.business import Business
from app.models.claim import BusinessClaim, ClaimMethod, ClaimStatus
from app.models.user import Role, User
from app.services.access import ensure_covers, territory
from app.services.accounts.users import normalize_email
from app.services.businesses import claim_decisions as decisions
from app.services.businesses.claims import known_addresses, owned_by_confirmed

QUEUE_PAGE_SIZE = 30
MAX_NOTE = 2000


def queue_page(user, chamber_code: str | None = None, page: int = 1, per_page: int = QUEUE_PAGE_SIZE):
    """Pending claims the chamber checks (method « review ») in the user's territory, oldest first."""
    departements = territory(user, chamber_code)
    query = (select(BusinessClaim).join(BusinessClaim.business)
             .where(BusinessClaim.status == ClaimStatus.PENDING, BusinessClaim.method == ClaimMethod.REVIEW))
    if departements is not None:
        query = query.where(Business.departement.in_(departements))
    return db.paginate(query.order_by(BusinessClaim.created_at, BusinessClaim.id), page=page, per_page=per_page,
                       error_out=False)


def claim_for_staff(claim_id: int, user) -> BusinessClaim:
    """A claim for the staff of its business's territory.

    :raise NotFound: no such claim.
    :raise NotAllowed: the business is outside the user's territory.
    """
    claim = db.session.get(BusinessClaim, claim_id)
    if claim is None:
        raise NotFound()
    ensure_covers(user, claim.business.departement)
    return claim


def claim_context(claim: BusinessClaim, user) -> dict:
    """What the staff member needs to decide: the business, its known addresses, the claimant, the other claims."""
    ensure_covers(user, claim.business.departement)
    others = list(db.session.scalars(select(BusinessClaim).where(
        BusinessClaim.business_id == claim.business_id, BusinessClaim.id != claim.id)
        .order_by(BusinessClaim.created_at.desc())))
    return {"claim": claim, "business": claim.business, "claimant": claim.user,
            "addresses": known_addresses(claim.business), "owned": owned_by_confirmed(claim.business),
            "others": others}


def claims_of_business(business: Business, user) -> list[BusinessClaim]:
    """Every claim of a business, newest first (its moderation page)."""
    ensure_covers(user, business.departement)
    return list(db.session.scalars(select(BusinessClaim).where(BusinessClaim.business_id == business.id)
                                   .order_by(BusinessClaim.created_at.desc(), BusinessClaim.id.desc())))


def _note(text: str | None, field: str, required: bool) -> str | None:
    """A staff note, checked."""
    text = (text or "").strip()
    if required and not text:
        raise Refused({field: decisions.MSG_REASON_REQUIRED if field == "reason"
                       else "Indiquez pourquoi l’entreprise change de responsable : c’est écrit au journal."})
    if len(text) > MAX_NOTE or has_control_characters(text, multi_line=True):
        raise Refused({field: "2 000 caractères au plus, sans caractère de contrôle."})
    return text or None


@use_case
def approve_claim(claim: BusinessClaim, user, message: str | None = None) -> BusinessClaim:
    """Staff approve a claim: the claimant now owns the business (audit-logged, everyone concerned told)."""
    ensure_covers(user, claim.business.departement)
    return decisions.approve(claim, user, decided_by=user, message=_note(message, "message", required=False))


@use_case
def reject_claim(claim: BusinessClaim, user, reason: str | None) -> BusinessClaim:
    """Staff refuse a claim with a reason the claimant reads (audit-logged)."""
    ensure_covers(user, claim.business.departement)
    return decisions.reject(claim, user, _note(reason, "reason", required=True))


@use_case
def transfer_business(user, business: Business, email: str | None, note: str | None) -> Business:
    """Staff of the territory hand a business to another artisan account, with a note for the log."""
    ensure_covers(user, business.departement)
    note = _note(note, "note", required=True)
    address = normalize_email(email or "")
    target = db.session.scalar(select(User).filter_by(email=address)) if address else None
    if target is None or target.deleted_at is not None:
        raise Refused({"email": "Aucun compte n’existe avec cette adresse : la personne doit d’abord s’inscrire "
                                "comme artisan."})
    if target.role != Role.ARTISAN:
        raise Refused({"email": "Ce compte n’est pas un compte artisan : seul un artisan peut gérer une entreprise."})
    if not target.is_active_account:
        raise Refused({"email": "Ce compte est désactivé."})
    if not target.email_confirmed:
        raise Refused({"email": "Ce compte n’a pas encore confirmé son adresse électronique : l’entreprise ne serait "
                                "pas visible. Demandez-lui de la confirmer d’abord."})
    if business.owner_id == target.id:
        raise Refused({"email": "Ce compte gère déjà cette entreprise."})
    decisions.set_owner(business, target, user, "business.transfer", message=note, details={})
    for claim in db.session.scalars(select(BusinessClaim).where(
            BusinessClaim.business_id == business.id, BusinessClaim.user_id == target.id,
            BusinessClaim.status == ClaimStatus.PENDING)):
        decisions.decide_once(claim, ClaimStatus.APPROVED, user, note)  # their own claim is answered by the transfer
    queue_mail(target.email, f"Vous gérez maintenant « {business.name} » sur Passerelle", "claim_transferred",
               owner=target, business=business, space_url=external_url("artisan.dashboard"))
    return business
