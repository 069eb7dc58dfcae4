"""Moderation records: the append-only audit log, reports of listings and the chamber's check of a business."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, event, text
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from app.core.time import utcnow
from app.extensions import db
from app.models.types import UTCDateTime
from app.reference.trades import LabelledEnum


class AuditLogIsAppendOnly(RuntimeError):
    """Raised when code tries to change or delete an audit entry."""


# What each audit action means, in French, for the history pages.
ACTION_LABELS = {
    "listing.publish": "Annonce publiée",
    "listing.request_changes": "Modifications demandées",
    "listing.reject": "Annonce refusée",
    "listing.suspend": "Annonce suspendue",
    "listing.reinstate": "Annonce rétablie",
    "reports.dismiss": "Signalements classés sans suite",
    "reports.uphold": "Signalements retenus",
    "business.verify": "Entreprise vérifiée",
    "business.highlight": "Entreprise mise en avant",
    "business.unhighlight": "Fin de la mise en avant",
    "business.move": "Entreprise déménagée",
    "business.claim_approved": "Revendication acceptée : nouveau responsable",
    "business.claim_rejected": "Revendication refusée",
    "business.transfer": "Entreprise confiée à un autre compte",
    "training.verify": "Entreprise formatrice vérifiée",
    "label.verify": "Label vérifié",
    "label.refuse": "Label refusé",
    "application.forward": "Candidature transmise à l’entreprise",
    "interest.forward": "Marque d’intérêt transmise à l’entreprise",
    "message.hidden": "Message signalé masqué",
    "message.report_closed": "Signalement de message classé sans suite",
    "diagnostic.request": "Demande de diagnostic envoyée par l’artisan",
    "diagnostic.status": "Statut de la demande de diagnostic changé",
    "diagnostic.assign": "Conseiller attribué à une demande de diagnostic",
    "diagnostic.note": "Note privée ajoutée à une demande de diagnostic",
    "diagnostic.message": "Message envoyé à l’artisan (diagnostic)",
    "diagnostic.reminder": "Relance : pas de premier contact après 5 jours ouvrés",
    "diagnostic.satisfaction": "Avis de l’artisan sur le diagnostic",
    "export.listings": "Export des annonces (CSV)",
    "export.figures": "Export des indicateurs (CSV)",
    "export.diagnostics": "Export des indicateurs de diagnostic (CSV)",
    "export.diagnostic_requests": "Export des demandes de diagnostic (CSV)",
    "staff.create": "Compte de conseiller créé",
    "staff.role": "Rôle modifié",
    "staff.chamber": "Chambre modifiée",
    "staff.deactivate": "Compte désactivé",
    "staff.reactivate": "Compte réactivé",
}


class AuditEntry(db.Model):
    """One decision: who, when, what (action on a subject), where (chamber) and why; never changed afterwards."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_subject", "subject_type", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    # No ON DELETE action: accounts are deactivated, never deleted, and the log must not change.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)  # None: the system
    actor_label: Mapped[str] = mapped_column(String(254))  # kept as it was at the time
    action: Mapped[str] = mapped_column(String(40), index=True)
    subject_type: Mapped[str] = mapped_column(String(20))  # "listing", "business", "user", "chamber"
    subject_id: Mapped[int | None]
    chamber_code: Mapped[str | None] = mapped_column(String(8), index=True)
    reason: Mapped[str | None] = mapped_column(String(40))
    message: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    actor = relationship("User")

    @property
    def action_label(self) -> str:
        """French label of the action."""
        if self.action == "listing.suspend" and self.actor_id is None:
            return "Annonce masquée après plusieurs signalements"
        return ACTION_LABELS.get(self.action, self.action)

    def __repr__(self) -> str:
        return f"<AuditEntry {self.id} {self.action} {self.subject_type}:{self.subject_id}>"


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _refuse_change(mapper, connection, target) -> None:
    """The audit log is append-only: the ORM refuses any update or delete of an entry."""
    raise AuditLogIsAppendOnly("audit entries cannot be changed or deleted")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_change(state) -> None:
    """Bulk UPDATE or DELETE statements on the audit log are refused too."""
    if (state.is_update or state.is_delete) and state.bind_mapper is not None \
            and state.bind_mapper.class_ is AuditEntry:
        raise AuditLogIsAppendOnly("audit entries cannot be changed or deleted")


class ReportReason(LabelledEnum):
    """Why a visitor reports a listing."""

    OFFENSIVE = "offensive", "Contenu offensant ou discriminatoire"
    INACCURATE = "inaccurate", "Informations inexactes ou annonce périmée"
    NOT_APPRENTICESHIP = "not_apprenticeship", "Pas un véritable apprentissage"
    SCAM = "scam", "Arnaque ou fausse annonce"
    OTHER = "other", "Autre"


class ReportStatus(LabelledEnum):
    """Where a report stands."""

    OPEN = "open", "À traiter"
    DISMISSED = "dismissed", "Classé sans suite"
    UPHELD = "upheld", "Retenu"


def _enum(enum_class, length: int = 30):
    """A portable (VARCHAR) column type storing the enum's values."""
    return db.Enum(enum_class, native_enum=False, length=length,
                   values_callable=lambda members: [m.value for m in members])


class Report(db.Model):
    """A report of a listing by a visitor or a user; one open report per reporter and listing."""

    __tablename__ = "reports"
    __table_args__ = (
        # One person (user id, or hashed IP address for visitors) counts once per listing until staff decide.
        Index("uq_reports_open_reporter", "listing_id", "reporter_key", unique=True,
              sqlite_where=text("status = 'open'"), postgresql_where=text("status = 'open'")),
        Index("ix_reports_status_listing", "status", "listing_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"), index=True)
    reason: Mapped[ReportReason] = mapped_column(_enum(ReportReason))
    comment: Mapped[str] = mapped_column(Text, default="")
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reporter_key: Mapped[str] = mapped_column(String(80))
    # Keyed hash of the reporter's network (IPv4 /24, IPv6 /64): reports from one network count once.
    network_key: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    status: Mapped[ReportStatus] = mapped_column(_enum(ReportStatus, 20), default=ReportStatus.OPEN)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    resolution_note: Mapped[str | None] = mapped_column(Text)

    listing = relationship("Listing")
    reporter = relationship("User", foreign_keys=[reporter_id])
    resolved_by = relationship("User", foreign_keys=[resolved_by_id])

    def __repr__(self) -> str:
        return f"<Report {self.id} listing={self.listing_id} {self.status}>"


class BusinessCheck(db.Model):
    """What the chamber checked when verifying a business: SIRET and registration at the Répertoire des métiers."""

    __tablename__ = "business_checks"

    business_id: Mapped[int] = mapped_column(ForeignKey("businesses.id", ondelete="CASCADE"), primary_key=True)
    rm_number: Mapped[str] = mapped_column(String(30))
    siret_checked: Mapped[bool] = mapped_column(default=False)
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    business = relationship("Business")
    checked_by = relationship("User")
