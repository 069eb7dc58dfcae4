"""Demo data of the relaunch diagnostic: assessments at different levels, requests in every status in three chambers."""
from datetime import timedelta

from sqlalchemy import select

from app.core.time import utcnow
from app.core.transaction import use_case
from app.extensions import db
from app.models import User
from app.models.conversation import Message, Side, Thread
from app.models.diagnostic import STAMPS, Assessment, DiagnosticNote, DiagnosticRequest, Outcome, RequestStatus
from app.reference.diagnostic import questionnaire
from app.services.businesses.profiles import business_by_siret, create_business
from app.services.moderation.audit import chamber_code_of

S = RequestStatus
# Two more businesses of demo artisans, so that each chamber has requests in several statuses (one open at a time).
EXTRA_BUSINESSES = (
    ("boulangerie.dupont@passerelle-demo.fr", {"siret": "79260188200014", "name": "Fournil Dupont Belleville",
                                               "postcode": "75020", "commune": "Paris 20e",
                                               "trades": ["boulanger"],
                                               "description": "Le second fournil de la famille Dupont."}),
    ("patisserie.berthier@passerelle-demo.fr", {"siret": "81234567600017", "name": "Chocolaterie Berthier",
                                                "postcode": "69006", "commune": "Lyon 6e",
                                                "trades": ["chocolatier"],
                                                "description": "Les chocolats de la maison Berthier."}),
)
# siret: assessments as (answer rank: 0 worst, 1 middle, 2 best; days ago), then requests as
# (status, outcome, days ago, need, advisor's message, satisfaction).
DIAGNOSTICS = {
    "52601815500006": ([(0, 120), (1, 6)],
                       [(S.CLOSED, Outcome.SUPPORT, 90, "Trésorerie tendue depuis l’été : faire le point sur les aides.",
                         "Bonjour Madame Dupont, je vous appelle demain à 9 h pour faire le point.", 4)]),
    "79260188200014": ([], [(S.TAKEN, None, 4, "Nous voulons proposer la commande en ligne du pain.", None, None)]),
    "90830166600008": ([(1, 20)],
                       [(S.CLOSED, Outcome.PARTNER, 60, "Trouver un designer pour une ligne de mobilier.",
                         "Je vous mets en relation avec l’école de design de Rennes.", None),
                        (S.APPOINTMENT, None, 10, "Répondre à un premier marché public de la métropole.",
                         "Rendez-vous fixé mardi à l’atelier, 14 h.", None)]),
    "13186091800005": ([(2, 15)], [(S.PLAN_DELIVERED, None, 25, "Accueillir un deuxième apprenti.",
                                    "Votre plan est en pièce jointe de notre échange de ce matin.", None)]),
    "81234567600017": ([(0, 12)], [(S.NEW, None, 9, "Vendre nos chocolats hors de France.", None, None)]),
}


def _answers(rank: int) -> dict[str, str]:
    found = {}
    for part in questionnaire().parts:
        for question in part.questions:
            options = sorted(question.options, key=lambda o: o.points)
            found[f"{part.key}.{question.key}"] = options[[0, len(options) // 2, -1][rank]].key
    return found


def _staff_of(departement_chamber: str | None) -> User | None:
    return db.session.scalar(select(User).filter_by(role="staff", chamber_code=departement_chamber)
                             .order_by(User.id).limit(1)) if departement_chamber else None


@use_case
def load_diagnostics() -> int:
    """Create the demo's missing diagnostics; a business that already has any is left as it is."""
    created = 0
    for email, fields in EXTRA_BUSINESSES:
        owner = db.session.scalar(select(User).filter_by(email=email))
        if owner is not None and business_by_siret(fields["siret"]) is None:
            create_business(owner, **fields)
            created += 1
    now = utcnow()
    for siret, (assessments, requests) in DIAGNOSTICS.items():
        business = business_by_siret(siret)
        if business is None or business.owner is None or db.session.scalar(
                select(Assessment.id).filter_by(business_id=business.id).limit(1)) or db.session.scalar(
                select(DiagnosticRequest.id).filter_by(business_id=business.id).limit(1)):
            continue
        latest = None
        for rank, days in assessments:
            moment = now - timedelta(days=days)
            latest = Assessment(business=business, user=business.owner, version=questionnaire().version,
                                answers=_answers(rank), started_at=moment, updated_at=moment, completed_at=moment)
            db.session.add(latest)
            created += 1
        advisor = _staff_of(chamber_code_of(business.departement))
        for status, outcome, days, need, message, satisfaction in requests:
            sent = now - timedelta(days=days)
            request = DiagnosticRequest(business=business, user=business.owner, departement=business.departement,
                                        assessment=latest, need=need, phone="06 12 34 56 78",
                                        contact_times="En semaine, avant 10 h", status=status, outcome=outcome,
                                        created_at=sent, satisfaction=satisfaction)
            steps = [s for s in (S.TAKEN, S.APPOINTMENT, S.PLAN_DELIVERED, S.CLOSED)
                     if list(S).index(s) <= list(S).index(status)]
            for offset, step in enumerate(steps, start=1):
                setattr(request, STAMPS[step], sent + timedelta(days=offset))
            if steps:
                request.assignee = advisor
            if message and advisor is not None:
                request.first_contact_at = sent + timedelta(days=1, hours=2)
                _chamber_wrote(request, advisor, message)
                request.notes.append(DiagnosticNote(author=advisor, body="Artisan très motivé, à rappeler.",
                                                    created_at=request.first_contact_at))
            if satisfaction is not None:
                request.satisfaction_at = request.closed_at + timedelta(days=1)
            db.session.add(request)
            created += 1
    return created


def _chamber_wrote(request: DiagnosticRequest, advisor: User, body: str) -> None:
    """The advisor's first message in the request's thread: read by the chamber, by the artisan once closed, and
    already mailed (so `flask messages notify` sends nothing for the demo)."""
    at = request.first_contact_at
    message = Message(side=Side.OWNER, author=advisor, body=body, created_at=at)
    thread = Thread(diagnostic=request, created_at=at, owner_noticed_at=at, applicant_noticed_at=at,
                    messages=[message])
    db.session.add(thread)
    db.session.flush()
    thread.owner_read_id = message.id
    if not request.is_open:
        thread.applicant_read_id = message.id
