"""Partner interest in projects: propose, follow (« Mes propositions »); the artisan discusses, accepts or declines."""
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.core.errors import NotAllowed, NotFound, Refused
from app.core.time import utcnow
from app.core.transaction import use_case
from app.extensions import db
from app.mail.outbox import external_url, queue_mail
from app.models.application_states import INTEREST_MOVES, Contribution, InterestStatus, InvalidMove, Move
from app.models.business import Business
from app.models.interest import Interest, InterestEvent
from app.models.listing import Project
from app.models.listing_states import PUBLIC
from app.models.user import Permission
from app.services.access import ContactActor, interest_party
from app.services.conversations import routing
from app.services.messaging import notifications
from app.services.responses.moves import AlreadyMoved, take_move

MESSAGE_MAX = 5000
S = InterestStatus
MSG_DUPLICATE = "Vous avez déjà proposé votre aide pour ce projet : suivez-la dans « Mes propositions »."

STATUS_TEMPLATES = {
    S.DISCUSSING: ("Bonjour {name},\n\nmerci pour votre proposition concernant notre projet « {title} ». Elle nous "
                   "intéresse et nous aimerions en discuter avec vous : quand seriez-vous disponible pour un "
                   "premier échange ?\n\nÀ bientôt,\n{business}"),
    S.ACCEPTED: ("Bonjour {name},\n\nnous avons le plaisir de retenir votre proposition pour notre projet "
                 "« {title} ». Nous revenons vers vous très vite pour organiser la suite.\n\nBien cordialement,\n"
                 "{business}"),
    S.DECLINED: ("Bonjour {name},\n\nmerci pour votre proposition concernant notre projet « {title} ». Nous ne "
                 "pouvons pas y donner suite pour le moment, mais nous vous remercions de l’intérêt que vous "
                 "portez à notre travail.\n\nBien cordialement,\n{business}"),
}
SUBJECTS = {
    "interest_received": "Nouvelle proposition de partenariat pour « {title} »",
    "interest_status": "Votre proposition pour « {title} » : {status}",
}


class DuplicateInterest(Refused):
    """The partner already expressed interest in this project."""

    def __init__(self):
        super().__init__({"form": MSG_DUPLICATE})


def _name(user) -> str:
    """How a user is named in messages."""
    return user.display_name or user.email


def message_template(interest: Interest, target: InterestStatus | str) -> str:
    """The pre-filled French message for a move to `target` ("" when there is none)."""
    template = STATUS_TEMPLATES.get(S(target))
    if template is None:
        return ""
    return template.format(name=_name(interest.partner), title=interest.project.title,
                           business=interest.project.business.name)


def allowed_moves(interest: Interest, user) -> list[Move]:
    """The status changes `user` may make now."""
    party = interest_party(interest, user)
    return [move for move in INTEREST_MOVES.values() if party in move.parties and interest.status in move.sources]


def existing_interest(project: Project, partner) -> Interest | None:
    """The partner's proposal for this project, if any."""
    return db.session.scalar(select(Interest).filter_by(project_id=project.id, partner_id=partner.id))


@use_case
def express_interest(project: Project, partner, *, message: str, contributions: list[str] | None = None,
                     contribution_text: str = "", now: datetime | None = None) -> Interest:
    """A partner proposes to take part in a published project; the artisan is told by e-mail and in the site."""
    now = now or utcnow()
    if not partner.can(Permission.EXPRESS_INTEREST):
        raise NotAllowed("Seuls les comptes partenaires peuvent proposer leur aide à un projet.")
    if not isinstance(project, Project) or project.status not in PUBLIC:
        raise InvalidMove("Ce projet n’accepte plus de propositions.")
    if existing_interest(project, partner) is not None:  # the UNIQUE constraint still decides under a race
        raise DuplicateInterest()
    recipient = routing.reachable_recipient(project)
    errors = {}
    message = (message or "").strip()
    if not message:
        errors["message"] = "Présentez-vous en quelques mots à l’artisan."
    elif len(message) > MESSAGE_MAX:
        errors["message"] = f"{MESSAGE_MAX} caractères au maximum."
    known = {c.value for c in Contribution}
    contributions = list(dict.fromkeys(c for c in contributions or [] if c))
    if not contributions:
        errors["contributions"] = "Choisissez au moins un apport."
    elif any(c not in known for c in contributions):
        errors["contributions"] = "Choisissez les apports dans la liste."
    contribution_text = (contribution_text or "").strip()
    if len(contribution_text) > MESSAGE_MAX:
        errors["contribution_text"] = f"{MESSAGE_MAX} caractères au maximum."
    if errors:
        raise Refused(errors)
    interest = Interest(project=project, partner=partner, message=message, contributions=contributions,
                        contribution_text=contribution_text, status=S.NEW, created_at=now, status_changed_at=now)
    interest.events.append(InterestEvent(status=S.NEW, at=now, by=partner))
    db.session.add(interest)
    try:
        db.session.flush()
    except IntegrityError:  # a concurrent duplicate, caught by the UNIQUE constraint
        raise DuplicateInterest() from None
    routing.deliver(interest, recipient)
    _tell_owner(interest)
    return interest


