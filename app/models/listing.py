"""Listings (single-table inheritance): apprenticeship offers and innovation projects published by businesses."""
from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.formatting import date_fr
from app.core.time import utcnow
from app.extensions import db
from app.models.listing_states import PUBLIC, ListingStatus
from app.models.types import UTCDateTime
from app.reference.trades import Contract, Diploma, PartnerType, ProjectCategory, ProjectStage, get_trade


def _enum(enum_class, length: int = 30):
    """A portable (VARCHAR) column type storing the enum's values."""
    return db.Enum(enum_class, native_enum=False, length=length,
                   values_callable=lambda members: [m.value for m in members])


class Listing(db.Model):
    """What every listing shares: business, texts, lifecycle timestamps and territory."""

    __tablename__ = "listings"
    __table_args__ = (
        CheckConstraint("type IN ('offer', 'project')", name="type_known"),
        CheckConstraint("type <> 'offer' OR trade IS NOT NULL", name="offer_has_trade"),
        CheckConstraint("level IS NULL OR (level BETWEEN 3 AND 7)", name="level_range"),
        CheckConstraint("duration_months IS NULL OR (duration_months BETWEEN 6 AND 48)", name="duration_range"),
        CheckConstraint("positions IS NULL OR positions >= 1", name="positions_positive"),
        CheckConstraint("weekly_hours IS NULL OR (weekly_hours BETWEEN 1 AND 48)", name="weekly_hours_range"),
        CheckConstraint("budget_min IS NULL OR budget_min >= 0", name="budget_min_positive"),
        CheckConstraint("budget_min IS NULL OR budget_max IS NULL OR budget_min <= budget_max", name="budget_order"),
        CheckConstraint("views_count >= 0", name="views_positive"),
        Index("ix_listings_status_departement", "status", "departement"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(10))
    business_id: Mapped[int] = mapped_column(ForeignKey("businesses.id", ondelete="CASCADE"), index=True)
    external_id: Mapped[str | None] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(220))
    description: Mapped[str] = mapped_column(Text)
    # Offers need a trade; a project may name the trade it is rooted in.
    trade: Mapped[str | None] = mapped_column(String(60), index=True)

    status: Mapped[ListingStatus] = mapped_column(_enum(ListingStatus, 20), default=ListingStatus.DRAFT, index=True)
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The last reviewer decision shown to the artisan (changes requested, rejection, suspension).
    last_review_message: Mapped[str | None] = mapped_column(Text)
    last_review_reason: Mapped[str | None] = mapped_column(String(40))
    views_count: Mapped[int] = mapped_column(default=0)
    # Where applications and proposals go while the business has no account on Passerelle; never shown publicly.
    contact_email: Mapped[str | None] = mapped_column(String(254))
    # Copied from the business so that territory queries need no join.
    departement: Mapped[str] = mapped_column(String(3), index=True)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    business = relationship("Business", back_populates="listings")

    __mapper_args__ = {"polymorphic_on": "type", "polymorphic_identity": "listing"}

    kind_label = "Annonce"
    url_prefix = ""

    @property
    def kind(self) -> str:
        """"offer" or "project"."""
        return self.type

    @property
    def is_public(self) -> bool:
        """True when anyone may see the listing."""
        return self.status in PUBLIC

    @property
    def status_label(self) -> str:
        """French label of the status."""
        return self.status.label

    @property
    def trade_label(self) -> str:
        """French label of the trade ("" when none)."""
        trade = get_trade(self.trade)
        return trade.label if trade else ""

    @property
    def public_path(self) -> str:
        """Path of the public page, as CONTRACT.md spells it: /offres/<id>-<slug> or /projets/<id>-<slug>."""
        return f"{self.url_prefix}/{self.id}-{self.slug}"

    @property
    def owner(self):
        """The user who owns the listing's business (None for an unclaimed imported business)."""
        return self.business.owner if self.business else None

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id} {self.status}>"


class Offer(Listing):
    """An apprenticeship or professionalisation offer."""

    __mapper_args__ = {"polymorphic_identity": "offer"}
    kind_label = "Offre d’alternance"
    url_prefix = "/offres"

    diploma: Mapped[Diploma | None] = mapped_column(_enum(Diploma), use_existing_column=True)
    level: Mapped[int | None] = mapped_column(use_existing_column=True)
    contract: Mapped[Contract | None] = mapped_column(_enum(Contract), use_existing_column=True)
    start_date: Mapped[date | None] = mapped_column(Date, use_existing_column=True)  # None: « dès que possible »
    duration_months: Mapped[int | None] = mapped_column(use_existing_column=True)
    rhythm: Mapped[str | None] = mapped_column(String(200), use_existing_column=True)
    weekly_hours: Mapped[int | None] = mapped_column(use_existing_column=True)
    positions: Mapped[int | None] = mapped_column(default=1, use_existing_column=True)
    disability_friendly: Mapped[bool | None] = mapped_column(default=False, use_existing_column=True)
    urgent: Mapped[bool | None] = mapped_column(default=False, use_existing_column=True)
    questions: Mapped[list[str] | None] = mapped_column(JSON, default=list, use_existing_column=True)

    @property
    def start_label(self) -> str:
        """The start date in French, or « Dès que possible »."""
        if self.start_date is None:
            return "Dès que possible"

        return date_fr(self.start_date)


class Project(Listing):
    """An innovation project looking for partners."""

    __mapper_args__ = {"polymorphic_identity": "project"}
    kind_label = "Projet d’innovation"
    url_prefix = "/projets"

    summary: Mapped[str | None] = mapped_column(String(300), use_existing_column=True)
    category: Mapped[ProjectCategory | None] = mapped_column(_enum(ProjectCategory), use_existing_column=True)
    stage: Mapped[ProjectStage | None] = mapped_column(_enum(ProjectStage), use_existing_column=True)
    partner_types: Mapped[list[str] | None] = mapped_column(JSON, default=list, use_existing_column=True)
    budget_min: Mapped[int | None] = mapped_column(use_existing_column=True)  # euros
    budget_max: Mapped[int | None] = mapped_column(use_existing_column=True)
    deadline: Mapped[date | None] = mapped_column(Date, use_existing_column=True)
    location: Mapped[str | None] = mapped_column(String(200), use_existing_column=True)

    @property
    def partner_type_labels(self) -> list[str]:
        """French labels of the partner types sought."""
        known = {p.value: p.label for p in PartnerType}
        return [known[slug] for slug in self.partner_types or [] if slug in known]


LISTING_CLASSES: dict[str, type[Listing]] = {"offer": Offer, "project": Project}
