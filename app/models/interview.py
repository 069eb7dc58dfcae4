"""Interviews: the artisan proposes slots for an application, the candidate accepts one, declines or asks another."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.time import utcnow
from app.extensions import db
from app.models.candidate import enum_type
from app.models.types import UTCDateTime
from app.reference.trades import LabelledEnum


class InterviewStatus(LabelledEnum):
    """Where an interview proposal stands."""

    PROPOSED = "proposed", "Proposé"
    ACCEPTED = "accepted", "Confirmé"
    DECLINED = "declined", "Décliné"
    COUNTERED = "countered", "Autre créneau demandé"
    CANCELLED = "cancelled", "Annulé"


class InterviewMode(LabelledEnum):
    """Where the interview takes place."""

    ON_SITE = "on_site", "Sur place"
    PHONE = "phone", "Par téléphone"
    VIDEO = "video", "En visioconférence"


class Interview(db.Model):
    """A proposal of one or more slots for one application; once accepted, the slot kept and its reminder."""

    __tablename__ = "interviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    status: Mapped[InterviewStatus] = mapped_column(enum_type(InterviewStatus, 12), default=InterviewStatus.PROPOSED,
                                                    index=True)
    mode: Mapped[InterviewMode] = mapped_column(enum_type(InterviewMode, 10))
    place: Mapped[str] = mapped_column(String(300), default="")  # an address, a phone number or a video link
    duration_minutes: Mapped[int] = mapped_column(default=45)
    # IANA zone the slots were chosen in (Europe/Paris, or the territory's zone overseas).
    timezone: Mapped[str] = mapped_column(String(40), default="Europe/Paris")
    note: Mapped[str] = mapped_column(Text, default="")  # the artisan's words with the proposal
    answer: Mapped[str] = mapped_column(Text, default="")  # the candidate's words when declining or asking another
    chosen_slot_id: Mapped[int | None] = mapped_column(
        ForeignKey("interview_slots.id", ondelete="SET NULL", use_alter=True, name="fk_interviews_chosen_slot"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sequence: Mapped[int] = mapped_column(default=0)  # the .ics SEQUENCE: raised at each change of the event
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    application = relationship("Application")
    slots = relationship("InterviewSlot", back_populates="interview", cascade="all, delete-orphan",
                         passive_deletes=True, order_by="InterviewSlot.starts_at",
                         foreign_keys="InterviewSlot.interview_id")
    chosen_slot = relationship("InterviewSlot", foreign_keys=[chosen_slot_id], post_update=True)

    def __repr__(self) -> str:
        return f"<Interview {self.id} {self.status}>"


class InterviewSlot(db.Model):
    """One date and time proposed for an interview (stored in UTC)."""

    __tablename__ = "interview_slots"

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())

    interview = relationship("Interview", back_populates="slots", foreign_keys=[interview_id])
