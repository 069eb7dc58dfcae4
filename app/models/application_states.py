"""Application and partner-interest statuses: French labels, groups and allowed moves as data."""
import enum
from dataclasses import dataclass

from app.core.errors import Conflict
from app.reference.trades import LabelledEnum


class ApplicationStatus(LabelledEnum):
    """Where an application stands, as the candidate and the artisan see it."""

    RECEIVED = "received", "Reçue"
    VIEWED = "viewed", "Consultée"
    INTERVIEW = "interview", "Entretien proposé"
    ACCEPTED = "accepted", "Retenue"
    DECLINED = "declined", "Non retenue"
    WITHDRAWN = "withdrawn", "Retirée"


class InterestStatus(LabelledEnum):
    """Where a partner's interest in a project stands."""

    NEW = "new", "Nouvelle"
    DISCUSSING = "discussing", "En discussion"
    ACCEPTED = "accepted", "Retenue"
    DECLINED = "declined", "Déclinée"


class Contribution(LabelledEnum):
    """What a partner offers to bring to a project."""

    DESIGN = "design", "Design et création"
    RESEARCH = "recherche", "Recherche, essais et tests"
    FUNDING = "financement", "Financement"
    DISTRIBUTION = "distribution", "Distribution et vente"
    DIGITAL = "numerique", "Compétences numériques"
    MATERIALS = "materiaux", "Matériaux ou équipements"
    STUDENTS = "etudiants", "Étudiants ou stagiaires"
    NETWORK = "reseau", "Réseau et mise en relation"
    OTHER = "autre", "Autre"


class Party(enum.StrEnum):
    """Who may make a move."""

    CANDIDATE = "candidate"  # the apprentice who applied
    PARTNER = "partner"  # the partner who expressed interest
    OWNER = "owner"  # the artisan who owns the listing's business
    SYSTEM = "system"  # the platform itself (an offer marked filled declines the remaining applications)


@dataclass(frozen=True)
class Move:
    """A change of status: from which statuses, by whom, and what the artisan's button says."""

    target: enum.StrEnum
    sources: frozenset
    parties: frozenset[Party]
    label: str
    needs_message: bool = True
    notify: bool = True  # tell the other side (e-mail and in-site notification)


A = ApplicationStatus
APPLICATION_OPEN = frozenset({A.RECEIVED, A.VIEWED, A.INTERVIEW})
APPLICATION_FINAL = frozenset({A.ACCEPTED, A.DECLINED, A.WITHDRAWN})

APPLICATION_MOVES: dict[ApplicationStatus, Move] = {m.target: m for m in (
    Move(A.VIEWED, frozenset({A.RECEIVED}), frozenset({Party.OWNER}), "Marquer comme consultée",
         needs_message=False, notify=False),
    Move(A.INTERVIEW, frozenset({A.RECEIVED, A.VIEWED}), frozenset({Party.OWNER}), "Proposer un entretien"),
    Move(A.ACCEPTED, frozenset({A.INTERVIEW}), frozenset({Party.OWNER}), "Retenir la candidature"),
    Move(A.DECLINED, frozenset({A.RECEIVED, A.VIEWED, A.INTERVIEW}), frozenset({Party.OWNER, Party.SYSTEM}),
         "Ne pas retenir"),
    Move(A.WITHDRAWN, APPLICATION_OPEN, frozenset({Party.CANDIDATE}), "Retirer ma candidature",
         needs_message=False),
)}

I = InterestStatus
INTEREST_OPEN = frozenset({I.NEW, I.DISCUSSING})
INTEREST_FINAL = frozenset({I.ACCEPTED, I.DECLINED})

INTEREST_MOVES: dict[InterestStatus, Move] = {m.target: m for m in (
    Move(I.DISCUSSING, frozenset({I.NEW}), frozenset({Party.OWNER}), "Engager la discussion"),
    Move(I.ACCEPTED, INTEREST_OPEN, frozenset({Party.OWNER}), "Retenir la proposition"),
    Move(I.DECLINED, INTEREST_OPEN, frozenset({Party.OWNER}), "Décliner la proposition"),
)}


class InvalidMove(Conflict):
    """The status change is not possible from the current status."""
