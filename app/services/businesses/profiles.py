"""Businesses: create and update profiles (SIRET, commune, links, commitments), territory checks, verification."""
from collections.abc import Iterable
from datetime import date
from urllib.parse import urlsplit

from slugify import slugify
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.fr import siret as stdnum_siret

from app.core.errors import NotAllowed, Refused
from app.core.text import refuse_control_characters
from app.core.time import utcnow
from app.core.transaction import use_case
from app.extensions import db
from app.geo import communes_for_postcode, find_commune
from app.models.business import SOCIAL_NETWORKS, Business
from app.models.listing_states import SYSTEM
from app.models.user import Permission
from app.reference.trades import TRADES, Commitment
from app.search import record_change as record_search_change
from app.services.access import can_manage, covers
from app.services.moderation import audit

# Fields an owner may change with update_business (SIRET and slug are stable identifiers).
BUSINESS_FIELDS = ("name", "naf_code", "trades", "address_line", "postcode", "commune", "description", "website",
                   "social_links", "commitments", "logo_path")
# A known SIRET: the artisan claims the business instead (the form links to the claim page).
MSG_SIRET_KNOWN = "Une entreprise est déjà enregistrée avec ce numéro SIRET : si c’est la vôtre, revendiquez-la."


def clean_siret(value: str | None) -> str:
    """Return the 14-digit SIRET, or raise Refused with a French message."""
    if not (value or "").strip():
        raise Refused({"siret": "Indiquez le numéro SIRET de l’établissement (14 chiffres)."})
    try:
        return stdnum_siret.validate(value or "")
    except InvalidLength:
        message = "Le numéro SIRET doit comporter 14 chiffres."
    except InvalidFormat:
        message = "Le numéro SIRET ne doit contenir que des chiffres."
    except InvalidChecksum:
        message = ("Ce numéro SIRET n’est pas valide : vérifiez-le sur votre extrait Kbis ou votre avis de "
                   "situation INSEE.")
    raise Refused({"siret": message})


def clean_url(value: str | None, field: str = "website") -> str | None:
    """Return a stripped http(s) URL or None when empty; refuse any other scheme."""
    value = (value or "").strip()
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in value or len(value) > 300:
        raise Refused({field: "Indiquez une adresse web complète commençant par http:// ou https://."})
    return value


def locate(postcode: str | None, commune: str | None = None):
    """Return the commune of a postcode (by name, or the most populous), or raise Refused."""
    postcode = (postcode or "").strip()
    if not postcode.isdigit() or len(postcode) != 5 or not communes_for_postcode(postcode):
        raise Refused({"postcode": f"Code postal inconnu : « {postcode} »."})
    found = find_commune(postcode, commune or None)
    if found is None:
        raise Refused({"commune": f"La commune « {commune} » ne correspond pas au code postal {postcode}."})
    return found


def _clean_slugs(values: Iterable[str] | None, allowed: Iterable[str], field: str, what: str) -> list[str]:
    """Deduplicate a list of slugs, refusing unknown ones."""
    allowed = set(allowed)
    values = list(dict.fromkeys(v.strip() for v in values or [] if v and v.strip()))
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise Refused({field: f"{what} inconnu : « {unknown[0]} »."})
    return values


def _clean(fields: dict) -> dict:
    """Validate profile fields; return the model values (commune resolved into its geography columns)."""
    errors: dict[str, str] = {}
    values: dict = {}
    for key, check in (
        ("name", lambda v: _line(v, "name", "Nom de l’entreprise")[:200]
         or _fail("name", "Indiquez le nom de l’entreprise.")),
        ("naf_code", lambda v: _line(v, "naf_code", "Code NAF").upper().replace(".", "")[:6] or None),
        ("address_line", lambda v: _line(v, "address_line", "Adresse")[:200]),
        ("description", lambda v: _line(v, "description", "Présentation", multi_line=True)),
        ("logo_path", lambda v: v or None),
        ("website", lambda v: clean_url(v, "website")),
        ("social_links", _clean_social),
        ("trades", lambda v: _clean_slugs(v, [t.code for t in TRADES], "trades", "Métier")),
        ("commitments", lambda v: _clean_slugs(v, [c.value for c in Commitment], "commitments", "Engagement")),
    ):
        if key in fields:
            try:
                values[key] = check(fields[key])
            except Refused as error:
                errors.update(error.errors)
    if "postcode" in fields or "commune" in fields:
        try:
            found = locate(fields.get("postcode"), fields.get("commune"))
            values.update(postcode=fields["postcode"].strip(), commune_insee=found.insee, commune_name=found.name,
                          departement=found.departement, region=found.region, lat=found.lat, lon=found.lon)
        except Refused as error:
            errors.update(error.errors)
    if errors:
        raise Refused(errors)
    return values


def _line(value: str | None, field: str, label: str, multi_line: bool = False) -> str:
    """A stripped text, refused when it holds control characters (line breaks too, unless multi_line)."""
    value = (value or "").strip()
    refuse_control_characters(value, field, label, multi_line)
    return value


def _fail(field: str, message: str):
    """Raise a one-field Refused (usable inside a lambda)."""
    raise Refused({field: message})


