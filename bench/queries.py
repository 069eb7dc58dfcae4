"""Distinct realistic search queries in eight kinds, drawn from the generated listings' own vocabulary."""
from __future__ import annotations

import random
import re
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field

KINDS = ("one word", "several words", "misspelt word", "filters", "near + radius", "broad + facets",
         "sort by date", "pages 2-5")
WORD = re.compile(r"[a-zàâäçéèêëîïôöùûüÿœæ]{4,}", re.IGNORECASE)
# Words a visitor would not type alone (function words, too vague to be a search).
STOPWORDS = frozenset("""avec dans pour vous nous votre notre leur leurs sont être avoir fait faire mais plus
très tout tous toute toutes cette ces une des les aux par sur sous entre chez ainsi comme aussi dont elle elles
ils qui que quoi quand sans bien même deux trois selon après avant depuis pendant vers""".split())
RADII = ("5", "10", "15", "20", "30", "50")


@dataclass
class Document:
    """What the generator needs of one published listing: its words and filterable values."""

    words: list[str]
    kind: str
    trade: str
    diploma: str
    departement: str
    postcode: str
    highlighted: bool = False


@dataclass
class Query:
    """One query of the benchmark: its kind and its API parameters (pairs, since `trade` may repeat)."""

    kind: str
    params: list[tuple[str, str]] = field(default_factory=list)

    def get(self, name: str, default: str = "") -> str:
        """The first value of a parameter."""
        return next((v for k, v in self.params if k == name), default)

    def values(self, name: str) -> list[str]:
        """Every value of a parameter."""
        return [v for k, v in self.params if k == name]

    @property
    def query_string(self) -> str:
        """The URL query, which is also what makes two queries the same."""
        return urllib.parse.urlencode(self.params)


def document_words(*texts: str) -> list[str]:
    """The searchable words of some texts, lowercased, without stopwords."""
    return [w.lower() for text in texts for w in WORD.findall(text or "") if w.lower() not in STOPWORDS]


def misspell(word: str, rng: random.Random) -> str:
    """The word with one typo a person makes: two letters swapped, one dropped, doubled or replaced."""
    i = rng.randrange(1, len(word) - 1)
    edit = rng.choice(("swap", "drop", "double", "replace"))
    if edit == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if edit == "drop":
        return word[:i] + word[i + 1:]
    if edit == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aeiourstnl".replace(word[i], "")) + word[i + 1:]


class QueryGenerator:
    """Makes distinct queries of every kind; words are drawn from documents, so they occur as people write them."""

    def __init__(self, documents: list[Document], seed: int = 20261202):
        if not documents:
            raise ValueError("no published listing to draw queries from")
        self.documents = documents
        self.rng = random.Random(seed)  # nosec B311 - benchmark data, not security
        counts = Counter(w for d in documents for w in dict.fromkeys(d.words))  # not set(): same order every run
        self.frequent = [w for w, _n in counts.most_common(60)]
        self.seen: set[str] = set()

    def _doc(self) -> Document:
        while True:
            doc = self.rng.choice(self.documents)
            if doc.words:
                return doc

    def _word(self, doc: Document | None = None, min_length: int = 4) -> str:
        words = [w for w in (doc or self._doc()).words if len(w) >= min_length]
        return self.rng.choice(words) if words else self.rng.choice(self.frequent)

    def make(self, kind: str) -> Query:
        """One query of `kind` (maybe already seen: `generate` keeps only new ones)."""
        rng, doc = self.rng, self._doc()
        if kind == "one word":
            return Query(kind, [("q", self._word(doc))])
        if kind == "several words":
            words = list(dict.fromkeys(doc.words))
            start = rng.randrange(max(1, len(words) - 2))
            return Query(kind, [("q", " ".join(words[start:start + rng.choice((2, 2, 3))]))])
        if kind == "misspelt word":
            return Query(kind, [("q", misspell(self._word(doc, min_length=7), rng))])
        if kind == "filters":
            params = [("q", self._word(doc))] if rng.random() < 0.6 else []
            params.append(("type", doc.kind))
            if doc.trade and rng.random() < 0.7:
                params.append(("trade", doc.trade))
            if doc.diploma and rng.random() < 0.5:
                params.append(("diploma", doc.diploma))
            params.append(("departement", doc.departement))
            if rng.random() < 0.1:
                params.append(("highlighted", "1"))
            return Query(kind, params)
        if kind == "near + radius":
            params = [("q", self._word(doc))] if rng.random() < 0.7 else []
            params += [("near", doc.postcode), ("radius_km", rng.choice(RADII))]
            if rng.random() < 0.3:
                params.append(("sort", "distance"))
            return Query(kind, params)
        if kind == "broad + facets":
            params = [("q", rng.choice(self.frequent))] if rng.random() < 0.8 else []
            if rng.random() < 0.5:
                params.append(("type", rng.choice(("offer", "project"))))
            if rng.random() < 0.3:
                params.append(("page", str(rng.randint(1, 3))))
            return Query(kind, params)
        if kind == "sort by date":
            params = [("q", self._word(doc))] if rng.random() < 0.8 else [("departement", doc.departement)]
            return Query(kind, params + [("sort", "date")])
        if kind == "pages 2-5":
            return Query(kind, [("q", rng.choice(self.frequent[:30] + [self._word(doc)])),
                                ("page", str(rng.randint(2, 5)))])
        raise ValueError(f"unknown kind {kind!r}")

    def generate(self, count: int) -> list[Query]:
        """`count` distinct queries, the kinds in turn (so engines see them interleaved, not kind by kind)."""
        queries: list[Query] = []
        attempts = 0
        while len(queries) < count:
            kind = KINDS[len(queries) % len(KINDS)]
            query = self.make(kind)
            attempts += 1
            if query.query_string not in self.seen:
                self.seen.add(query.query_string)
                queries.append(query)
            elif attempts > count * 200:
                raise RuntimeError(f"only {len(queries)} distinct queries in this vocabulary")
        return queries
