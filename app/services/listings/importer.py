"""Import listings from a JSON Lines file (CONTRACT.md): one listing per line, bad lines reported and skipped.

Decisions:
- A business unknown to Passerelle is created **without an owner** (owner_id NULL, "unclaimed"): chamber staff of its
  territory moderate its listings, no mail is sent, and an artisan can later be attached to it. A business that
  already has an owner keeps the profile its owner wrote: the import only attaches listings and sets `highlighted`.
- The import is the chamber's own trusted board: the status of the file (draft, submitted or published) is applied
  without review. A listing that Passerelle has since rejected, suspended, withdrawn, filled or closed keeps that status
  (its content is still updated). Re-importing a published line renews it.
- A published line keeps `published_at` from the file (Paris time when it has no offset), or the import time; it
  expires 60 days after the later of that date and the import, so that an old board is not expired at once.
- Each line is committed on its own: a bad line never undoes the good ones.
- `contact_email` (a listing) receives its applications and proposals while the business has no account;
  `business.email` and `business.phone` are kept private (claim proof). Invalid addresses reject the line.
"""
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from email_validator import EmailNotValidError, validate_email
from slugify import slugify
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.core.errors import Refused
from app.core.text import refuse_control_characters
from app.core.time import utcnow
from app.core.transaction import use_case
from app.extensions import db
from app.models.listing import LISTING_CLASSES, Listing
from app.models.listing_states import DECIDED_HERE, PUBLICATION_DAYS, SYSTEM, ListingStatus
from app.reference.trades import Commitment
from app.search import record_change as record_search_change
from app.services.businesses.profiles import business_by_siret, clean_siret, create_business, update_business
from app.services.conversations import routing
from app.services.listings.fields import FIELDS, clean_fields
from app.services.listings.lifecycle import apply_status

PARIS = ZoneInfo("Europe/Paris")
IMPORT_STATUSES = {"draft": ListingStatus.DRAFT, "submitted": ListingStatus.SUBMITTED,
                   "published": ListingStatus.PUBLISHED}
REQUIRED = ("type", "external_id", "title", "description", "business")
PHONE = re.compile(r"\+?[0-9][0-9 .()-]{5,28}")


class LineError(Refused):
    """A line that cannot be imported; the message is the reason printed after `line N:`."""


@dataclass
class ImportReport:
    """Counts and the `line N: reason` messages of one import."""

    imported: int = 0
    updated: int = 0
    rejected: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """The last line printed by the command (CONTRACT.md)."""
        return f"imported {self.imported}, updated {self.updated}, rejected {self.rejected}"


def import_file(path: str | Path, now: datetime | None = None) -> ImportReport:
    """Import a JSON Lines file; see import_lines."""
    with open(path, "rb") as handle:
        return import_lines(handle, now)


def import_lines(lines: Iterable[bytes | str], now: datetime | None = None) -> ImportReport:
    """Import each non-blank line, committing the good ones and reporting the others."""
    report = ImportReport()
    for number, raw in enumerate(lines, start=1):
        try:
            text = raw.decode("utf-8-sig" if number == 1 else "utf-8") if isinstance(raw, bytes) else raw
        except UnicodeDecodeError:
            _reject(report, number, "encodage invalide (UTF-8 attendu)")
            continue
        if not text.strip():
            continue
        try:
            created = _import_line(_parse(text), now or utcnow())
        except (LineError, Refused) as error:  # the line's transaction was rolled back
            _reject(report, number, _reason(error))
            continue
        except IntegrityError:  # a constraint the checks above missed, or a concurrent import
            _reject(report, number, "conflit avec une donnée existante (SIRET ou external_id)")
            continue
        if created:
            report.imported += 1
        else:
            report.updated += 1
    return report


def _reject(report: ImportReport, number: int, reason: str) -> None:
    """Count a rejected line and keep its message."""
    report.rejected += 1
    report.errors.append(f"line {number}: {reason}")


def _reason(error: Exception) -> str:
    """One-line French reason of an error."""
    if isinstance(error, Refused) and error.errors:
        return " ; ".join(message.rstrip(".") for message in error.errors.values())
    return str(error)


def _parse(text: str) -> dict:
    """Parse one JSON object and check the fields every line needs."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise LineError(f"JSON invalide (colonne {error.colno})") from None
    if not isinstance(data, dict):
        raise LineError("un objet JSON est attendu")
    for name in REQUIRED + (("trade",) if data.get("type") == "offer" else ()):
        if data.get(name) in (None, "", [], {}):
            raise LineError(f"champ obligatoire manquant : {name}")
    if data["type"] not in LISTING_CLASSES:
        raise LineError(f"type inconnu : « {data['type']} » (offer ou project attendu)")
    if not isinstance(data["external_id"], str) or len(data["external_id"].strip()) > 100:
        raise LineError("external_id : texte de 100 caractères au plus attendu")
    refuse_control_characters(data["external_id"], "external_id", "external_id")
    if not isinstance(data["business"], dict):
        raise LineError("business : objet JSON attendu")
    status = data.get("status") or "submitted"
    if status not in IMPORT_STATUSES:
        raise LineError(f"statut inconnu : « {status} » (draft, submitted ou published attendu)")
    return data


def _published_at(value) -> datetime | None:
    """The file's publication time as aware UTC (naive values are Paris time)."""
    if value in (None, ""):
        return None
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        raise LineError(f"published_at : date et heure invalides « {value} »") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=PARIS)
    return moment.astimezone(ZoneInfo("UTC"))


