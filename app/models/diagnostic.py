"""The relaunch diagnostic: an artisan's self-assessments and diagnostic requests, their statuses and moves."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.errors import Conflict
from app.core.time import utcnow
from app.extensions import db
from app.models.candidate import enum_type
from app.models.types import UTCDateTime
from app.reference.trades import LabelledEnum


class RequestStatus(LabelledEnum):
    """Where a diagnostic request stands, for the artisan and the advisor."""

    NEW = "new", "Nouvelle"
    TAKEN = "taken", "Prise en charge"
    APPOINTMENT = "appointment", "Rendez-vous fixé"
    PLAN_DELIVERED = "plan_delivered", "Plan remis"
    CLOSED = "closed", "Clôturée"


class Outcome(LabelledEnum):
    """How a closed request ended."""

    SUPPORT = "support", "Accompagnement engagé"
    PARTNER = "partner", "Orientation vers un partenaire"
    ADVICE = "advice", "Conseils donnés, rien de plus à prévoir"
    UNREACHABLE = "unreachable", "Artisan injoignable"
    DROPPED = "dropped", "Sans suite"


S = RequestStatus
OPEN_STATUSES = frozenset({S.NEW, S.TAKEN, S.APPOINTMENT, S.PLAN_DELIVERED})
# A request moves forward one step at a time, may skip steps forward, and may be closed from any open status.
MOVES: dict[RequestStatus, frozenset[RequestStatus]] = {
    S.TAKEN: frozenset({S.NEW}),
    S.APPOINTMENT: frozenset({S.NEW, S.TAKEN}),
    S.PLAN_DELIVERED: frozenset({S.TAKEN, S.APPOINTMENT}),
    S.CLOSED: OPEN_STATUSES,
}
STAMPS = {S.TAKEN: "taken_at", S.APPOINTMENT: "appointment_at", S.PLAN_DELIVERED: "plan_delivered_at",
          S.CLOSED: "closed_at"}
CONTACT_STATUSES = frozenset({S.APPOINTMENT, S.PLAN_DELIVERED})  # reaching them means the artisan was contacted


def next_statuses(status: RequestStatus) -> list[RequestStatus]:
    """The statuses a request may move to from `status`, in order."""
    return [target for target in RequestStatus if status in MOVES.get(target, ())]


def check_move(status: RequestStatus, target: RequestStatus) -> None:
    """Raise Conflict unless a request may move from `status` to `target`."""
    if status not in MOVES.get(target, ()):
        raise Conflict(f"Une demande « {status.label} » ne peut pas passer à « {target.label} ».")


class Assessment(db.Model):
    """One self-assessment of a business by its owner: the answers given so far, part by part."""

    __tablename__ = "diagnostic_assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(ForeignKey("businesses.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    version: Mapped[int] = mapped_column(SmallInteger)  # of the questionnaire (app/reference/data/diagnostic.yaml)
    answers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # "part.question" -> option key
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    simulator_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # opened from the plan

    business = relationship("Business")
    user = relationship("User")


class DiagnosticRequest(db.Model):
    """An artisan's request for a personal diagnostic, followed by the chamber of the business's territory."""

    __tablename__ = "diagnostic_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(ForeignKey("businesses.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("diagnostic_assessments.id", ondelete="SET NULL"))
    departement: Mapped[str] = mapped_column(String(3), index=True)
    need: Mapped[str] = mapped_column(Text)
    contact_times: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    status: Mapped[RequestStatus] = mapped_column(enum_type(RequestStatus, 20), default=RequestStatus.NEW,
                                                  index=True)
    outcome: Mapped[Outcome | None] = mapped_column(enum_type(Outcome, 20))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    appointment_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    plan_delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    first_contact_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    satisfaction: Mapped[int | None] = mapped_column(SmallInteger)  # 1 (pas du tout utile) to 4 (très utile)
    satisfaction_comment: Mapped[str | None] = mapped_column(Text)
    satisfaction_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    business = relationship("Business")
    user = relationship("User", foreign_keys=[user_id])
    assignee = relationship("User", foreign_keys=[assignee_id])
    assessment = relationship("Assessment")
    notes = relationship("DiagnosticNote", order_by="DiagnosticNote.id", cascade="all, delete-orphan",
                         back_populates="request")

    @property
    def is_open(self) -> bool:
        """True until the request is closed."""
        return self.status in OPEN_STATUSES


class DiagnosticNote(db.Model):
    """A private note of the chamber's staff on a request (the artisan never sees it)."""

    __tablename__ = "diagnostic_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("diagnostic_requests.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    request = relationship("DiagnosticRequest", back_populates="notes")
    author = relationship("User")
