"""In-site notifications: a short French text and a link, unread until the user opens it."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.time import utcnow
from app.extensions import db
from app.models.types import UTCDateTime


class Notification(db.Model):
    """Something that happened for a user (new application, status change, moderation decision...)."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_read", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(String(300))
    url: Mapped[str] = mapped_column(String(500), default="")  # a local path
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user = relationship("User")

    @property
    def is_read(self) -> bool:
        """True once opened."""
        return self.read_at is not None

    def __repr__(self) -> str:
        return f"<Notification {self.id} {self.kind}>"
