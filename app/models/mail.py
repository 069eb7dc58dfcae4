"""The outgoing mail queue: one row per message, sent after the transaction that queued it commits."""
from datetime import datetime

from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.core.time import utcnow
from app.extensions import db
from app.models.types import UTCDateTime


class OutgoingMail(db.Model):
    """A message waiting to be sent (sent_at is null) or already sent."""

    __tablename__ = "outgoing_mail"

    id: Mapped[int] = mapped_column(primary_key=True)
    to: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(255))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    # Extra RFC 5322 headers, e.g. List-Unsubscribe on alert e-mails.
    headers: Mapped[dict | None] = mapped_column(JSON)
    # Small text attachments: [{"filename": "entretien.ics", "content_type": "text/calendar", "content": "..."}].
    attachments: Mapped[list | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Set once the server has accepted the message, never before: a sender killed mid-dialogue leaves it unsent.
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    # A sender's lease on the row (MAIL_CLAIM_SECONDS): another sender skips it until then. A sender that dies holding
    # it lets the row be sent again after it ends (at least once; the stable Message-ID shows the duplicate).
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)

    def __repr__(self) -> str:
        return f"<OutgoingMail {self.id} sent={self.sent_at is not None}>"