def _clean_social(links: dict | None) -> dict[str, str]:
    """Keep known networks with a valid http(s) URL."""
    cleaned = {}
    for network, url in (links or {}).items():
        if network not in SOCIAL_NETWORKS:
            raise Refused({"social_links": f"Réseau social inconnu : « {network} »."})
        url = clean_url(url, f"social_{network}")
        if url:
            cleaned[network] = url
    return cleaned


def _unique_slug(name: str, commune_name: str) -> str:
    """A slug made of the name and the commune, suffixed with a number when already taken."""
    base = slugify(f"{name} {commune_name}", max_length=200) or "entreprise"
    slug, n = base, 1
    while db.session.scalar(select(Business.id).filter_by(slug=slug)) is not None:
        n += 1
        slug = f"{base}-{n}"
    return slug


def business_by_siret(siret: str) -> Business | None:
    """The business registered with this SIRET, or None."""
    return db.session.scalar(select(Business).filter_by(siret=siret))


@use_case
def create_business(owner, *, siret: str, name: str, postcode: str, commune: str | None = None,
                    **fields) -> Business:
    """Create a business; `owner` must be an artisan (None only for imports); raises Refused."""
    if owner is not None and not owner.can(Permission.MANAGE_BUSINESS):
        raise NotAllowed("Seuls les comptes artisan peuvent créer une entreprise.")
    unknown = set(fields) - set(BUSINESS_FIELDS) - {"highlighted", "highlighted_until"}
    if unknown:
        raise TypeError(f"unknown business fields: {sorted(unknown)}")
    errors: dict[str, str] = {}
    try:
        siret = clean_siret(siret)
        if business_by_siret(siret) is not None:
            errors["siret"] = MSG_SIRET_KNOWN
    except Refused as error:
        errors.update(error.errors)
    try:
        values = _clean({**fields, "name": name, "postcode": postcode, "commune": commune})
    except Refused as error:
        errors.update(error.errors)
    if errors:
        raise Refused(errors)
    business = Business(owner=owner, siret=siret, slug=_unique_slug(values["name"], values["commune_name"]),
                        highlighted=bool(fields.get("highlighted", False)),
                        highlighted_until=fields.get("highlighted_until"), **values)
    db.session.add(business)
    _flush_or_duplicate()
    return business


@use_case
def update_business(business: Business, actor, **fields) -> Business:
    """Change a business profile (owner, admin or SYSTEM for the import); a new commune moves its listings."""
    if actor is not SYSTEM and not can_manage(actor, business):
        raise NotAllowed()
    unknown = set(fields) - set(BUSINESS_FIELDS)
    if unknown:
        raise TypeError(f"unknown business fields: {sorted(unknown)}")
    if "commune" in fields and "postcode" not in fields:
        fields["postcode"] = business.postcode
    values = _clean(fields)
    for key, value in values.items():
        setattr(business, key, value)
    if "departement" in values or "name" in values:  # both are in the listings' search documents
        for listing in business.listings:
            listing.departement = business.departement
            record_search_change(listing)
    _flush_or_duplicate()
    return business


def _flush_or_duplicate() -> None:
    """Flush; a concurrent registration of the same SIRET becomes a French validation error."""
    try:
        db.session.flush()
    except IntegrityError as error:
        raise Refused({"siret": MSG_SIRET_KNOWN}) from error


@use_case
def verify_business(business: Business, actor, details: dict | None = None) -> Business:
    """Mark a business as checked by staff of its territory (or an admin)."""
    if not covers(actor, business.departement):
        raise NotAllowed("Seuls les conseillers de la chambre du territoire peuvent vérifier cette entreprise.")
    business.verified_at, business.verified_by = utcnow(), actor
    audit.record("business.verify", actor, "business", business.id,
                 chamber_code=audit.chamber_code_of(business.departement), details={"siret": business.siret,
                                                                                     **(details or {})})
    return business


@use_case
def set_highlight(business: Business, actor, highlighted: bool, until: date | None = None,
                  commitments: Iterable[str] = (), message: str | None = None) -> Business:
    """Highlight (or stop highlighting) a business for its commitments; staff of its territory or admin."""
    if not covers(actor, business.departement):
        raise NotAllowed("Seuls les conseillers de la chambre du territoire peuvent mettre en avant "
                               "cette entreprise.")
    business.highlighted = highlighted
    business.highlighted_until = until if highlighted else None
    business.highlighted_commitments = _clean_slugs(commitments, [c.value for c in Commitment],
                                                    "highlighted_commitments", "Engagement") if highlighted else []
    for listing in business.listings:
        record_search_change(listing)
    audit.record("business.highlight" if highlighted else "business.unhighlight", actor, "business", business.id,
                 chamber_code=audit.chamber_code_of(business.departement), message=message,
                 details={"until": until.isoformat() if highlighted and until else None,
                          "commitments": list(business.highlighted_commitments)})
    return business


def businesses_of(user) -> list[Business]:
    """The businesses a user owns, by name."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(db.session.scalars(select(Business).filter_by(owner_id=user.id).order_by(Business.name)))
