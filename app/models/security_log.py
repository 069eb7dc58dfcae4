"""The security log: sign-ins, failures, password changes, CV downloads, exports, deletions, moderation decisions."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.time import utcnow
from app.extensions import db
from app.models.types import UTCDateTime

# Every kind of security event, with the French label shown on the « Mes données » page.
KIND_LABELS = {
    "login_success": "Connexion",
    "login_failure": "Échec de connexion",
    "logout": "Déconnexion",
    "password_changed": "Mot de passe modifié",
    "password_reset_requested": "Lien de réinitialisation du mot de passe demandé",
    "password_reset": "Mot de passe réinitialisé par lien",
    "cv_downloaded": "CV téléchargé",
    "export": "Téléchargement de vos données",
    "csv_export": "Export CSV du tableau de bord",
    "consent_withdrawn": "Accord de conservation du CV retiré",
    "account_deletion_refused": "Suppression du compte refusée (mot de passe incorrect)",
    "account_deleted": "Compte supprimé",
    "moderation_decision": "Décision de modération",
    "account_admin": "Gestion d’un compte de conseiller",
    "purge": "Purge des données arrivées à échéance",
}


class SecurityEvent(db.Model):
    """One security-relevant event; details are data (never HTML), secrets and full e-mails are never stored."""

    __tablename__ = "security_events"
    __table_args__ = (Index("ix_security_events_user_at", "user_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    # The account concerned (for a failed sign-in: the account whose address was typed, if any).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Keyed hash of the client address: the same address can be followed across accounts, the address itself is
    # never stored (an unkeyed hash of the 2^32 IPv4 addresses would be reversible).
    ip_hash: Mapped[str | None] = mapped_column(String(16))
    user_agent: Mapped[str | None] = mapped_column(String(200))
    request_id: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    user = relationship("User")

    @property
    def kind_label(self) -> str:
        """French label of the kind."""
        return KIND_LABELS.get(self.kind, self.kind)

    def __repr__(self) -> str:
        return f"<SecurityEvent {self.id} {self.kind} user={self.user_id}>"
