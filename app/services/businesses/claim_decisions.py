"""Deciding a claim once (approved, refused, cancelled), handing a business to an account, and the mails that say so."""
from sqlalchemy import select, update

from app.core.errors import Conflict, Refused
from app.core.text import has_control_characters
from app.core.time import utcnow
from app.extensions import db
from app.mail.outbox import external_url, queue_mail
from app.models.business import Business
from app.models.claim import BusinessClaim, ClaimStatus
from app.models.listing import Listing
from app.models.listing_states import PUBLIC
from app.search import record_change
from app.services.moderation import audit

MSG_NOT_PENDING = "Cette demande a déjà été traitée."
MSG_REASON_REQUIRED = "Indiquez le motif du refus : il est envoyé à la personne qui a fait la demande."
MAX_REASON = 2000


def decide_once(claim: BusinessClaim, status: ClaimStatus, decided_by, reason: str | None = None) -> None:
    """Move a pending claim to its decision, once: a conditional update, so a double click decides once."""
    result = db.session.execute(
        update(BusinessClaim).where(BusinessClaim.id == claim.id, BusinessClaim.status == ClaimStatus.PENDING)
        .values(status=status, decided_at=utcnow(), decided_by_id=decided_by.id if decided_by else None,
                decision_reason=reason).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise Conflict(MSG_NOT_PENDING)
    db.session.refresh(claim)


def set_owner(business: Business, user, actor, action: str, details: dict, message: str | None = None):
    """Give the business to `user`: its listings, applications, proposals and threads follow; returns the previous
    owner. Audit-logged; the published listings are re-indexed (they may become public)."""
    previous = business.owner
    business.owner = user
    db.session.flush()
    for listing in db.session.scalars(select(Listing).where(Listing.business_id == business.id,
                                                            Listing.status.in_(PUBLIC))):
        record_change(listing)
    audit.record(action, actor, "business", business.id, chamber_code=audit.chamber_code_of(business.departement),
                 message=message, details={**details, "owner": user.email,
                                           "previous_owner": previous.email if previous else None})
    if previous is not None and previous.id != user.id and previous.deleted_at is None:
        queue_mail(previous.email, f"« {business.name} » est confiée à un autre compte", "claim_owner_replaced",
                   previous=previous, business=business, message=message)
    return previous


def approve(claim: BusinessClaim, actor, decided_by, message: str | None = None) -> BusinessClaim:
    """Approve a pending claim: the claimant owns the business, the other pending claims of it are refused."""
    decide_once(claim, ClaimStatus.APPROVED, decided_by, message)
    business = claim.business
    set_owner(business, claim.user, actor, "business.claim_approved", message=message,
              details={"claim": claim.id, "method": claim.method.value})
    others = list(db.session.scalars(select(BusinessClaim).where(
        BusinessClaim.business_id == business.id, BusinessClaim.status == ClaimStatus.PENDING)))
    for other in others:
        decide_once(other, ClaimStatus.REJECTED, decided_by, "Une autre demande pour cette entreprise a été acceptée.")
        mail_decision(other)
    mail_decision(claim)
    return claim


def reject(claim: BusinessClaim, actor, reason: str | None) -> BusinessClaim:
    """Refuse a pending claim with a reason the claimant reads."""
    reason = (reason or "").strip()
    if not reason:
        raise Refused({"reason": MSG_REASON_REQUIRED})
    if len(reason) > MAX_REASON or has_control_characters(reason, multi_line=True):
        raise Refused({"reason": "2 000 caractères au plus, sans caractère de contrôle."})
    decide_once(claim, ClaimStatus.REJECTED, actor, reason)
    claim.code_hash = None
    audit.record("business.claim_rejected", actor, "business", claim.business_id,
                 chamber_code=audit.chamber_code_of(claim.business.departement), message=reason,
                 details={"claim": claim.id, "method": claim.method.value, "claimant": claim.user.email})
    mail_decision(claim)
    return claim


def mail_decision(claim: BusinessClaim) -> None:
    """Tell the claimant what was decided."""
    approved = claim.status == ClaimStatus.APPROVED
    subject = (f"Vous gérez maintenant « {claim.business.name} » sur Passerelle" if approved
               else f"Votre demande pour « {claim.business.name} » n’est pas acceptée")
    queue_mail(claim.user.email, subject, "claim_decision", claim=claim, business=claim.business,
               claimant=claim.user, approved=approved, space_url=external_url("artisan.dashboard"))
