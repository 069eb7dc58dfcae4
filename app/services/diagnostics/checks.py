"""Shared checks of the diagnostic's texts and the message of a refused length."""
from app.core.errors import Refused
from app.core.text import has_control_characters


def clean_text(value: str | None, field: str, limit: int, *, required: bool = False, multi_line: bool = True,
               missing: str = "Ce champ est à remplir.") -> str:
    """The text stripped; Refused when missing (if required), longer than `limit` or holding control characters."""
    text = (value or "").strip()
    if required and not text:
        raise Refused({field: missing})
    if len(text) > limit:
        raise Refused({field: f"{limit:,} caractères au plus.".replace(",", "\u202f")})
    if has_control_characters(text, multi_line=multi_line):
        raise Refused({field: "Ce texte contient des caractères non autorisés."})
    return text
