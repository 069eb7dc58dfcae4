"""schema.org JSON-LD of the public pages, escaped so that no text can close the <script> element."""
import json

from markupsafe import Markup

from app.core.urls import public_url
from app.geo import get_region
from app.reference.trades import LEVEL_LABELS, Diploma, get_trade

# Google's credentialCategory vocabulary, by diploma (a titre professionnel depends on its level).
CREDENTIALS = {Diploma.BAC_PRO: "high school", Diploma.BTS: "associate degree"}
CREDENTIALS_BY_LEVEL = {6: "bachelor degree", 7: "postgraduate degree"}


def dumps(data: dict) -> Markup:
    """JSON safe inside <script type="application/ld+json">: <, > and & written as \\u escapes."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return Markup(text)


def _iso(value) -> str | None:
    """ISO 8601 text of a date or datetime."""
    return value.isoformat() if value else None


def postal_address(business) -> dict:
    """A schema.org PostalAddress."""
    region = get_region(business.region)
    address = {"@type": "PostalAddress", "streetAddress": business.address_line or None,
               "addressLocality": business.commune_name, "postalCode": business.postcode,
               "addressRegion": region.name if region else None, "addressCountry": "FR"}
    return {key: value for key, value in address.items() if value}


def organization(business) -> dict:
    """The business as the hiring or project organisation."""
    page = public_url("listings.business", slug=business.slug)
    data = {"@type": "Organization", "name": business.name, "url": page, "sameAs": business.website or page}
    if business.logo_path:
        data["logo"] = public_url("listings.image", name=business.logo_path)
    return data


def _credential(offer) -> dict | None:
    """educationRequirements of an offer: the diploma prepared and its level."""
    if offer.diploma is None:
        return None
    category = CREDENTIALS_BY_LEVEL.get(offer.level) or CREDENTIALS.get(offer.diploma, "professional certificate")
    data = {"@type": "EducationalOccupationalCredential", "credentialCategory": category,
            "name": offer.diploma.label}
    if offer.level:
        data["educationalLevel"] = LEVEL_LABELS.get(offer.level)
    return data


def job_posting(offer) -> dict:
    """schema.org JobPosting of a published offer."""
    business = offer.business
    # An apprentice is a salaried employee, not an intern: full time unless the offer says fewer than 35 hours.
    employment = "PART_TIME" if offer.weekly_hours and offer.weekly_hours < 35 else "FULL_TIME"
    trade = get_trade(offer.trade)
    data = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": offer.title,
        "description": offer.description,
        "identifier": {"@type": "PropertyValue", "name": "Passerelle", "value": str(offer.id)},
        "url": public_url("listings.offer", listing_id=offer.id, slug=offer.slug),
        "datePosted": _iso(offer.published_at),
        "validThrough": _iso(offer.expires_at),
        "employmentType": employment,
        "hiringOrganization": organization(business),
        "jobLocation": {"@type": "Place", "address": postal_address(business)},
        "educationRequirements": _credential(offer),
        "occupationalCategory": f"{trade.rome} {trade.label}" if trade else None,
        "jobStartDate": _iso(offer.start_date),
        "totalJobOpenings": offer.positions,
        "directApply": False,
    }
    if business.lat is not None:
        data["jobLocation"]["geo"] = {"@type": "GeoCoordinates", "latitude": business.lat, "longitude": business.lon}
    return {key: value for key, value in data.items() if value is not None}


def project(listing) -> dict:
    """schema.org Project of a published innovation project."""
    data = {
        "@context": "https://schema.org",
        "@type": "Project",
        "name": listing.title,
        "description": listing.summary or listing.description,
        "url": public_url("listings.project", listing_id=listing.id, slug=listing.slug),
        "parentOrganization": organization(listing.business),
        "location": {"@type": "Place", "name": listing.location or listing.business.commune_name,
                     "address": postal_address(listing.business)},
    }
    return data


def local_business(business) -> dict:
    """schema.org LocalBusiness of a business page."""
    page = public_url("listings.business", slug=business.slug)
    same_as = [url for url in [business.website, *(business.social_links or {}).values()] if url]
    data = {
        "@context": "https://schema.org",
        "@type": "LocalBusiness",
        "name": business.name,
        "url": page,
        "address": postal_address(business),
        "description": business.description or None,
        "sameAs": same_as or None,
        "image": public_url("listings.image", name=business.logo_path) if business.logo_path else None,
        "identifier": {"@type": "PropertyValue", "propertyID": "SIRET", "value": business.siret},
    }
    if business.lat is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": business.lat, "longitude": business.lon}
    return {key: value for key, value in data.items() if value is not None}
