"""Conversations: one thread per application, partner proposal, spontaneous application or diagnostic request, its
messages, and what each side has read."""
import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.time import utcnow
from app.extensions import db
from app.models.candidate import enum_type
from app.models.types import UTCDateTime


class Side(enum.StrEnum):
    """The two sides of a thread: who asked, and who was asked (and Passerelle's own lines)."""

    APPLICANT = "applicant"  # the candidate, the partner, or the artisan who asked for a diagnostic
    OWNER = "owner"  # the business (its owner account, or its contact address through a signed link); the chamber
    PLATFORM = "platform"  # Passerelle itself (interview proposals, status changes written as messages)


class Delivery(enum.StrEnum):
    """Who an application or a proposal was delivered to, decided when it is sent (in this order of preference)."""

    OWNER = "owner"  # the business's owner account
    CONTACT = "contact"  # the listing's contact address, with a signed link (no account)
    CHAMBER = "chamber"  # the chamber of the territory, whose staff forward it


SUBJECT_COLUMNS = ("application_id", "interest_id", "spontaneous_id", "diagnostic_id")
ONE_SUBJECT = " + ".join(f"(CASE WHEN {column} IS NULL THEN 0 ELSE 1 END)" for column in SUBJECT_COLUMNS) + " = 1"


class Thread(db.Model):
    """The conversation of exactly one subject: an application, a partner proposal, a spontaneous application or a
    diagnostic request (app.services.conversations.subjects says what each needs)."""

    __tablename__ = "threads"
    __table_args__ = (CheckConstraint(ONE_SUBJECT, name="one_subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"),
                                                       unique=True)
    interest_id: Mapped[int | None] = mapped_column(ForeignKey("interests.id", ondelete="CASCADE"), unique=True)
    spontaneous_id: Mapped[int | None] = mapped_column(
        ForeignKey("spontaneous_applications.id", ondelete="CASCADE"), unique=True)
    diagnostic_id: Mapped[int | None] = mapped_column(ForeignKey("diagnostic_requests.id", ondelete="CASCADE"),
                                                      unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The last message id each side has read (0: none), and when each side was last e-mailed about new messages.
    applicant_read_id: Mapped[int] = mapped_column(default=0)
    owner_read_id: Mapped[int] = mapped_column(default=0)
    applicant_noticed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    owner_noticed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    application = relationship("Application")
    interest = relationship("Interest")
    spontaneous = relationship("SpontaneousApplication")
    diagnostic = relationship("DiagnosticRequest")
    messages = relationship("Message", back_populates="thread", cascade="all, delete-orphan",
                            passive_deletes=True, order_by="Message.id")

    def __repr__(self) -> str:
        return f"<Thread {self.id}>"


class Message(db.Model):
    """A plain-text message of a thread; reported ones are shown to the chamber, hidden ones to nobody."""

    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_thread_id_id", "thread_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    side: Mapped[Side] = mapped_column(enum_type(Side, 10))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    # Set when the business's contact address wrote through its signed link (no account).
    author_email: Mapped[str | None] = mapped_column(String(254))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    report_comment: Mapped[str | None] = mapped_column(Text)
    report_closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    report_closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # by the chamber, after a report
    # Set when the author's account was deleted: the body is erased, the row keeps the thread readable.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    thread = relationship("Thread", back_populates="messages")
    author = relationship("User", foreign_keys=[author_id])

    def __repr__(self) -> str:
        return f"<Message {self.id} thread={self.thread_id}>"
