"""Saved searches (e-mail alerts) and the listings each one has already sent, so none is sent twice."""
import secrets
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.time import utcnow
from app.extensions import db
from app.models.types import UTCDateTime
from app.reference.trades import LabelledEnum


class AlertFrequency(LabelledEnum):
    """How often an alert may send an e-mail."""

    DAILY = "daily", "Quotidienne"
    WEEKLY = "weekly", "Hebdomadaire"


def new_unsubscribe_token() -> str:
    """A random token for the one-click unsubscribe link (not signed: it only ever turns an alert off)."""
    return secrets.token_urlsafe(32)


class SavedSearch(db.Model):
    """A search saved with an e-mail address: new matching listings are e-mailed daily or weekly once confirmed."""

    __tablename__ = "saved_searches"
    __table_args__ = (
        CheckConstraint("frequency IN ('daily', 'weekly')", name="frequency_known"),
        Index("ix_saved_searches_due", "active", "confirmed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # The normalised search parameters as a URL query string (CONTRACT.md names), without sort or page.
    query: Mapped[str] = mapped_column(String(2000))
    frequency: Mapped[str] = mapped_column(String(10), default=AlertFrequency.DAILY.value)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    unsubscribe_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_unsubscribe_token)
    active: Mapped[bool] = mapped_column(default=True)

    user = relationship("User")
    sent_items = relationship("SentAlertItem", back_populates="saved_search", cascade="all, delete-orphan",
                              passive_deletes=True)

    @property
    def frequency_label(self) -> str:
        """« Quotidienne » or « Hebdomadaire »."""
        member = AlertFrequency.lookup(self.frequency)
        return member.label if member else self.frequency

    @property
    def is_confirmed(self) -> bool:
        """True once the address has been confirmed (at once for a signed-in user's own address)."""
        return self.confirmed_at is not None

    def __repr__(self) -> str:
        return f"<SavedSearch {self.id} {self.frequency} active={self.active}>"


class SentAlertItem(db.Model):
    """A listing already e-mailed for a saved search."""

    __tablename__ = "sent_alert_items"
    __table_args__ = (UniqueConstraint("saved_search_id", "listing_id", name="uq_sent_alert_items_search_listing"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    saved_search_id: Mapped[int] = mapped_column(ForeignKey("saved_searches.id", ondelete="CASCADE"))
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"), index=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    saved_search = relationship("SavedSearch", back_populates="sent_items")

    def __repr__(self) -> str:
        return f"<SentAlertItem {self.saved_search_id}:{self.listing_id}>"
