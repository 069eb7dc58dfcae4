"""The vCard 4.0 of a business (RFC 6350): name, trades, public phone, page and website, commune (no street)."""
from app.core.urls import public_url


def _escape(value: str) -> str:
    """A property value with RFC 6350's escapes, on one line."""
    return (value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
            .replace("\r", "").replace("\n", "\\n"))


def vcard(business) -> str:
    """The card's text, CRLF line ends."""
    lines = ["BEGIN:VCARD", "VERSION:4.0", "KIND:org", f"FN:{_escape(business.name)}",
             f"ORG:{_escape(business.name)}"]
    if business.trade_labels:
        lines.append(f"TITLE:{_escape(', '.join(business.trade_labels))}")
    if business.public_phone:
        lines.append(f"TEL;TYPE=work;VALUE=uri:tel:{''.join(c for c in business.public_phone if c.isdigit() or c == '+')}")
    lines.append(f"ADR;TYPE=work:;;{_escape(business.address_line or '')};{_escape(business.commune_name)};;"
                 f"{business.postcode};France")
    lines.append(f"URL:{public_url('listings.business', slug=business.slug)}")
    if business.website:
        lines.append(f"URL;TYPE=work:{business.website}")
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"
