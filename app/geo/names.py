"""Folding of French place names for accent-, case- and spelling-insensitive comparison."""
import re
import unicodedata

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_ORDINAL = re.compile(r"^0*(\d+)(?:er|re|e|eme|ème|nd|nde)?$")
_TOKEN_REWRITES = {"saint": "st", "sainte": "ste", "saints": "sts", "saintes": "stes"}
_DROPPED_TOKENS = {"arrondissement", "arr", "cedex"}
_ARTICLES = ("l", "la", "le", "les")


def normalize_name(text: str | None) -> str:
    """Fold case and accents, and turn any run of punctuation (hyphens, apostrophes) into one space."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", stripped.lower()).strip()


def match_key(text: str | None) -> str:
    """Return the key under which two spellings of one commune name meet ("St-Étienne" = "saint etienne")."""
    tokens = []
    for token in normalize_name(text).split():
        if token in _DROPPED_TOKENS:
            continue
        ordinal = _ORDINAL.match(token)
        # "Lyon 3e arrondissement" (in any case), "Lyon 03" and "Lyon 3" must all meet.
        tokens.append(ordinal.group(1) if ordinal else _TOKEN_REWRITES.get(token, token))
    return " ".join(tokens)


def without_article(key: str) -> str:
    """Drop a leading French article from a folded name, so that "rochelle" finds "La Rochelle"."""
    head, _, rest = key.partition(" ")
    return rest if head in _ARTICLES and rest else key
