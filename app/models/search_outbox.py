"""The search outbox: one row per listing change, written in the change's transaction, applied to each node's index."""
from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.core.time import utcnow
from app.extensions import db
from app.models.types import UTCDateTime


class SearchOutboxEntry(db.Model):
    """A listing changed: whether to index or remove it is decided from the database when the row is applied.

    The id orders the changes; each node records in its own index directory how far it has applied them.
    """

    __tablename__ = "search_outbox"
    # AUTOINCREMENT on SQLite: an id is never reused, even after the newest rows were pruned.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # No foreign key: the row must outlive a deleted listing so that the listing leaves the index.
    listing_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)

    def __repr__(self) -> str:
        return f"<SearchOutboxEntry {self.id} {self.kind}:{self.listing_id}>"
