"""Labels and commitments: the owner declares one with a proof, chamber staff verify it until a date or refuse it;
a verification past its date counts as declared again, and the owner is told a month before."""
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

from sqlalchemy import select

from app.core.errors import Conflict, NotFound, Refused
from app.core.formatting import date_fr
from app.core.time import utcnow
from app.core.transaction import after_commit, use_case
from app.extensions import db
from app.files import proofs
from app.mail.outbox import external_url, queue_mail
from app.models.business import Business
from app.models.label import BusinessLabel, LabelStatus
from app.reference.labels import get_mark, marks_for
from app.services import access
from app.services.moderation import audit
from app.services.storefronts.contact import contact_address

WARN_DAYS = 30
MAX_VALIDITY_DAYS = 5 * 366
MAX_REASON = 1000


@dataclass(frozen=True)
class PageMarks:
    """What a public page shows: verified marks (with their date) apart from declared ones."""

    verified: list[BusinessLabel]
    declared: list[str]  # French names


def page_marks(business: Business, today: date) -> PageMarks:
    """The verified marks of the business on `today`, and the names of the others it declares (not refused)."""
    verified = [label for label in business.labels if label.verified_on(today)]
    verified_codes = {label.code for label in verified}
    declared = [label.name for label in business.labels
                if label.code not in verified_codes and label.status != LabelStatus.REFUSED]
    for code in business.commitments or []:
        mark = get_mark(code)
        if mark and code not in verified_codes and mark.name not in declared:
            declared.append(mark.name)
    return PageMarks(verified=verified, declared=declared)


def verified_codes(business: Business, today: date) -> set[str]:
    """Codes of the marks verified on `today`."""
    return {label.code for label in business.labels if label.verified_on(today)}


@use_case
def declare(business: Business, code: str | None, proof) -> BusinessLabel:
    """Declare a mark with its proof, or send a new proof for one already declared (back to the chamber's queue).

    :raise Refused: an unknown mark or a refused proof (fields `code` and `proof`).
    """
    mark = get_mark(code)
    if mark is None or mark not in marks_for(business.trades):
        raise Refused("Choisissez un label ou un engagement de la liste.", "code")
    name = proofs.save_proof(proof)
    label = db.session.scalar(select(BusinessLabel).where(BusinessLabel.business_id == business.id,
                                                          BusinessLabel.code == mark.code))
    if label is None:
        label = BusinessLabel(business=business, code=mark.code)
        db.session.add(label)
    else:
        after_commit(partial(proofs.delete_proof, label.proof_name))
        if label.status == LabelStatus.REFUSED:
            label.status = LabelStatus.DECLARED
    label.proof_name, label.declared_at, label.refusal_reason = name, utcnow(), None
    db.session.flush()
    return label


@use_case
def withdraw(business: Business, label_id: int) -> None:
    """The owner removes one of their marks and its proof."""
    label = db.session.get(BusinessLabel, label_id)
    if label is None or label.business_id != business.id:
        raise NotFound()
    after_commit(partial(proofs.delete_proof, label.proof_name))
    db.session.delete(label)


def waiting(user) -> list[BusinessLabel]:
    """Marks declared with a proof, waiting for a decision, in the staff member's territory, oldest first."""
    query = (select(BusinessLabel).join(BusinessLabel.business)
             .where(BusinessLabel.status == LabelStatus.DECLARED, BusinessLabel.proof_name.is_not(None))
             .order_by(BusinessLabel.declared_at, BusinessLabel.id))
    departements = access.territory(user)
    if departements is not None:
        query = query.where(Business.departement.in_(departements))
    return list(db.session.scalars(query))


def label_for_staff(label_id: int, user) -> BusinessLabel:
    """A mark for review.

    :raise NotFound: unknown mark.
    :raise NotAllowed: outside the staff member's territory.
    """
    label = db.session.get(BusinessLabel, label_id)
    if label is None:
        raise NotFound()
    access.ensure_covers(user, label.business.departement)
    return label


