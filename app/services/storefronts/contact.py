"""A visitor writes to a business from its page: the message goes by e-mail, the business's address stays hidden."""
import re

from email_validator import EmailNotValidError, validate_email

from app.core.errors import Refused
from app.core.text import refuse_control_characters
from app.core.transaction import use_case
from app.mail.outbox import external_url, queue_mail
from app.models.business import Business

MIN_MESSAGE, MAX_MESSAGE = 20, 3000
# Anonymous messages carry no link: the easiest spam and phishing to refuse outright.
_LINK = re.compile(r"https?://|www\.|\b[\w-]+\.(?:com|fr|net|org|io|ru|xyz|info|biz)\b", re.IGNORECASE)


def contact_address(business: Business) -> str | None:
    """Where a visitor's message goes: the owner's account while it can sign in, else the business's known address."""
    owner = business.owner
    if owner is not None and owner.is_active_account and owner.deleted_at is None:
        return owner.email
    return business.email or None


def can_be_contacted(business: Business) -> bool:
    """True when a visitor's message would reach someone."""
    return contact_address(business) is not None


def _clean(name: str | None, email: str | None, message: str | None) -> tuple[str, str, str]:
    """The sender's name, address and message, checked; every refusal at once."""
    errors = {}
    name, message = (name or "").strip(), (message or "").replace("\r\n", "\n").strip()
    for value, field, label, multi in ((name, "name", "Votre nom", False), (message, "message", "Message", True)):
        try:
            refuse_control_characters(value, field, label, multi)
        except Refused as error:
            errors.update(error.errors)
    if not name or len(name) > 120:
        errors.setdefault("name", "Indiquez votre nom (120 caractères au plus).")
    try:
        email = validate_email((email or "").strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        errors["email"] = "Indiquez une adresse électronique valide, par exemple nom@exemple.fr : la réponse y sera envoyée."
    if not MIN_MESSAGE <= len(message) <= MAX_MESSAGE:
        errors.setdefault("message", f"Écrivez votre message : {MIN_MESSAGE} à {MAX_MESSAGE} caractères.")
    elif _LINK.search(message) or _LINK.search(name):
        errors["message"] = "Retirez les liens et adresses web : ce formulaire n’en transmet pas."
    if errors:
        raise Refused(errors)
    return name, email, message


@use_case
def send_message(business: Business, *, name: str | None, email: str | None, message: str | None) -> str:
    """Queue the visitor's message to the business; return the (hidden) address it goes to.

    :raise Refused: a wrong field, or a business nobody would read the message for.
    """
    name, email, message = _clean(name, email, message)
    to = contact_address(business)
    if to is None:
        raise Refused("Cette entreprise ne peut pas encore recevoir de message sur Passerelle.")
    queue_mail(to, f"Message d’un visiteur de votre page Passerelle : {name}", "storefront_contact",
               headers={"Reply-To": email}, business=business, sender_name=name, sender_email=email,
               message=message, page_url=external_url("listings.business", slug=business.slug))
    return to
