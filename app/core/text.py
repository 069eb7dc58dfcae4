"""Text folding for lookups: case, accents, ligatures and apostrophe variants (search has its own analyser)."""
import unicodedata


def fold(text: str | None) -> str:
    """Fold case, accents and apostrophe variants so that "ebeniste" meets "Ébéniste"; spaces are collapsed."""
    if not text:
        return ""
    text = text.replace("’", "'").replace("œ", "oe").replace("Œ", "OE")
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().split())
