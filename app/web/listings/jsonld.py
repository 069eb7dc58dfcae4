"""schema.org JSON-LD of the public pages, escaped so that no text can close the <script> element."""
import json
import re

from markupsafe import Markup, escape

from app.core.urls import public_url
from app.geo import get_region
from app.reference.law import AGE_LIMITS, is_part_time, minimum_monthly_pay
from app.reference.trades import LEVEL_LABELS, Contract, Diploma, get_trade
from app.services.storefronts.hours import opening_hours_specification

# What an apprentice must already hold to prepare a diploma (educationRequirements means what is required before):
# diploma -> {level of the offer (None: any) -> (credentialCategory, level required, text)}. A diploma missing here
# (CAP, CTM, Bac pro: open after the troisième; Titre professionnel: depends on the title) gets no requirement.
_CAP = ("professional certificate", 3, "Titulaire d’un CAP du métier ou d’un diplôme de niveau 3 du même secteur")
_LEVEL_4 = ("professional certificate", 4, "Titulaire d’un diplôme de niveau 4 du métier (BP, BTM ou bac pro)")
PREREQUISITES = {
    Diploma.BP: {None: _CAP},
    Diploma.BTM: {None: _CAP},
    Diploma.BMA: {None: ("professional certificate", 3, "Titulaire d’un CAP ou d’un diplôme de niveau 3 du même "
                                                        "domaine des métiers d’art")},
    Diploma.BM: {None: _LEVEL_4},
    Diploma.BTMS: {None: ("professional certificate", 4, "Titulaire d’un BTM ou d’un diplôme de niveau 4 du métier")},
    Diploma.BTS: {None: ("high school", 4, "Titulaire d’un baccalauréat ou d’un diplôme de niveau 4")},
    Diploma.CS: {3: _CAP, 4: ("professional certificate", 4, "Titulaire d’un diplôme de niveau 4 du secteur "
                                                             "(bac pro, BP ou BTM)")},
}


def dumps(data: dict) -> Markup:
    """JSON safe inside <script type="application/ld+json">: <, > and & written as \\u escapes."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, code in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                       ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, code)
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


def education_requirements(offer) -> dict | None:
    """educationRequirements of an offer: the diploma an apprentice must already hold, when the law makes one usual."""
    by_level = PREREQUISITES.get(offer.diploma) or {}
    known = by_level.get(offer.level) or by_level.get(None)
    if known is None:
        return None
    category, level, text = known
    return {"@type": "EducationalOccupationalCredential", "credentialCategory": category, "name": text,
            "educationalLevel": LEVEL_LABELS[level]}


def base_salary(offer) -> dict:
    """baseSalary: today's legal monthly minimum of the first contract year for the youngest apprentice who may apply
    (Mayotte's SMIC for a business in 976)."""
    contract = offer.contract or Contract.APPRENTISSAGE
    youngest = AGE_LIMITS[Contract(contract)].value[0]
    amount = minimum_monthly_pay(youngest, 1, contract, departement=offer.business.departement)
    return {"@type": "MonetaryAmount", "currency": "EUR",
            "value": {"@type": "QuantitativeValue", "value": float(amount), "unitText": "MONTH"}}


def html_description(offer) -> str:
    """The offer's text as escaped HTML (a paragraph per blank-line block, <br> per line), then the diploma."""
    blocks = (block.strip() for block in re.split(r"\n\s*\n", (offer.description or "").replace("\r\n", "\n")))
    html = "".join(f"<p>{'<br>'.join(escape(line) for line in block.splitlines())}</p>" for block in blocks if block)
    if offer.diploma is not None:
        level = f" ({LEVEL_LABELS[offer.level].split(' (')[0].lower()})" if offer.level in LEVEL_LABELS else ""
        html += f"<p>Diplôme préparé en alternance : {escape(offer.diploma.label)}{level}.</p>"
    return html


def job_posting(offer) -> dict:
    """schema.org JobPosting of a published offer."""
    business = offer.business
    # An apprentice is a full-time employee (L6222-24): part time only for an offer adapted to RQTH.
    employment = ("PART_TIME" if is_part_time(offer.contract, offer.weekly_hours, bool(offer.disability_friendly))
                  else "FULL_TIME")
    trade = get_trade(offer.trade)
    data = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": offer.title,
        "description": html_description(offer),
        "identifier": {"@type": "PropertyValue", "name": "Passerelle", "value": str(offer.id)},
        "url": public_url("listings.offer", listing_id=offer.id, slug=offer.slug),
        "datePosted": _iso(offer.published_at),
        "validThrough": _iso(offer.expires_at),
        "employmentType": employment,
        "hiringOrganization": organization(business),
        "jobLocation": {"@type": "Place", "address": postal_address(business)},
        "educationRequirements": education_requirements(offer),
        "baseSalary": base_salary(offer),
        "occupationalCategory": f"{trade.rome} {trade.label}" if trade else None,
        "jobStartDate": _iso(offer.start_date),
        "totalJobOpenings": offer.positions,
        "directApply": True,  # the application form is on the offer's page
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


def business_type(business) -> str:
    """The schema.org type of a business: its first trade's LocalBusiness subtype, LocalBusiness otherwise."""
    trade = next(filter(None, map(get_trade, business.trades or [])), None)
    return trade.schema_type if trade else "LocalBusiness"


def local_business(business) -> dict:
    """schema.org LocalBusiness (or the subtype of its trade) of a business page."""
    page = public_url("listings.business", slug=business.slug)
    same_as = [url for url in [business.website, *(business.social_links or {}).values()] if url]
    data = {
        "@context": "https://schema.org",
        "@type": business_type(business),
        "name": business.name,
        "url": page,
        "address": postal_address(business),
        "description": business.description or None,
        "sameAs": same_as or None,
        "image": [public_url("listings.image", name=name) for name in
                  ([business.logo_path] if business.logo_path else []) + [p.image_name for p in business.photos]]
        or None,
        "identifier": {"@type": "PropertyValue", "propertyID": "SIRET", "value": business.siret},
        "telephone": business.public_phone or None,
        "openingHoursSpecification": opening_hours_specification(business) or None,
        "areaServed": business.areas_served or None,
    }
    if business.lat is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": business.lat, "longitude": business.lon}
    return {key: value for key, value in data.items() if value is not None}
