"""One-time form tokens already used: a form posted twice (a double click, a page sent again) acts once."""
from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.core.time import utcnow
from app.extensions import db
from app.models.types import UTCDateTime


class UsedFormToken(db.Model):
    """The token of a form whose action was done; its primary key refuses a second use, even a concurrent one."""

    __tablename__ = "used_form_tokens"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    used_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
