"""Apprentice profiles and the CV files they upload (stored outside static/ under a random name)."""
from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.formatting import date_fr
from app.core.time import utcnow
from app.extensions import db
from app.models.types import UTCDateTime
from app.reference.trades import Diploma, get_trade

MAX_TRAVEL_KM = 200


def enum_type(enum_class, length: int = 30):
    """A portable (VARCHAR) column type storing the enum's values."""
    return db.Enum(enum_class, native_enum=False, length=length,
                   values_callable=lambda members: [m.value for m in members])


class CvFile(db.Model):
    """An uploaded PDF CV: the file lives in UPLOAD_DIR/cvs/<stored_name>; applications keep the one they sent."""

    __tablename__ = "cv_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    # Sanitised, only used for the download's Content-Disposition; never used as a path.
    original_name: Mapped[str] = mapped_column(String(120))
    size: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    owner = relationship("User")

    def __repr__(self) -> str:
        return f"<CvFile {self.id}>"


class CandidateProfile(db.Model):
    """What a young person tells artisans about themselves; one per apprentice account."""

    __tablename__ = "candidate_profiles"
    __table_args__ = (
        CheckConstraint(f"travel_radius_km BETWEEN 0 AND {MAX_TRAVEL_KM}", name="travel_radius_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    birth_date: Mapped[date] = mapped_column(Date)
    postcode: Mapped[str] = mapped_column(String(5))
    commune_insee: Mapped[str] = mapped_column(String(5))
    commune_name: Mapped[str] = mapped_column(String(120))
    departement: Mapped[str] = mapped_column(String(3))
    travel_radius_km: Mapped[int] = mapped_column(default=20)
    trades: Mapped[list[str]] = mapped_column(JSON, default=list)
    diploma: Mapped[Diploma | None] = mapped_column(enum_type(Diploma))
    available_from: Mapped[date | None] = mapped_column(Date)  # None: « dès que possible »
    presentation: Mapped[str] = mapped_column(Text, default="")
    cv_file_id: Mapped[int | None] = mapped_column(ForeignKey("cv_files.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    user = relationship("User")
    cv = relationship("CvFile")

    @property
    def full_name(self) -> str:
        """First and last name."""
        return f"{self.first_name} {self.last_name}"

    def age(self, today: date | None = None) -> int:
        """Age in whole years today."""
        today = today or utcnow().date()
        before_birthday = (today.month, today.day) < (self.birth_date.month, self.birth_date.day)
        return today.year - self.birth_date.year - before_birthday

    def is_minor(self, today: date | None = None) -> bool:
        """True under 18."""
        return self.age(today) < 18

    @property
    def trade_labels(self) -> list[str]:
        """French labels of the trades wanted."""
        return [trade.label for trade in map(get_trade, self.trades or []) if trade]

    @property
    def availability_label(self) -> str:
        """The availability date in French, or « Dès que possible »."""
        if self.available_from is None:
            return "Dès que possible"

        return f"À partir du {date_fr(self.available_from)}"

    def __repr__(self) -> str:
        return f"<CandidateProfile {self.id} user={self.user_id}>"
