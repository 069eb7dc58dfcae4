"""Partners' interest in innovation projects: one per partner and project, a timestamp per status, history."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.time import utcnow
from app.extensions import db
from app.models.application_states import INTEREST_FINAL, Contribution, InterestStatus
from app.models.candidate import enum_type
from app.models.types import UTCDateTime


class Interest(db.Model):
    """A partner's proposal to take part in a project: message and what they bring."""

    __tablename__ = "interests"
    __table_args__ = (UniqueConstraint("project_id", "partner_id", name="uq_interests_project_partner"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[InterestStatus] = mapped_column(enum_type(InterestStatus, 20), default=InterestStatus.NEW,
                                                   index=True)
    message: Mapped[str] = mapped_column(Text)
    contributions: Mapped[list[str]] = mapped_column(JSON, default=list)
    contribution_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    discussing_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    declined_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Set when the partner deleted their account: message and contributions are erased, the row stays.
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Who received it (app.models.conversation.Delivery) and, for the chamber's queue, where staff forwarded it.
    delivery: Mapped[str | None] = mapped_column(String(10))
    forwarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    forwarded_to: Mapped[str | None] = mapped_column(String(254))
    forwarded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    project = relationship("Project")
    partner = relationship("User", foreign_keys=[partner_id])
    events = relationship("InterestEvent", back_populates="interest", cascade="all, delete-orphan",
                          passive_deletes=True, order_by="InterestEvent.id")

    @property
    def partner_label(self) -> str:
        """How the artisan's inbox names the partner."""
        if self.partner is not None and self.partner.deleted_at is not None:
            return "Partenaire ayant supprimé son compte"
        return self.partner.display_name or self.partner.email

    @property
    def is_final(self) -> bool:
        """True once accepted or declined."""
        return self.status in INTEREST_FINAL

    @property
    def contribution_labels(self) -> list[str]:
        """French labels of what the partner brings."""
        known = {c.value: c.label for c in Contribution}
        return [known[slug] for slug in self.contributions or [] if slug in known]

    def stamp(self, status: InterestStatus, now: datetime) -> None:
        """Set the status and its timestamp."""
        self.status = status
        self.status_changed_at = now
        if status != InterestStatus.NEW:
            setattr(self, f"{status.value}_at", now)

    def __repr__(self) -> str:
        return f"<Interest {self.id} {self.status}>"


class InterestEvent(db.Model):
    """One change of status of an interest, with who made it and the message sent to the partner."""

    __tablename__ = "interest_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    interest_id: Mapped[int] = mapped_column(ForeignKey("interests.id", ondelete="CASCADE"), index=True)
    status: Mapped[InterestStatus] = mapped_column(enum_type(InterestStatus, 20))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    by_email: Mapped[str | None] = mapped_column(String(254))  # the business's contact address, through its link
    message: Mapped[str | None] = mapped_column(Text)

    interest = relationship("Interest", back_populates="events")
    by = relationship("User")
