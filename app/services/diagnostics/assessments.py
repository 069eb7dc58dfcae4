"""The self-assessment: start or resume it, save one part at a time, score it, compare it with the previous one."""
from dataclasses import dataclass

from sqlalchemy import select

from app.core.errors import NotFound, Refused
from app.core.time import utcnow
from app.core.transaction import use_case
from app.extensions import db
from app.models.business import Business
from app.models.diagnostic import Assessment
from app.reference.diagnostic import Part, PartScore, questionnaire, score
from app.services.access import is_owner

MSG_ANSWER = "Choisissez une réponse."


def own_assessment_or_404(assessment_id: int, user) -> Assessment:
    """An assessment of a business the user owns.

    :raise NotFound: unknown, or someone else's.
    """
    assessment = db.session.get(Assessment, assessment_id)
    if assessment is None or not is_owner(user, assessment.business):
        raise NotFound()
    return assessment


def own_business_or_404(business_id: int, user) -> Business:
    """One of the user's businesses.

    :raise NotFound: unknown, or someone else's.
    """
    business = db.session.get(Business, business_id)
    if business is None or not is_owner(user, business):
        raise NotFound()
    return business


def in_progress(business: Business) -> Assessment | None:
    """The business's unfinished assessment, if any."""
    return db.session.scalar(select(Assessment).where(Assessment.business_id == business.id,
                                                      Assessment.completed_at.is_(None))
                             .order_by(Assessment.id.desc()).limit(1))


def completed(business: Business) -> list[Assessment]:
    """The business's finished assessments, newest first."""
    return list(db.session.scalars(select(Assessment).where(Assessment.business_id == business.id,
                                                            Assessment.completed_at.is_not(None))
                                   .order_by(Assessment.completed_at.desc(), Assessment.id.desc())))


def latest_completed(business: Business) -> Assessment | None:
    """The business's newest finished assessment."""
    found = completed(business)
    return found[0] if found else None


def previous(assessment: Assessment) -> Assessment | None:
    """The finished assessment of the same business just before this one."""
    return db.session.scalar(select(Assessment).where(
        Assessment.business_id == assessment.business_id, Assessment.completed_at.is_not(None),
        Assessment.id < assessment.id).order_by(Assessment.id.desc()).limit(1))


@use_case
def start(user, business: Business) -> Assessment:
    """Resume the business's unfinished assessment, or start a new one (a retake after a finished one)."""
    if not is_owner(user, business):
        raise NotFound()
    current = in_progress(business)
    if current is not None:
        return current
    assessment = Assessment(business=business, user=user, version=questionnaire().version, answers={})
    db.session.add(assessment)
    db.session.flush()
    return assessment


def field_name(part: Part, question) -> str:
    """The form field of a question: « activite-chiffre »."""
    return f"{part.key}-{question.key}"


def first_open_part(assessment: Assessment) -> int:
    """The number of the first part with an unanswered question (the last part when all are answered)."""
    for number, result in enumerate(score(assessment.answers or {}), start=1):
        if result.level is None:
            return number
    return len(questionnaire().parts)


@use_case
def save_part(user, assessment: Assessment, number: int, form: dict[str, str]) -> Assessment:
    """Save the answers of part `number`; every question needs a known answer. The last part finishes it."""
    if not is_owner(user, assessment.business):
        raise NotFound()
    part = questionnaire().part(number)
    if part is None:
        raise NotFound()
    answers, errors = dict(assessment.answers or {}), {}
    for question in part.questions:
        choice = (form.get(field_name(part, question)) or "")[:40]
        if question.option(choice) is None:
            errors[field_name(part, question)] = MSG_ANSWER
        else:
            answers[f"{part.key}.{question.key}"] = choice
    if errors:
        raise Refused(errors)
    assessment.answers = answers  # a new dict, so that the JSON column is seen as changed
    assessment.updated_at = utcnow()
    if all(result.level is not None for result in score(answers)) and assessment.completed_at is None:
        assessment.completed_at = utcnow()
    db.session.flush()
    return assessment


@dataclass(frozen=True)
class Change:
    """A part's score now and in the previous assessment."""

    now: PartScore
    before: PartScore | None

    @property
    def delta(self) -> int | None:
        """Points of % gained (negative: lost) since the previous assessment."""
        if self.before is None or self.before.percent is None or self.now.percent is None:
            return None
        return self.now.percent - self.before.percent


def changes(assessment: Assessment) -> list[Change]:
    """Each part's score, beside the previous finished assessment's."""
    before = previous(assessment)
    old = score(before.answers or {}) if before is not None else [None] * len(questionnaire().parts)
    return [Change(now, then) for now, then in zip(score(assessment.answers or {}), old)]


@use_case
def mark_simulator_seen(user, assessment: Assessment) -> Assessment:
    """Remember that the artisan opened the cost simulator from the plan (the first time only)."""
    if not is_owner(user, assessment.business):
        raise NotFound()
    if assessment.simulator_seen_at is None:
        assessment.simulator_seen_at = utcnow()
    return assessment
