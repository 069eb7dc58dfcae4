"""Conversations: one thread per application or partner proposal, its messages, and what each side has read."""
import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.time import utcnow
from app.extensions import db
from app.models.candidate import enum_type
from app.models.types import UTCDateTime


class Side(enum.StrEnum):
    """The two sides of a thread: who answered the listing, and the listing's business."""

    APPLICANT = "applicant"  # the candidate of an application, the partner of a proposal
    OWNER = "owner"  # the business: its owner account, or its contact address through a signed link
    PLATFORM = "platform"  # Passerelle itself (interview proposals, status changes written as messages)


class Delivery(enum.StrEnum):
    """Who an application or a proposal was delivered to, decided when it is sent (in this order of preference)."""

    OWNER = "owner"  # the business's owner account
    CONTACT = "contact"  # the listing's contact address, with a signed link (no account)
    CHAMBER = "chamber"  # the chamber of the territory, whose staff forward it


class Thread(db.Model):
    """The conversation of one application or one partner proposal (exactly one of the two)."""

    __tablename__ = "threads"
    __table_args__ = (
        CheckConstraint("(application_id IS NULL) <> (interest_id IS NULL)", name="one_subject"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"),
                                                       unique=True)
    interest_id: Mapped[int | None] = mapped_column(ForeignKey("interests.id", ondelete="CASCADE"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The last message id each side has read (0: none), and when each side was last e-mailed about new messages.
    applicant_read_id: Mapped[int] = mapped_column(default=0)
    owner_read_id: Mapped[int] = mapped_column(default=0)
    applicant_noticed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    owner_noticed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    application = relationship("Application")
    interest = relationship("Interest")
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
