"""French text analysis for the search index: tokens, case and accent folding, stop words, stemming."""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from whoosh.analysis import Analyzer, Filter, LowercaseFilter, NgramFilter, RegexTokenizer, StopFilter, Token
from whoosh.lang.snowball.french import FrenchStemmer
from whoosh.lang.stopwords import stoplists
from whoosh.support.charset import accent_map

# Ligatures are not in Whoosh's accent map; "œuvre" must meet "oeuvre".
_FOLD_MAP = dict(accent_map)
_FOLD_MAP.update({ord("œ"): "oe", ord("æ"): "ae", ord("Œ"): "oe", ord("Æ"): "ae"})

# Words Whoosh's French list lacks, frequent in listings ("(H/F)", "les", "des"...) and useless for ranking.
EXTRA_STOP_WORDS = frozenset("""
    a à au aux ainsi alors après aussi autre autres avant bien car ce cela celle celles celui ceux ces cet cette
    chez comme d dans de des donc dont du elle elles en encore entre et etc f fh h hf i ici il ils l la le les leur
    leurs lors mais me même mêmes n ni nos notre nous on or ou où par parmi pas peu plus pour qu quand que quel
    quelle quelles quels qui sa sans se ses si son sont sous sur ta tel telle tels telles tous tout toute toutes
    très un une vers via voici voilà vos votre vous x y
""".split())

STOP_WORDS: frozenset[str] = frozenset(
    word.lower().translate(_FOLD_MAP) for word in stoplists["fr"] | EXTRA_STOP_WORDS
)

# Suffixes left by Snowball on one gender or number but not the other ("boulanger" -> "boulang" but
# "boulangère" -> "boulanger"; "coiffeur" -> "coiffeur" but "coiffeuse" -> "coiffeux"; "directrice" ->
# "directric"). Order matters: the longest suffix first, and only one is removed.
_EXTRA_SUFFIXES = ("ier", "eur", "eux", "ric", "er", "i")
_MIN_ROOT = 3
# Snowball undoubles these endings itself; do it again after our strip ("toiletteur" -> "toilett" -> "toilet").
_DOUBLED = ("enn", "onn", "ett", "ell", "eill")

_stemmer = FrenchStemmer()
WORD_PATTERN = r"[^\W\d_]+"
_WORD = re.compile(WORD_PATTERN)


def fold(text: str) -> str:
    """Lowercase a text and remove its accents and ligatures ("Pâtissière" -> "patissiere")."""
    return text.lower().translate(_FOLD_MAP)


def normalize_stem(stem: str) -> str:
    """Cut the gender and number suffixes Snowball leaves inconsistently, so that related words share a root."""
    for suffix in _EXTRA_SUFFIXES:
        if stem.endswith(suffix) and len(stem) - len(suffix) >= _MIN_ROOT:
            stem = stem[: -len(suffix)]
            break
    if stem.endswith(_DOUBLED):
        stem = stem[:-1]
    return stem


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Stem one folded French word and normalise the root ("boulangères" -> "boulang")."""
    if not word.isalpha():
        return word
    return normalize_stem(_stemmer.stem(word))


class FoldFilter(Filter):
    """Accent and ligature folding; unlike CharsetFilter it does not pickle its map into every index TOC."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = token.text.translate(_FOLD_MAP)
            yield token


class FrenchStemFilter(Filter):
    """French Snowball stemming followed by our gender/number normalisation."""

    is_morph = True

    def __call__(self, tokens):
        for token in tokens:
            if not token.stopped:
                token.text = stem(token.text)
            yield token


def french_analyzer() -> Analyzer:
    """The analyzer of the full-text fields: words, lowercase, folding, stop words, stemming."""
    return (RegexTokenizer() | LowercaseFilter() | FoldFilter()
            | StopFilter(stoplist=STOP_WORDS, minsize=2) | FrenchStemFilter())


def spelling_analyzer() -> Analyzer:
    """The analyzer of the spelling field: whole folded words (users often type no accents), no stop words."""
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | FoldFilter() | StopFilter(stoplist=STOP_WORDS, minsize=3)


def accent_forms(text: str) -> set[str]:
    """"folded=accented" pairs of the accented words of a text, to put accents back on suggestions."""
    words = {match.group().lower() for match in _WORD.finditer(text)}
    return {f"{fold(word)}={word}" for word in words if fold(word) != word and len(word) >= 3}


def autocomplete_analyzer() -> Analyzer:
    """Edge n-grams of folded words, for prefix completion ("boul" finds "Boulanger")."""
    return RegexTokenizer() | LowercaseFilter() | FoldFilter() | NgramFilter(minsize=1, maxsize=20, at="start")


# RegexTokenizer's default expression, the one french_analyzer() splits words with.
_TOKEN = re.compile(r"\w+(\.?\w+)*")


@lru_cache(maxsize=200_000)
def index_term(word: str) -> str:
    """The term french_analyzer() makes of one token; a stop word (or a one-letter word) is only folded."""
    folded = fold(word)
    if len(folded) < 2 or folded in STOP_WORDS:
        return folded
    return stem(folded)


def marking_tokens(text: str, **_options: Any) -> Iterator[Token]:
    """french_analyzer()'s tokens of a text, stop words kept, with character offsets: what Whoosh's highlighter reads.

    One regular expression pass and a cached lookup per word, instead of five chained generators per token (the
    snippets of a page of results were a third of a first-sight search)."""
    token = Token(chars=True, removestops=False)
    token.boost = 1.0
    for match in _TOKEN.finditer(text):
        token.text = index_term(match.group())
        token.startchar, token.endchar = match.span()
        yield token


def analyze(text: str) -> list[str]:
    """The index terms of a text, as the full-text fields see them."""
    return [token.text for token in _FRENCH(text)]


_FRENCH = french_analyzer()