def _tell_owner(label: BusinessLabel) -> None:
    """Mail the decision to the business's owner (or known address)."""
    to = contact_address(label.business)
    if to:
        queue_mail(to, f"« {label.name} » : décision de la chambre de métiers", "label_decided", label=label,
                   labels_url=external_url("storefronts.labels", business_id=label.business_id))


@use_case
def verify(label: BusinessLabel, actor, expires_on: date | None, today: date) -> BusinessLabel:
    """Verify a declared mark until `expires_on` (required, at most five years ahead).

    :raise Refused: a missing, past or too distant date (field `expires_on`).
    :raise Conflict: the mark was decided meanwhile.
    """
    access.ensure_covers(actor, label.business.departement)
    if label.status != LabelStatus.DECLARED:
        raise Conflict()
    if expires_on is None:
        raise Refused("Indiquez jusqu’à quelle date la vérification vaut (la fin de validité du justificatif).",
                      "expires_on")
    if expires_on <= today or expires_on > today + timedelta(days=MAX_VALIDITY_DAYS):
        raise Refused("Choisissez une date à venir, dans les cinq ans.", "expires_on")
    label.status, label.expires_on, label.expiry_warned_at = LabelStatus.VERIFIED, expires_on, None
    label.verified_at, label.decided_by_id = utcnow(), actor.id
    audit.record("label.verify", actor, "business", label.business_id,
                 chamber_code=audit.chamber_code_of(label.business.departement),
                 details={"label": label.code, "expires_on": expires_on.isoformat()})
    _tell_owner(label)
    return label


@use_case
def refuse(label: BusinessLabel, actor, reason: str | None) -> BusinessLabel:
    """Refuse a declared mark, saying why to its owner.

    :raise Refused: no reason (field `reason`).
    :raise Conflict: the mark was decided meanwhile.
    """
    access.ensure_covers(actor, label.business.departement)
    if label.status != LabelStatus.DECLARED:
        raise Conflict()
    reason = (reason or "").strip()
    if not reason or len(reason) > MAX_REASON:
        raise Refused("Dites à l’entreprise pourquoi le justificatif ne suffit pas (1 000 caractères au plus).",
                      "reason")
    label.status, label.refusal_reason, label.decided_by_id = LabelStatus.REFUSED, reason, actor.id
    audit.record("label.refuse", actor, "business", label.business_id, reason=reason,
                 chamber_code=audit.chamber_code_of(label.business.departement), details={"label": label.code})
    _tell_owner(label)
    return label


@dataclass(frozen=True)
class ExpiryRun:
    """What one run of the expiry command did."""

    warned: int
    expired: int


@use_case
def expire(today: date) -> ExpiryRun:
    """Warn owners WARN_DAYS before a verification ends (once), and turn verifications past their date into declared."""
    warned = 0
    soon = select(BusinessLabel).where(BusinessLabel.status == LabelStatus.VERIFIED,
                                       BusinessLabel.expiry_warned_at.is_(None),
                                       BusinessLabel.expires_on >= today,
                                       BusinessLabel.expires_on <= today + timedelta(days=WARN_DAYS))
    for label in db.session.scalars(soon):
        to = contact_address(label.business)
        if to:
            queue_mail(to, f"« {label.name} » : la vérification prend fin le {date_fr(label.expires_on)}",
                       "label_expiring", label=label,
                       labels_url=external_url("storefronts.labels", business_id=label.business_id))
        label.expiry_warned_at = utcnow()
        warned += 1
    expired = 0
    for label in db.session.scalars(select(BusinessLabel).where(BusinessLabel.status == LabelStatus.VERIFIED,
                                                                 BusinessLabel.expires_on < today)):
        # Declared again, without its old proof: a new one puts it back in the chamber's queue.
        after_commit(partial(proofs.delete_proof, label.proof_name))
        label.status, label.verified_at, label.proof_name = LabelStatus.DECLARED, None, None
        expired += 1
    return ExpiryRun(warned=warned, expired=expired)
