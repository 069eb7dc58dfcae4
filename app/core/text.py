"""Text rules: folding for lookups (search has its own analyser) and the one rule on control characters."""
import re
import unicodedata

from app.core.errors import Refused

# What XML 1.0 cannot carry, a mail header must not hold and HTML forbids (a page title shows it as garbage): the C0
# controls (tab, line feed and carriage return aside), DEL and the C1 controls, lone surrogates and the non-characters.
_NON_CHARACTERS = "\ufdd0-\ufdef" + "".join(chr(plane + 0xFFFE) + chr(plane + 0xFFFF)
                                            for plane in range(0, 0x110000, 0x10000))
_FORBIDDEN = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff" + _NON_CHARACTERS
_MULTI_LINE = re.compile(f"[{_FORBIDDEN}]")
_SINGLE_LINE = re.compile(f"[{_FORBIDDEN}\n\r]")
MESSAGES = {False: "{label} : les retours à la ligne et les caractères de contrôle (invisibles) ne sont pas acceptés.",
            True: "{label} : les caractères de contrôle (invisibles) ne sont pas acceptés."}


def fold(text: str | None) -> str:
    """Fold case, accents and apostrophe variants so that "ebeniste" meets "Ébéniste"; spaces are collapsed."""
    if not text:
        return ""
    text = text.replace("’", "'").replace("œ", "oe").replace("Œ", "OE")
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().split())


def has_control_characters(text: str | None, multi_line: bool = False) -> bool:
    """True when the text holds a forbidden character (tab always allowed, line breaks only in multi_line)."""
    return bool(text) and (_MULTI_LINE if multi_line else _SINGLE_LINE).search(text) is not None


def strip_control_characters(text: str | None, multi_line: bool = False, replacement: str = "") -> str:
    """The text without its forbidden characters (each replaced by `replacement`), for output and queries."""
    return (_MULTI_LINE if multi_line else _SINGLE_LINE).sub(replacement, text or "")


def refuse_control_characters(text: str | None, field: str, label: str, multi_line: bool = False) -> None:
    """Raise Refused with the field's French message when the text holds a forbidden character."""
    if has_control_characters(text, multi_line):
        raise Refused({field: MESSAGES[multi_line].format(label=label)})
