"""Demo conversations: an interview accepted and a thread both ways at the Lyon pastry, a claim in a chamber's queue."""
from datetime import datetime, time, timedelta

from sqlalchemy import select

from app.core.time import utcnow
from app.demo.activity import CLAIM, THREAD
from app.extensions import db
from app.models import User
from app.models.application import Application
from app.models.claim import BusinessClaim
from app.models.conversation import Message, Side, Thread
from app.models.interview import InterviewMode
from app.models.listing import Listing
from app.services.businesses.claims import start_claim
from app.services.businesses.profiles import business_by_siret
from app.services.conversations import interviews, threads
from app.services.conversations.interviews import Proposal


def _user(email: str) -> User | None:
    return db.session.scalar(select(User).filter_by(email=email))


def _next(weekday: int, hour: int, minute: int = 0) -> datetime:
    """The wall time (Paris) of the next such weekday at least three days away."""
    day = (utcnow() + timedelta(days=3)).date()
    day += timedelta(days=(weekday - day.weekday()) % 7)
    return datetime.combine(day, time(hour, minute))


def load_conversations() -> int:
    """Create what is missing of the demo's interview, thread and pending claim; return how many records."""
    return _load_interview_and_thread() + _load_claim()


def _load_interview_and_thread() -> int:
    email, title, lines = THREAD
    candidate = _user(email)
    application = db.session.scalar(select(Application).join(Application.offer)
                                    .where(Listing.title == title, Application.candidate_id == candidate.id))
    if application is None:
        return 0
    created = 0
    owner = application.offer.owner
    if interviews.current(application) is None:
        business = application.offer.business
        proposal = Proposal(slots=[_next(1, 15), _next(2, 10, 30)], mode=InterviewMode.ON_SITE,
                            place=f"{business.address_line}, {business.postcode} {business.commune_name}",
                            duration=45, note="Présentez-vous à la boutique, nous irons ensemble au laboratoire.")
        interview = interviews.propose(application, owner, proposal)
        interviews.accept(application, candidate, interview.slots[0].id)
        created += 1
    written = db.session.scalar(select(Message.id).join(Thread).where(Thread.application_id == application.id,
                                                                       Message.side != Side.PLATFORM).limit(1))
    if written is None:
        for side, text in lines:
            author = candidate if side == "applicant" else owner
            threads.post(application, Side(side), text, author=author)
            created += 1
    return created


def _load_claim() -> int:
    email, siret, evidence = CLAIM
    claimant, business = _user(email), business_by_siret(siret)
    if claimant is None or business is None or db.session.scalar(
            select(BusinessClaim.id).filter_by(user_id=claimant.id, business_id=business.id).limit(1)):
        return 0
    start_claim(claimant, business, "review", evidence=evidence)
    return 1
