"""Labels and commitments of a business: declared by its owner with a proof, verified by chamber staff until a date."""
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint, and_, or_
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.time import utcnow
from app.extensions import db
from app.models.candidate import enum_type
from app.models.types import UTCDateTime
from app.reference.labels import get_mark
from app.reference.trades import LabelledEnum


class LabelStatus(LabelledEnum):
    """Where a declared mark stands; a verified one past its expiry counts as declared again."""

    DECLARED = "declared", "Déclaré par l’entreprise"
    VERIFIED = "verified", "Vérifié par la chambre de métiers"
    REFUSED = "refused", "Refusé par la chambre de métiers"


class BusinessLabel(db.Model):
    """One mark (label, title or commitment) of one business, with its proof and the chamber's decision."""

    __tablename__ = "business_labels"
    __table_args__ = (UniqueConstraint("business_id", "code", name="one_label_per_business"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(ForeignKey("businesses.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    status: Mapped[LabelStatus] = mapped_column(enum_type(LabelStatus, 10), default=LabelStatus.DECLARED, index=True)
    proof_name: Mapped[str | None] = mapped_column(String(64))  # stored under UPLOAD_DIR/proofs, never public
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    expires_on: Mapped[date | None] = mapped_column(Date)
    expiry_warned_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    refusal_reason: Mapped[str | None] = mapped_column(Text)

    business = relationship("Business", back_populates="labels")
    decided_by = relationship("User")

    @property
    def name(self) -> str:
        """The French name of the mark."""
        mark = get_mark(self.code)
        return mark.name if mark else self.code

    @hybrid_method
    def verified_on(self, day: date) -> bool:
        """True while the chamber's verification holds on `day`; also a SQL condition."""
        return self.status == LabelStatus.VERIFIED and (self.expires_on is None or self.expires_on >= day)

    @verified_on.expression
    def verified_on(cls, day: date):
        return and_(cls.status == LabelStatus.VERIFIED, or_(cls.expires_on.is_(None), cls.expires_on >= day))

    def __repr__(self) -> str:
        return f"<BusinessLabel {self.id} {self.code} {self.status}>"
