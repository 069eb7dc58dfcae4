"""Spelling suggestions ("Vouliez-vous dire …") from the words of the index, and highlighted snippets."""
from __future__ import annotations

import html
from collections.abc import Set
from typing import Any

from whoosh import highlight

from .analysis import analyze, fold, marking_tokens
from .schema import ACCENTS_FIELD, SPELL_FIELD, TEXT_FIELDS
from .userquery import ParsedQuery

MIN_WORD_LENGTH = 3
MAX_WORDS = 16  # a pasted paragraph must not cost one corrector run per word
SNIPPET_CHARS = 200


def osa_distance(a: str, b: str) -> int:
    """Edit distance counting a swap of two neighbouring letters as one edit ("boulangre" -> "boulanger")."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def is_known(reader: Any, word: str) -> bool:
    """Whether a word (or only stop words) reaches some term of the text fields."""
    return all(any(reader.doc_frequency(name, term) for name in TEXT_FIELDS) for term in analyze(word))


def with_accents(reader: Any, folded: str) -> str:
    """The most frequent accented spelling of a folded indexed word ("patissier" -> "pâtissier")."""
    forms = [term.decode("utf-8") for term in reader.expand_prefix(ACCENTS_FIELD, folded + "=")]
    if not forms:
        return folded
    best = max(forms, key=lambda form: reader.frequency(ACCENTS_FIELD, form))
    return best.split("=", 1)[1]


def best_correction(searcher: Any, word: str) -> str | None:
    """The closest frequent indexed word for a misspelt word, with its accents, or None."""
    folded = fold(word)
    maxdist = 1 if len(folded) <= 4 else 2
    reader = searcher.reader()
    candidates = searcher.corrector(SPELL_FIELD).suggest(folded, limit=20, maxdist=maxdist, prefix=1)
    ranked = sorted((osa_distance(folded, candidate), -reader.frequency(SPELL_FIELD, candidate), candidate)
                    for candidate in candidates if candidate != folded)
    return with_accents(reader, ranked[0][2]) if ranked else None


def suggestion(searcher: Any, parsed: ParsedQuery) -> str | None:
    """The user's text with its unknown words corrected, or None when nothing better is found."""
    reader = searcher.reader()
    pieces: list[str] = []
    last = 0
    for start, end, word in parsed.words[:MAX_WORDS]:
        if len(word) < MIN_WORD_LENGTH or is_known(reader, word):
            continue
        correction = best_correction(searcher, word)
        if correction:
            pieces += [parsed.text[last:start], correction]
            last = end
    if not pieces:
        return None
    pieces.append(parsed.text[last:])
    return " ".join("".join(pieces).split())


class MarkFormatter(highlight.Formatter):
    """Wraps matched words in <mark> and HTML-escapes everything else."""

    between = " … "

    def _text(self, text: str) -> str:
        return html.escape(text, quote=False)

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        return "<mark>" + html.escape(highlight.get_text(text, token, replace), quote=False) + "</mark>"


def excerpt(text: str, limit: int = SNIPPET_CHARS) -> str:
    """The escaped start of a text, cut at a word boundary."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    return html.escape(text, quote=False)


def snippet(text: str, terms: Set[str]) -> str:
    """The best passages of a text with the query's words marked, or its escaped start."""
    if terms and text:
        fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60)
        marked = highlight.highlight(text, terms, marking_tokens, fragmenter, MarkFormatter(), top=2)
        if marked:
            return marked
    return excerpt(text)


def marked_title(title: str, terms: Set[str]) -> str:
    """The whole title, escaped, with the query's words marked."""
    if terms and title:
        marked = highlight.highlight(title, terms, marking_tokens, highlight.WholeFragmenter(), MarkFormatter(), top=1)
        if marked:
            return marked
    return html.escape(title, quote=False)
