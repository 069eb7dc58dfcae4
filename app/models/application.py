"""Applications to offers: one per candidate and offer, a timestamp per status, history and private notes."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.time import utcnow
from app.extensions import db
from app.models.application_states import APPLICATION_FINAL, ApplicationStatus
from app.models.candidate import enum_type
from app.models.types import UTCDateTime


class Application(db.Model):
    """An apprentice's application to an offer, with the CV and answers sent."""

    __tablename__ = "applications"
    __table_args__ = (
        UniqueConstraint("offer_id", "candidate_id", name="uq_applications_offer_candidate"),
        Index("ix_applications_candidate_created", "candidate_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"), index=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    status: Mapped[ApplicationStatus] = mapped_column(enum_type(ApplicationStatus, 20),
                                                      default=ApplicationStatus.RECEIVED, index=True)
    message: Mapped[str] = mapped_column(Text)
    # [{"question": "...", "answer": "..."}], the questions copied as they were asked.
    answers: Mapped[list[dict]] = mapped_column(JSON, default=list)
    cv_file_id: Mapped[int | None] = mapped_column(ForeignKey("cv_files.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    viewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    interview_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    declined_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Consent given when applying to keep the CV up to 2 years after the application ends (else 3 months).
    keep_cv_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Set when the content was erased (account deleted, or retention period over); the row keeps the statistics.
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Who received it (app.models.conversation.Delivery) and, for the chamber's queue, where staff forwarded it.
    delivery: Mapped[str | None] = mapped_column(String(10))
    forwarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    forwarded_to: Mapped[str | None] = mapped_column(String(254))
    forwarded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    offer = relationship("Offer")
    candidate = relationship("User", foreign_keys=[candidate_id])
    cv = relationship("CvFile")
    candidate_profile = relationship("CandidateProfile", viewonly=True, uselist=False,
                                     primaryjoin="Application.candidate_id == foreign(CandidateProfile.user_id)")
    events = relationship("ApplicationEvent", back_populates="application", cascade="all, delete-orphan",
                          passive_deletes=True, order_by="ApplicationEvent.id")
    notes = relationship("ApplicationNote", back_populates="application", cascade="all, delete-orphan",
                         passive_deletes=True, order_by="ApplicationNote.id")

    @property
    def candidate_label(self) -> str:
        """How the artisan's inbox names the candidate."""
        if self.candidate is not None and self.candidate.deleted_at is not None:
            return "Candidat ayant supprimé son compte"
        if self.anonymised_at is not None:
            return "Candidature archivée"
        profile = self.candidate_profile
        return profile.full_name if profile else f"Candidat n° {self.candidate_id}"

    @property
    def is_final(self) -> bool:
        """True once accepted, declined or withdrawn."""
        return self.status in APPLICATION_FINAL

    def stamp(self, status: ApplicationStatus, now: datetime) -> None:
        """Set the status and its timestamp."""
        self.status = status
        self.status_changed_at = now
        if status != ApplicationStatus.RECEIVED:
            setattr(self, f"{status.value}_at", now)

    def __repr__(self) -> str:
        return f"<Application {self.id} {self.status}>"


class ApplicationEvent(db.Model):
    """One change of status, with who made it and the message sent to the candidate."""

    __tablename__ = "application_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    status: Mapped[ApplicationStatus] = mapped_column(enum_type(ApplicationStatus, 20))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))  # None: the platform
    by_email: Mapped[str | None] = mapped_column(String(254))  # the business's contact address, through its link
    message: Mapped[str | None] = mapped_column(Text)

    application = relationship("Application", back_populates="events")
    by = relationship("User")


class ApplicationNote(db.Model):
    """A note the artisan keeps about an application; never shown to the candidate."""

    __tablename__ = "application_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    application = relationship("Application", back_populates="notes")
    author = relationship("User")
