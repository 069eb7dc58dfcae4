"""A business's storefront beyond its profile: photos of the gallery and exceptional closures."""
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.time import utcnow
from app.extensions import db
from app.models.types import UTCDateTime

MAX_PHOTOS = 8


class BusinessPhoto(db.Model):
    """One photo of a business's gallery: a re-encoded image and its required text alternative."""

    __tablename__ = "business_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(ForeignKey("businesses.id", ondelete="CASCADE"), index=True)
    image_name: Mapped[str] = mapped_column(String(64))
    alt: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    business = relationship("Business", back_populates="photos")


class BusinessClosure(db.Model):
    """Days a business is exceptionally closed (holidays, works), both ends included."""

    __tablename__ = "business_closures"
    __table_args__ = (CheckConstraint("ends_on >= starts_on", name="closure_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(ForeignKey("businesses.id", ondelete="CASCADE"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200), default="")

    business = relationship("Business", back_populates="closures")

    def covers(self, day: date) -> bool:
        """True when the business is closed on `day` by this closure."""
        return self.starts_on <= day <= self.ends_on
