"""A craft business: SIRET, trades, address located on a commune, storefront, commitments, verification, highlight."""
from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, String, Text, and_, or_
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.time import today, utcnow
from app.extensions import db
from app.geo import Chamber, chamber_for_departement
from app.models.types import UTCDateTime
from app.reference.trades import Commitment, get_trade

# Networks a business may link to from its page, with their French display names.
SOCIAL_NETWORKS = {"facebook": "Facebook", "instagram": "Instagram", "linkedin": "LinkedIn",
                   "youtube": "YouTube", "tiktok": "TikTok", "pinterest": "Pinterest"}


class Business(db.Model):
    """A business registered by SIRET; imported businesses have no owner until an artisan claims them."""

    __tablename__ = "businesses"
    __table_args__ = (
        CheckConstraint("length(siret) = 14", name="siret_length"),
        CheckConstraint("lat IS NULL OR (lat BETWEEN -90 AND 90)", name="lat_range"),
        CheckConstraint("lon IS NULL OR (lon BETWEEN -180 AND 180)", name="lon_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    siret: Mapped[str] = mapped_column(String(14), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(220), unique=True)
    naf_code: Mapped[str | None] = mapped_column(String(6))
    trades: Mapped[list[str]] = mapped_column(JSON, default=list)

    address_line: Mapped[str] = mapped_column(String(200), default="")
    postcode: Mapped[str] = mapped_column(String(5))
    commune_insee: Mapped[str] = mapped_column(String(5))
    commune_name: Mapped[str] = mapped_column(String(120))
    departement: Mapped[str] = mapped_column(String(3), index=True)
    region: Mapped[str] = mapped_column(String(3))
    lat: Mapped[float | None]
    lon: Mapped[float | None]

    description: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str | None] = mapped_column(String(300))
    # The business's known address and phone (import, or the owner); never shown publicly, used to prove a claim.
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(30))
    social_links: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    logo_path: Mapped[str | None] = mapped_column(String(300))
    commitments: Mapped[list[str]] = mapped_column(JSON, default=list)

    # The storefront (issue 18): what the public page shows beyond the profile.
    public_phone: Mapped[str | None] = mapped_column(String(30))
    offerings: Mapped[str] = mapped_column(Text, default="")  # products or services, one per line
    areas_served: Mapped[str] = mapped_column(Text, default="")  # where a travelling trade works
    shop_url: Mapped[str | None] = mapped_column(String(300))
    booking_url: Mapped[str | None] = mapped_column(String(300))
    reviews_url: Mapped[str | None] = mapped_column(String(300))
    # Weekday (0 = Monday, as text) → [["09:00", "12:30"], ["14:00", "19:00"]]; a missing day is closed.
    opening_hours: Mapped[dict[str, list[list[str]]]] = mapped_column(JSON, default=dict)

    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    highlighted: Mapped[bool] = mapped_column(default=False)
    highlighted_until: Mapped[date | None] = mapped_column(Date)
    highlighted_commitments: Mapped[list[str]] = mapped_column(JSON, default=list)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    owner = relationship("User", foreign_keys=[owner_id])
    verified_by = relationship("User", foreign_keys=[verified_by_id])
    listings = relationship("Listing", back_populates="business", cascade="all, delete-orphan",
                            passive_deletes=True, order_by="Listing.id")
    photos = relationship("BusinessPhoto", back_populates="business", cascade="all, delete-orphan",
                          passive_deletes=True, order_by="BusinessPhoto.id")
    closures = relationship("BusinessClosure", back_populates="business", cascade="all, delete-orphan",
                            passive_deletes=True, order_by="BusinessClosure.starts_on")
    labels = relationship("BusinessLabel", back_populates="business", cascade="all, delete-orphan",
                          passive_deletes=True, order_by="BusinessLabel.id")

    @property
    def chamber(self) -> Chamber | None:
        """The chamber whose territory includes the business."""
        return chamber_for_departement(self.departement)

    @property
    def is_verified(self) -> bool:
        """True once chamber staff have checked the business."""
        return self.verified_at is not None

    @hybrid_method
    def highlighted_on(self, day: date) -> bool:
        """True while the highlight lasts on `day` (no end date means until further notice); also a SQL condition."""
        return self.highlighted and (self.highlighted_until is None or self.highlighted_until >= day)

    @highlighted_on.expression
    def highlighted_on(cls, day: date):
        return and_(cls.highlighted.is_(True), or_(cls.highlighted_until.is_(None), cls.highlighted_until >= day))

    def is_highlighted(self, day: date | None = None) -> bool:
        """True while the highlight lasts today (UTC), or on `day`."""
        return self.highlighted_on(day or today())

    @property
    def trade_labels(self) -> list[str]:
        """French labels of the business's trades."""
        return [trade.label for trade in map(get_trade, self.trades or []) if trade]

    @property
    def commitment_labels(self) -> list[str]:
        """French labels of the business's commitments."""
        known = {c.value: c.label for c in Commitment}
        return [known[slug] for slug in self.commitments or [] if slug in known]

    def __repr__(self) -> str:
        return f"<Business {self.id} {self.siret}>"
