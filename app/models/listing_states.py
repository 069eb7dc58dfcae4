"""The listing state machine (offers and projects): states, French labels, groups and transitions as data."""
import enum
from dataclasses import dataclass

from app.core.errors import Conflict
from app.reference.trades import LabelledEnum


class ListingStatus(LabelledEnum):
    """Where a listing stands."""

    DRAFT = "draft", "Brouillon"
    SUBMITTED = "submitted", "En attente de relecture"
    CHANGES_REQUESTED = "changes_requested", "Modifications demandées"
    REJECTED = "rejected", "Refusée"
    PUBLISHED = "published", "Publiée"
    FILLED = "filled", "Pourvue"
    CLOSED = "closed", "Clôturée"
    WITHDRAWN = "withdrawn", "Retirée"
    EXPIRED = "expired", "Expirée"
    SUSPENDED = "suspended", "Suspendue"


S = ListingStatus
PUBLIC = frozenset({S.PUBLISHED})
AWAITING_REVIEW = frozenset({S.SUBMITTED})
# With the owner, not yet public: the owner may still edit them.
IN_PREPARATION = frozenset({S.DRAFT, S.CHANGES_REQUESTED})
GONE = frozenset({S.REJECTED, S.FILLED, S.CLOSED, S.WITHDRAWN, S.EXPIRED, S.SUSPENDED})
EDITABLE = IN_PREPARATION | AWAITING_REVIEW | PUBLIC
# Recruiting no more, for good: applications to such an offer end with it (retention counts from then).
ENDED = GONE - {S.SUSPENDED}
# Decisions taken in Passerelle (by staff or the owner) that a re-import of the chamber's board must not undo.
DECIDED_HERE = GONE - {S.EXPIRED}

PUBLICATION_DAYS = 60  # a published listing expires after this many days unless renewed
REMINDER_DAYS = 7  # the owner is reminded this many days before expiry
RENEW_GRACE_DAYS = 30  # an expired listing can be renewed in one click during this many days, then needs review


class Actor(enum.StrEnum):
    """Who may fire a transition."""

    OWNER = "owner"  # the artisan who owns the listing's business
    STAFF = "staff"  # a chamber staff member whose territory covers the listing, or an admin
    SYSTEM = "system"  # the periodic job (`flask listings expire`)


class _System:
    """The periodic job and the import, acting without a user account."""

    is_authenticated = False
    is_admin = False
    role = None

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = _System()


class ReviewReason(LabelledEnum):
    """Reasons a reviewer gives when rejecting or suspending a listing; shown to the artisan."""

    INCOMPLETE = "incomplete", "Annonce incomplète ou imprécise"
    NOT_CRAFT = "not_craft", "Hors du champ de l’artisanat"
    NON_COMPLIANT = "non_compliant", "Non conforme au droit du travail ou de l’apprentissage"
    DISCRIMINATORY = "discriminatory", "Contenu discriminatoire"
    DUPLICATE = "duplicate", "Doublon d’une autre annonce"
    FRAUD = "fraud", "Annonce frauduleuse ou indésirable"
    REPORTED = "reported", "Signalements d’utilisateurs fondés"
    OTHER = "other", "Autre motif"


@dataclass(frozen=True)
class Transition:
    """A named move between states: who may fire it, from where, and what it needs."""

    name: str
    label: str
    sources: frozenset[ListingStatus]
    target: ListingStatus
    actor: Actor
    kinds: frozenset[str] = frozenset({"offer", "project"})
    needs_message: bool = False
    needs_reason: bool = False
    notify_owner: str | None = None  # mail template sent to the owner after the transition

    def allows(self, status: ListingStatus, kind: str) -> bool:
        """True when the transition applies to a listing of this kind in this state."""
        return status in self.sources and kind in self.kinds


TRANSITIONS: dict[str, Transition] = {t.name: t for t in (
    # Owner. `submit` is also the resubmission after changes were requested, and the way back for a listing
    # expired longer than RENEW_GRACE_DAYS ago.
    Transition("submit", "Envoyer en relecture", frozenset({S.DRAFT, S.CHANGES_REQUESTED, S.EXPIRED}),
               S.SUBMITTED, Actor.OWNER),
    Transition("withdraw", "Retirer l’annonce",
               frozenset({S.DRAFT, S.SUBMITTED, S.CHANGES_REQUESTED, S.PUBLISHED, S.SUSPENDED}),
               S.WITHDRAWN, Actor.OWNER),
    Transition("fill", "Marquer comme pourvue", frozenset({S.PUBLISHED}), S.FILLED, Actor.OWNER,
               kinds=frozenset({"offer"})),
    Transition("close", "Clôturer", frozenset({S.PUBLISHED}), S.CLOSED, Actor.OWNER),
    Transition("renew", "Prolonger de 60 jours", frozenset({S.PUBLISHED, S.EXPIRED}), S.PUBLISHED, Actor.OWNER),
    # Chamber staff of the listing's territory, or an admin.
    Transition("publish", "Publier", frozenset({S.SUBMITTED}), S.PUBLISHED, Actor.STAFF,
               notify_owner="listing_published"),
    Transition("request_changes", "Demander des modifications", frozenset({S.SUBMITTED}), S.CHANGES_REQUESTED,
               Actor.STAFF, needs_message=True, notify_owner="listing_changes_requested"),
    Transition("reject", "Refuser", frozenset({S.SUBMITTED}), S.REJECTED, Actor.STAFF,
               needs_message=True, needs_reason=True, notify_owner="listing_rejected"),
    Transition("suspend", "Suspendre", frozenset({S.PUBLISHED}), S.SUSPENDED, Actor.STAFF,
               needs_reason=True, notify_owner="listing_suspended"),
    Transition("reinstate", "Rétablir", frozenset({S.SUSPENDED}), S.PUBLISHED, Actor.STAFF,
               notify_owner="listing_published"),
    # The periodic job.
    Transition("expire", "Expirer", frozenset({S.PUBLISHED}), S.EXPIRED, Actor.SYSTEM,
               notify_owner="listing_expired"),
)}


class InvalidTransition(Conflict):
    """The action is not possible from the listing's current state."""
