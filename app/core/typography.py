"""French typography of rendered HTML: non-breaking spaces and apostrophes in text, never in tags, scripts or code."""
from __future__ import annotations

import re

from markupsafe import Markup

NBSP = "\u00a0"
# Comments and tags are copied as they are: attributes, URLs and inline scripts are never touched.
_MARKUP = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
# Elements whose text is code, raw text or what a visitor typed: left exactly as they are.
_VERBATIM = ("script", "style", "pre", "code", "kbd", "samp", "textarea")
_VERBATIM_TAG = re.compile(r"<(/?)(" + "|".join(_VERBATIM) + r")\b", re.I)
_LETTER = r"[^\W\d_]"
_APOSTROPHE = re.compile(rf"(?<={_LETTER})(?:'|&#39;|&#x27;|&apos;)(?={_LETTER})")
# Before ; ! ? and : (not in "10:30", "https://" or "&amp;": a space must precede them).
_BEFORE_PUNCTUATION = re.compile(r"[ \t]+(?=[:;!?»])")
_AFTER_GUILLEMET = re.compile(r"«[ \t]*")
_BEFORE_GUILLEMET = re.compile(r"(?<=[^\s>])»")
_UNITS = ("km/h", "km²", "km", "m²", "m", "cm", "mm", "kg", "g", "€", "%", "°C", "h", "min", "Mo", "Ko", "Go",
          "ans", "an", "mois", "jours", "jour", "semaines", "semaine", "heures", "heure", "minutes", "minute",
          "salariés", "salarié", "places", "place", "postes", "poste", "e-mails", "caractères")
_NUMBER_UNIT = re.compile(r"(?<=\d)[ \t]+(?=(?:" + "|".join(re.escape(unit) for unit in _UNITS) + r")(?!\w))")
_TIME = re.compile(r"\b(\d{1,2})[ \t]h[ \t](\d{2})\b")
_NUMERO = re.compile(r"\b([Nn]°)[ \t]+(?=\d)")
# A run without any of these characters is left as it is by every rule above (most runs are blanks between tags).
_MAY_CHANGE = re.compile(r"['&\d«»:;!?]")


def french_text(text: str) -> str:
    """French typography of one run of (escaped) text: « 20 h 24 », « 2 km », « Lieu : », « l’atelier »."""
    text = _APOSTROPHE.sub("’", text)
    text = _TIME.sub(rf"\1{NBSP}h{NBSP}\2", text)
    text = _NUMBER_UNIT.sub(NBSP, text)
    text = _NUMERO.sub(rf"\1{NBSP}", text)
    text = _AFTER_GUILLEMET.sub("«" + NBSP, text)
    text = _BEFORE_PUNCTUATION.sub(NBSP, text)
    return _BEFORE_GUILLEMET.sub(NBSP + "»", text)


def typographie(html: str) -> Markup:
    """The layout's filter: French typography in the text of an HTML page, tags and verbatim elements untouched."""
    pieces = _MARKUP.split(str(html))
    verbatim = 0
    for index, piece in enumerate(pieces):
        if index % 2:  # a tag or a comment
            tag = _VERBATIM_TAG.match(piece)
            if tag and not piece.endswith("/>"):
                verbatim = max(0, verbatim - 1) if tag.group(1) else verbatim + 1
        elif piece and not verbatim and _MAY_CHANGE.search(piece):
            pieces[index] = french_text(piece)
    return Markup("".join(pieces))
