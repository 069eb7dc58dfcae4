"""Administration: chamber staff accounts and roles, and moving a business to another territory (admins only)."""
import secrets

from sqlalchemy import or_, select

from app.core.errors import NotAllowed, Refused
from app.core.transaction import use_case
from app.extensions import db
from app.geo import get_chamber
from app.mail.outbox import external_url, queue_mail
from app.models.business import Business
from app.models.user import STAFF_ROLES, Role, User, new_session_token
from app.services.accounts.users import create_account, make_reset_token
from app.services.businesses.profiles import update_business
from app.services.moderation import audit


def _ensure_admin(actor) -> None:
    """Raise NotAllowed unless the actor is an administrator."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_admin:
        raise NotAllowed("Action réservée aux administrateurs.")


def staff_page(actor, chamber_code: str | None = None, page: int = 1, per_page: int = 50):
    """Staff members and administrators, by chamber then e-mail."""
    _ensure_admin(actor)
    query = select(User).where(User.role.in_(STAFF_ROLES))
    chamber = get_chamber(chamber_code)
    if chamber:
        query = query.where(User.chamber_code == chamber.code)
    return db.paginate(query.order_by(User.chamber_code, User.email), page=page, per_page=per_page, error_out=False)


@use_case
def create_staff(actor, email: str, chamber_code: str, display_name: str = "") -> User:
    """Create a chamber staff account and e-mail its owner a link to choose a password."""
    _ensure_admin(actor)
    user = create_account(email=email, password=secrets.token_urlsafe(24), role=Role.STAFF,
                          chamber_code=chamber_code, display_name=display_name, confirmed=True)
    audit.record("staff.create", actor, "user", user.id, chamber_code=user.chamber_code,
                 details={"email": user.email, "role": Role.STAFF.value})
    queue_mail(user.email, "Votre compte de conseiller sur Passerelle", "moderation_staff_account", user=user,
               chamber=get_chamber(user.chamber_code),
               reset_url=external_url("auth.reset_password", token=make_reset_token(user)))
    return user


@use_case
def change_role(actor, user: User, role: str, chamber_code: str | None = None) -> User:
    """Make a staff member an administrator or the reverse (a staff member needs a chamber)."""
    _ensure_admin(actor)
    try:
        role = Role(role)
    except ValueError:
        raise Refused({"role": "Rôle inconnu."}) from None
    if role not in STAFF_ROLES:
        raise Refused({"role": "Choisissez « Conseiller de chambre » ou « Administrateur »."})
    if user.id == actor.id and role != Role.ADMIN:
        raise Refused({"role": "Vous ne pouvez pas retirer vos propres droits d’administrateur."})
    chamber = get_chamber(chamber_code or user.chamber_code)
    if role == Role.STAFF and chamber is None:
        raise Refused({"chamber": "Un conseiller doit être rattaché à une chambre."})
    before = {"role": user.role.value, "chamber": user.chamber_code}
    user.role = role
    user.chamber_code = chamber.code if role == Role.STAFF else None
    audit.record("staff.role", actor, "user", user.id, chamber_code=user.chamber_code or before["chamber"],
                 details={"before": before, "after": {"role": role.value, "chamber": user.chamber_code}})
    return user


@use_case
def change_chamber(actor, user: User, chamber_code: str) -> User:
    """Attach a staff member to another chamber."""
    _ensure_admin(actor)
    chamber = get_chamber(chamber_code)
    if chamber is None:
        raise Refused({"chamber": "Chambre inconnue."})
    if user.role != Role.STAFF:
        raise Refused({"chamber": "Seuls les conseillers sont rattachés à une chambre."})
    before = user.chamber_code
    user.chamber_code = chamber.code
    audit.record("staff.chamber", actor, "user", user.id, chamber_code=chamber.code,
                 details={"before": before, "after": chamber.code})
    return user


@use_case
def set_active(actor, user: User, active: bool) -> User:
    """Deactivate an account (its sessions end at once) or reactivate it."""
    _ensure_admin(actor)
    if user.id == actor.id and not active:
        raise Refused({"active": "Vous ne pouvez pas désactiver votre propre compte."})
    user.is_active_account = active
    if not active:
        user.session_token = new_session_token()
    audit.record("staff.reactivate" if active else "staff.deactivate", actor, "user", user.id,
                 chamber_code=user.chamber_code, details={"email": user.email})
    return user


def find_businesses(actor, q: str, limit: int = 30) -> list[Business]:
    """Businesses whose name contains the text or whose SIRET starts with it."""
    _ensure_admin(actor)
    q = (q or "").strip()
    if not q:
        return []
    digits = q.replace(" ", "")
    return list(db.session.scalars(select(Business).where(or_(Business.name.ilike(f"%{q}%"),
                                                              Business.siret.startswith(digits)))
                                   .order_by(Business.name).limit(limit)))


@use_case
def move_business(actor, business: Business, postcode: str, commune: str | None = None,
                  address_line: str | None = None) -> Business:
    """Move a business to its new address; its listings follow it to the new territory (and chamber)."""
    _ensure_admin(actor)
    before = {"postcode": business.postcode, "commune": business.commune_name, "departement": business.departement,
              "chamber": audit.chamber_code_of(business.departement)}
    fields = {"postcode": postcode, "commune": commune}
    if address_line is not None:
        fields["address_line"] = address_line
    update_business(business, actor, **fields)
    after = {"postcode": business.postcode, "commune": business.commune_name, "departement": business.departement,
             "chamber": audit.chamber_code_of(business.departement)}
    audit.record("business.move", actor, "business", business.id, chamber_code=after["chamber"],
                 details={"before": before, "after": after, "listings": len(business.listings)})
    return business
