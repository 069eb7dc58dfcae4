"""Training businesses, the spontaneous applications sent to them (their caps; their thread is a shared Thread), and
favourites."""
from datetime import date, datetime, timedelta

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.time import utcnow
from app.extensions import db
from app.models.application_states import APPLICATION_FINAL, ApplicationStatus
from app.models.candidate import enum_type
from app.models.types import UTCDateTime
from app.reference.trades import Diploma, get_trade

VERIFICATION_VALIDITY = timedelta(days=730)  # « entreprise formatrice vérifiée » lasts two years unless renewed
SPONTANEOUS_INTERVAL = timedelta(days=91)  # one spontaneous application per person and business per three months


class TrainingProfile(db.Model):
    """What a business that welcomes apprentices tells young people, and the chamber's verification mark."""

    __tablename__ = "training_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(ForeignKey("businesses.id", ondelete="CASCADE"), unique=True)
    trades: Mapped[list[str]] = mapped_column(JSON, default=list)
    diplomas: Mapped[list[str]] = mapped_column(JSON, default=list)
    mentor_first_name: Mapped[str] = mapped_column(String(80), default="")
    mentor_role: Mapped[str] = mapped_column(String(120), default="")
    start_from: Mapped[date | None] = mapped_column(Date)  # None: « dès que possible »
    places: Mapped[int] = mapped_column(default=1)
    accepting: Mapped[bool] = mapped_column(default=True)  # False: the artisan paused spontaneous applications
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    verified_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    business = relationship("Business")
    verified_by = relationship("User")

    def verified_on(self, now: datetime) -> bool:
        """True while the chamber's mark holds."""
        return self.verified_until is not None and self.verified_until > now

    @property
    def trade_labels(self) -> list[str]:
        """The French names of the trades it trains for."""
        return [trade.label for slug in self.trades or [] if (trade := get_trade(slug))]

    @property
    def diploma_labels(self) -> list[str]:
        """The French names of the diplomas prepared."""
        labels = {d.value: d.label for d in Diploma}
        return [labels.get(value, value) for value in self.diplomas or []]


class SpontaneousApplication(db.Model):
    """A young person's application to a training business without an offer; same statuses as an application."""

    __tablename__ = "spontaneous_applications"
    __table_args__ = (Index("ix_spontaneous_candidate_created", "candidate_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(ForeignKey("businesses.id", ondelete="CASCADE"), index=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    trade: Mapped[str] = mapped_column(String(40))
    diploma: Mapped[str] = mapped_column(String(30))
    start_from: Mapped[date | None] = mapped_column(Date)
    message: Mapped[str] = mapped_column(Text)
    cv_file_id: Mapped[int | None] = mapped_column(ForeignKey("cv_files.id", ondelete="SET NULL"))
    status: Mapped[ApplicationStatus] = mapped_column(enum_type(ApplicationStatus, 20),
                                                      default=ApplicationStatus.RECEIVED, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("listings.id", ondelete="SET NULL"))  # turned into
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    business = relationship("Business")
    candidate = relationship("User")
    cv = relationship("CvFile")
    offer = relationship("Offer")
    candidate_profile = relationship("CandidateProfile", viewonly=True, uselist=False,
                                     primaryjoin="SpontaneousApplication.candidate_id == foreign(CandidateProfile.user_id)")

    @property
    def is_final(self) -> bool:
        """True once accepted, declined or withdrawn."""
        return self.status in APPLICATION_FINAL

    @property
    def candidate_label(self) -> str:
        """How the artisan names the candidate."""
        if self.anonymised_at is not None:
            return "Candidature archivée"
        profile = self.candidate_profile
        return profile.full_name if profile else f"Candidat n° {self.candidate_id}"

    @property
    def trade_label(self) -> str:
        """The trade's French name."""
        trade = get_trade(self.trade)
        return trade.label if trade else self.trade


class SpontaneousLatch(db.Model):
    """When a person last applied spontaneously to a business: one row per pair, updated conditionally, so that two
    requests at once cannot both pass the three-month rule."""

    __tablename__ = "spontaneous_latches"

    candidate_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    business_id: Mapped[int] = mapped_column(ForeignKey("businesses.id", ondelete="CASCADE"), primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SpontaneousQuota(db.Model):
    """How many spontaneous applications a person sent on one day (UTC), counted by a conditional update."""

    __tablename__ = "spontaneous_quotas"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    count: Mapped[int] = mapped_column(default=0)


class Favourite(db.Model):
    """A listing a signed-in young person or partner keeps for later."""

    __tablename__ = "favourites"
    __table_args__ = (UniqueConstraint("user_id", "listing_id", name="uq_favourites_user_listing"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    listing = relationship("Listing")