def _contact(data: dict) -> dict:
    """The business's known address and phone (never shown publicly), checked."""
    contact = {}
    email = data.get("email")
    if email not in (None, ""):
        try:
            contact["email"] = validate_email(str(email).strip(), check_deliverability=False).normalized
        except EmailNotValidError:
            raise LineError(f"business.email : adresse électronique invalide « {email} »") from None
    phone = data.get("phone")
    if phone not in (None, ""):
        phone = str(phone).strip()
        if not PHONE.fullmatch(phone):
            raise LineError(f"business.phone : numéro de téléphone invalide « {phone} »")
        contact["phone"] = phone
    return contact


def _business(data: dict):
    """Find the business by SIRET and update it, or create it without an owner."""
    try:
        siret = clean_siret(data.get("siret"))
    except Refused as error:
        raise LineError(f"business.siret : {_reason(error)}") from None
    labels = data.get("labels") or []
    if not isinstance(labels, list):
        raise LineError("business.labels : liste attendue")
    unknown = [str(label) for label in labels if Commitment.lookup(str(label)) is None]
    if unknown:
        raise LineError(f"business.labels : label inconnu « {unknown[0]} »")
    commitments = list(dict.fromkeys(Commitment.lookup(str(label)).value for label in labels))
    highlighted = data.get("highlighted")
    if highlighted is not None and not isinstance(highlighted, bool):
        raise LineError("business.highlighted : true ou false attendu")
    fields = {key: data[key] for key in ("address_line", "naf_code", "description", "website") if data.get(key)}
    contact = _contact(data)
    business = business_by_siret(siret)
    try:
        if business is None:
            for name in ("name", "postcode"):
                if not data.get(name):
                    raise LineError(f"champ obligatoire manquant : business.{name}")
            business = create_business(None, siret=siret, name=str(data["name"]), postcode=str(data["postcode"]),
                                       commune=data.get("commune"), commitments=commitments,
                                       highlighted=bool(highlighted), **fields)
            for key, value in contact.items():
                setattr(business, key, value)
            return business
        if business.owner_id is None:
            if data.get("name"):
                fields["name"] = str(data["name"])
            if data.get("postcode"):
                fields.update(postcode=str(data["postcode"]), commune=data.get("commune"))
            if "labels" in data:
                fields["commitments"] = commitments
            update_business(business, SYSTEM, **fields)
            for key, value in contact.items():
                setattr(business, key, value)
    except Refused as error:
        raise LineError(" ; ".join(f"business.{key} : {message.rstrip('.')}"
                                   for key, message in error.errors.items())) from None
    if highlighted is not None:
        business.highlighted = highlighted
    return business


@use_case
def _import_line(data: dict, now: datetime) -> bool:
    """Create or update one listing and its business; return True when the listing is new."""
    kind = data["type"]
    external_id = data["external_id"].strip()
    listing = db.session.scalar(select(Listing).filter_by(external_id=external_id))
    if listing is not None and listing.type != kind:
        raise LineError(f"external_id « {external_id} » déjà utilisé par une annonce d’un autre type "
                        f"({listing.type})")
    published_at = _published_at(data.get("published_at"))
    status = IMPORT_STATUSES[data.get("status") or "submitted"]
    fields = {key: data[key] for key in FIELDS[kind] if key in data}
    values = clean_fields(kind, fields, current=listing, require_diploma=False)
    business = _business(data["business"])
    created = listing is None
    if created:
        listing = LISTING_CLASSES[kind](external_id=external_id, status=ListingStatus.DRAFT, status_changed_at=now)
        db.session.add(listing)
    listing.business = business
    listing.departement = business.departement
    readdressed = not created and "contact_email" in values and values["contact_email"] != listing.contact_email
    for key, value in values.items():
        setattr(listing, key, value)
    listing.slug = slugify(listing.title, max_length=80) or kind
    if listing.status not in DECIDED_HERE:
        if listing.status != status:
            apply_status(listing, status, now)
        if status == ListingStatus.PUBLISHED:
            listing.published_at = published_at or listing.published_at or now
            listing.expires_at = max(listing.published_at, now) + timedelta(days=PUBLICATION_DAYS)
            listing.reminder_sent_at = None
    db.session.flush()
    if readdressed and business.owner_id is None:
        routing.readdress(listing)  # what the former address held goes to the new one, with new links
    record_search_change(listing)
    return created
