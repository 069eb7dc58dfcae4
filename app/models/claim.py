"""Claims: an artisan asks to own a business already on Passerelle, proved by a code or checked by the chamber."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.time import utcnow
from app.extensions import db
from app.models.candidate import enum_type
from app.models.types import UTCDateTime
from app.reference.trades import LabelledEnum


class ClaimMethod(LabelledEnum):
    """How the claimant proves the business is theirs."""

    CODE = "code", "Code envoyé à l’adresse connue de l’entreprise"
    REVIEW = "review", "Vérification par la chambre"


class ClaimStatus(LabelledEnum):
    """Where a claim stands."""

    PENDING = "pending", "En attente"
    APPROVED = "approved", "Acceptée"
    REJECTED = "rejected", "Refusée"
    CANCELLED = "cancelled", "Annulée"


class BusinessClaim(db.Model):
    """One account's claim on one business."""

    __tablename__ = "business_claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(ForeignKey("businesses.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    method: Mapped[ClaimMethod] = mapped_column(enum_type(ClaimMethod, 10))
    status: Mapped[ClaimStatus] = mapped_column(enum_type(ClaimStatus, 10), default=ClaimStatus.PENDING, index=True)
    code_hash: Mapped[str | None] = mapped_column(String(255))  # hashed like a password, never stored in clear
    code_sent_to: Mapped[str | None] = mapped_column(String(254))
    code_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(default=0)  # wrong codes typed
    evidence: Mapped[str] = mapped_column(Text, default="")  # what the claimant tells the chamber
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decision_reason: Mapped[str | None] = mapped_column(Text)

    business = relationship("Business")
    user = relationship("User", foreign_keys=[user_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])

    def __repr__(self) -> str:
        return f"<BusinessClaim {self.id} {self.status}>"
