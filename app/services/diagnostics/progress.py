"""The action plan: for each part, its level, advice and next actions, ticked from the site's own data when shown."""
from dataclasses import dataclass

from sqlalchemy import select

from app.extensions import db
from app.models.business import Business
from app.models.diagnostic import Assessment
from app.models.listing import Offer, Project
from app.models.listing_states import ListingStatus
from app.reference.diagnostic import Action, PartScore, questionnaire, score

MIN_DESCRIPTION = 80  # a presentation shorter than this says too little to call the page complete


def _has_links(business: Business) -> bool:
    return bool(business.website or any((business.social_links or {}).values()))


def _offer_posted(business: Business) -> bool:
    return db.session.scalar(select(Offer.id).where(Offer.business_id == business.id,
                                                    Offer.status != ListingStatus.DRAFT).limit(1)) is not None


def _project_created(business: Business) -> bool:
    return db.session.scalar(select(Project.id).where(Project.business_id == business.id).limit(1)) is not None


def _simulator_seen(business: Business) -> bool:
    return db.session.scalar(select(Assessment.id).where(Assessment.business_id == business.id,
                                                         Assessment.simulator_seen_at.is_not(None))
                             .limit(1)) is not None


CHECKS = {
    "business_page_complete": lambda b: len((b.description or "").strip()) >= MIN_DESCRIPTION
    and bool(b.logo_path or _has_links(b)),
    "digital_links": _has_links,
    "commitments_declared": lambda b: bool(b.commitments),
    "business_verified": lambda b: b.verified_at is not None,
    "offer_posted": _offer_posted,
    "project_created": _project_created,
    "simulator_seen": _simulator_seen,
}


def site_checks(business: Business) -> dict[str, bool]:
    """Every automatic check, computed now from the business's data."""
    return {name: bool(check(business)) for name, check in CHECKS.items()}


@dataclass(frozen=True)
class PlannedAction:
    """An action of the plan and whether the site sees it done (None: nothing on the site can tell)."""

    action: Action
    done: bool | None


@dataclass(frozen=True)
class PlanPart:
    """One part of the plan: its score and level, the advice for that level, the actions advised."""

    score: PartScore
    advice: str
    actions: tuple[PlannedAction, ...]


def plan(assessment: Assessment) -> list[PlanPart]:
    """The action plan of a finished (or partly answered) assessment; unanswered parts get no level nor actions."""
    checks = site_checks(assessment.business)
    parts = []
    for result in score(assessment.answers or {}, questionnaire()):
        if result.level is None:
            parts.append(PlanPart(result, "", ()))
            continue
        actions = tuple(PlannedAction(action, checks.get(action.check) if action.check else None)
                        for action in result.part.actions if result.level.level in action.levels)
        parts.append(PlanPart(result, result.part.advice.get(result.level.level, ""), actions))
    return parts


def done_count(parts: list[PlanPart]) -> tuple[int, int]:
    """Actions ticked and actions the site can tick, over the whole plan."""
    checkable = [item for part in parts for item in part.actions if item.done is not None]
    return sum(1 for item in checkable if item.done), len(checkable)