@use_case
def change_status(interest: Interest, actor, target: InterestStatus | str, message: str | None = None,
                  now: datetime | None = None) -> Interest:
    """The artisan moves a proposal on, with a message sent to the partner and kept in the history."""
    now = now or utcnow()
    target = S(target)
    move = INTEREST_MOVES.get(target)
    if move is None:
        raise InvalidMove("Ce changement de statut n’existe pas.")
    party = interest_party(interest, actor)
    if party is None:
        raise NotFound()
    if party not in move.parties:
        raise NotAllowed(f"« {move.label} » : vous ne pouvez pas faire ce changement.")
    if interest.status == target:
        raise AlreadyMoved()  # the same move, just made (a double click): recorded and sent once already
    if interest.status not in move.sources:
        raise InvalidMove(f"Une proposition « {interest.status.label} » ne peut pas passer à « {target.label} ».")
    message = (message or "").strip()
    if not message:
        raise Refused({"message": "Écrivez un message au partenaire : il lui sera envoyé."})
    if len(message) > MESSAGE_MAX:
        raise Refused({"message": f"{MESSAGE_MAX} caractères au maximum."})
    if not take_move(interest, target):  # another request moved it meanwhile
        if interest.status == target:
            raise AlreadyMoved()
        raise InvalidMove(f"Une proposition « {interest.status.label} » ne peut pas passer à « {target.label} ».")
    interest.stamp(target, now)
    contact = actor.email if isinstance(actor, ContactActor) else None
    interest.events.append(InterestEvent(status=target, at=now, by=None if contact else actor, by_email=contact,
                                         message=message))
    _tell_partner(interest, message)
    return interest


def partner_interests(user) -> list[Interest]:
    """The partner's proposals, newest first."""
    return list(db.session.scalars(select(Interest).filter_by(partner_id=user.id)
                                   .order_by(Interest.created_at.desc(), Interest.id.desc())))


def project_interests(user, project: Project | None = None, status: InterestStatus | None = None) -> list[Interest]:
    """Proposals for the projects of the user's businesses, newest first."""
    query = (select(Interest).join(Interest.project).join(Project.business).where(Business.owner_id == user.id))
    if project is not None:
        query = query.where(Interest.project_id == project.id)
    if status is not None:
        query = query.where(Interest.status == status)
    return list(db.session.scalars(query.order_by(Interest.created_at.desc(), Interest.id.desc())))


def interest_counts(user, project: Project | None = None) -> dict[InterestStatus, int]:
    """How many proposals of each status the user's projects received."""
    query = (select(Interest.status, func.count(Interest.id)).join(Interest.project).join(Project.business)
             .where(Business.owner_id == user.id).group_by(Interest.status))
    if project is not None:
        query = query.where(Interest.project_id == project.id)
    counts = dict(db.session.execute(query).all())
    return {status: counts.get(status, 0) for status in S}


def _tell_owner(interest: Interest) -> None:
    """In-site notification and e-mail to the project's artisan (an imported business may have no owner)."""
    owner = interest.project.owner
    if owner is None:
        return
    title = notifications.shorten(interest.project.title)
    notifications.notify(owner, "interest_received", f"{_name(interest.partner)} propose son aide pour « {title} ».",
                         notifications.path_for("inbox.interest", interest_id=interest.id))
    if owner.email and owner.is_active_account:
        queue_mail(owner.email, SUBJECTS["interest_received"].format(title=title), "interest_received",
                   interest=interest, owner=owner, partner_name=_name(interest.partner),
                   url=external_url("inbox.interest", interest_id=interest.id))


def _tell_partner(interest: Interest, message: str) -> None:
    """In-site notification and e-mail to the partner about a new status."""
    partner, title, status = interest.partner, notifications.shorten(interest.project.title), interest.status.label
    notifications.notify(partner, "interest_status", f"Votre proposition pour « {title} » : {status}.",
                         notifications.path_for("partner.interest", interest_id=interest.id))
    if partner.email and partner.is_active_account:
        queue_mail(partner.email, SUBJECTS["interest_status"].format(title=title, status=status), "interest_status",
                   interest=interest, message=message, status=status,
                   url=external_url("partner.interest", interest_id=interest.id))
