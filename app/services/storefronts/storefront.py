"""Editing a storefront: public phone, offerings, areas served, links, weekly hours, closures and photos."""
import re
from datetime import date, timedelta
from functools import partial

from app.core.errors import NotFound, Refused
from app.core.text import refuse_control_characters
from app.core.transaction import after_commit, use_case
from app.extensions import db
from app.files import images
from app.models.business import Business
from app.models.storefront import MAX_PHOTOS, BusinessClosure, BusinessPhoto
from app.services.businesses.profiles import clean_url
from app.services.storefronts.hours import parse_day

LINK_FIELDS = ("shop_url", "booking_url", "reviews_url")
MAX_TEXT = 2000
MAX_CLOSURE_DAYS = 366
_PHONE = re.compile(r"^(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}$|^\+\d[\d\s.-]{6,18}$")


def clean_phone(value: str | None) -> str | None:
    """A French (0X XX XX XX XX, +33) or international phone number, or None when empty.

    :raise Refused: anything else, on the `public_phone` field.
    """
    value = (value or "").strip()
    if not value:
        return None
    if not _PHONE.match(value):
        raise Refused("Indiquez un numéro de téléphone, par exemple 01 23 45 67 89 ou +33 1 23 45 67 89.",
                      "public_phone")
    return value


def _text(value: str | None, field: str, label: str) -> str:
    """A stripped multi-line text of at most MAX_TEXT characters."""
    value = (value or "").replace("\r\n", "\n").strip()
    refuse_control_characters(value, field, label, True)
    if len(value) > MAX_TEXT:
        raise Refused(f"{MAX_TEXT} caractères au plus.", field)
    return value


def clean_storefront(fields: dict) -> dict:
    """The storefront's values checked and cleaned, every refusal at once.

    :raise Refused: one message per wrong field (`hours_0` … `hours_6` for the days).
    """
    errors, values = {}, {}
    checks = {"public_phone": lambda: clean_phone(fields.get("public_phone")),
              "offerings": lambda: _text(fields.get("offerings"), "offerings", "Produits et services"),
              "areas_served": lambda: _text(fields.get("areas_served"), "areas_served", "Zone d’intervention")}
    for name in LINK_FIELDS:
        checks[name] = lambda name=name: clean_url(fields.get(name), name)
    for name, check in checks.items():
        try:
            values[name] = check()
        except Refused as error:
            errors.update(error.errors)
    hours = {}
    for i in range(7):
        try:
            ranges = parse_day(fields.get(f"hours_{i}"), f"hours_{i}")
        except Refused as error:
            errors.update(error.errors)
        else:
            if ranges:
                hours[str(i)] = ranges
    if errors:
        raise Refused(errors)
    values["opening_hours"] = hours
    return values


@use_case
def save_storefront(business: Business, fields: dict) -> Business:
    """Save the storefront of a business the caller may manage (checked by the view's loader)."""
    for name, value in clean_storefront(fields).items():
        setattr(business, name, value)
    return business


@use_case
def add_photo(business: Business, upload, alt: str | None) -> BusinessPhoto:
    """Check, re-encode and add a photo with its text alternative.

    :raise Refused: no alternative text, too many photos, or a file that is not an image.
    """
    alt = (alt or "").strip()
    refuse_control_characters(alt, "alt", "Description de la photo", False)
    if not alt:
        raise Refused("Décrivez la photo en quelques mots pour les personnes qui ne la voient pas.", "alt")
    if len(alt) > 200:
        raise Refused("200 caractères au plus.", "alt")
    if len(business.photos) >= MAX_PHOTOS:
        raise Refused(f"{MAX_PHOTOS} photos au plus : retirez-en une avant d’en ajouter.", "photo")
    if upload is None or not getattr(upload, "filename", ""):
        raise Refused("Choisissez une photo.", "photo")
    try:
        name = images.save_image(upload.stream, max_side=1200)
    except images.ImageError as error:
        raise Refused(error.message, "photo") from None
    photo = BusinessPhoto(business=business, image_name=name, alt=alt)
    db.session.add(photo)
    db.session.flush()
    return photo


@use_case
def remove_photo(business: Business, photo_id: int) -> None:
    """Remove one photo of the business (404 for another business's)."""
    photo = db.session.get(BusinessPhoto, photo_id)
    if photo is None or photo.business_id != business.id:
        raise NotFound()
    name = photo.image_name
    db.session.delete(photo)
    db.session.flush()
    after_commit(partial(images.delete_image, name))


@use_case
def add_closure(business: Business, starts_on: date | None, ends_on: date | None, reason: str | None,
                today: date) -> BusinessClosure:
    """Add an exceptional closure (both days included) that has not already ended.

    :raise Refused: missing or inverted dates, a past closure, or one longer than a year.
    """
    reason = (reason or "").strip()
    refuse_control_characters(reason, "reason", "Motif", False)
    if starts_on is None:
        raise Refused("Indiquez le premier jour de fermeture.", "starts_on")
    ends_on = ends_on or starts_on
    if ends_on < starts_on:
        raise Refused("Le dernier jour vient après le premier.", "ends_on")
    if ends_on < today:
        raise Refused("Cette fermeture est déjà passée.", "ends_on")
    if ends_on - starts_on > timedelta(days=MAX_CLOSURE_DAYS):
        raise Refused("Une fermeture exceptionnelle dure un an au plus.", "ends_on")
    closure = BusinessClosure(business=business, starts_on=starts_on, ends_on=ends_on, reason=reason[:200])
    db.session.add(closure)
    db.session.flush()
    return closure


@use_case
def remove_closure(business: Business, closure_id: int) -> None:
    """Remove one closure of the business (404 for another business's)."""
    closure = db.session.get(BusinessClosure, closure_id)
    if closure is None or closure.business_id != business.id:
        raise NotFound()
    db.session.delete(closure)


def coming_closures(business: Business, today: date) -> list[BusinessClosure]:
    """Closures not yet over, soonest first."""
    return [closure for closure in business.closures if closure.ends_on >= today]
