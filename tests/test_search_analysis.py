"""French analysis of the search index: folding, stop words, stemming and its gender/number normalisation."""
import pytest

from app.search.engine.analysis import analyze, autocomplete_analyzer, fold, normalize_stem
from app.search.engine.suggest import osa_distance

# Each row: words that must give the same single term (singular/plural, masculine/feminine, accents, case).
SAME_TERM = [
    "boulanger boulangers boulangère boulangères Boulanger BOULANGÈRE boulangerie boulangeries",
    "pâtissière patissiere pâtissiers pâtissier pâtissières PÂTISSIER pâtisserie pâtisseries",
    "ébéniste ebeniste ébénistes Ébéniste EBENISTES",
    "menuisier menuisière menuisiers menuisières menuiserie",
    "coiffeur coiffeuse coiffeurs coiffeuses",
    "électricien électricienne électriciens électriciennes electricien",
    "charpentier charpentière charpentiers charpentières charpente",
    "apprenti apprentie apprentis apprenties",
    "céramiste céramistes ceramiste",
    "boucher bouchère bouchers boucherie",
    "charcutier charcutière charcuterie",
    "chocolatier chocolatière chocolaterie",
    "plombier plombière plombiers",
    "maçon maçonne maçons macon",
    "couvreur couvreuse couvreurs",
    "carreleur carreleuse",
    "serrurier serrurière serrurerie",
    "mécanicien mécanicienne mécaniciens",
    "carrossier carrossière carrosserie",
    "cordonnier cordonnière cordonnerie",
    "bijoutier bijoutière bijouterie",
    "horloger horlogère horlogerie",
    "tapissier tapissière",
    "couturier couturière",
    "toiletteur toiletteuse",
    "luthier luthière",
    "verrier verrière",
    "relieur relieuse",
    "maroquinier maroquinière maroquinerie",
    "glacier glacière",
    "fromager fromagère fromagerie",
    "poissonnier poissonnière poissonnerie",
    "traiteur traiteuse traiteurs",
    "fleuriste fleuristes",
    "esthéticien esthéticienne esthéticiennes",
    "vendeur vendeuse vendeurs vendeuses",
    "cuisinier cuisinière cuisiniers",
    "directeur directrice",
    "animateur animatrice",
    "photographe photographes",
    "œuvre oeuvre",
]

# Words that must stay apart.
DIFFERENT = [
    ("boulanger", "boucher"),
    ("pâtissier", "pâte"),
    ("menuisier", "maçon"),
    ("coiffeur", "couvreur"),
    ("électricien", "électronique"),
    ("charpentier", "carrossier"),
]


@pytest.mark.parametrize("row", SAME_TERM)
def test_forms_of_a_word_meet(row):
    terms = {tuple(analyze(word)) for word in row.split()}
    assert len(terms) == 1, terms
    assert len(next(iter(terms))) == 1


@pytest.mark.parametrize("first, second", DIFFERENT)
def test_different_words_stay_apart(first, second):
    assert analyze(first) != analyze(second)


def test_stop_words_and_gender_marks_are_dropped():
    assert analyze("Apprenti boulanger (H/F) – les pains d'antan à l'atelier du quartier") == analyze(
        "apprenti boulanger pains antan atelier quartier")
    assert analyze("les des du aux à au le la de et ou") == []
    assert analyze("(F/H)") == []


def test_numbers_and_codes_are_kept():
    assert "69003" in analyze("Lyon 69003")
    assert analyze("CAP") == ["cap"]
    assert analyze("BP") == ["bp"]


def test_fold_removes_accents_case_and_ligatures():
    assert fold("Pâtissière ÉBÉNISTE Œuvre Çà") == "patissiere ebeniste oeuvre ca"


def test_normalize_stem_keeps_short_roots():
    assert normalize_stem("mer") == "mer"
    assert normalize_stem("boulanger") == "boulang"


def test_odd_input_is_harmless():
    assert analyze("") == []
    assert analyze("\x00 😀 *:() \\ \"") == []
    assert len(analyze("mot " * 2000)) == 2000


def test_autocomplete_analyzer_gives_folded_prefixes():
    grams = {token.text for token in autocomplete_analyzer()("Pâtissier")}
    assert {"p", "pa", "pat", "pati", "patissier"} <= grams


def test_osa_distance_counts_a_swap_as_one_edit():
    assert osa_distance("boulangre", "boulanger") == 1
    assert osa_distance("patisier", "patissier") == 1
    assert osa_distance("abc", "abc") == 0
    assert osa_distance("", "abc") == 3


MARKED_TEXTS = [
    "Apprenti(e) boulanger/boulangère H/F — l’atelier d'Œuvre, 3.5 jours à Lyon 7e, CAP_2025 !",
    "Les pâtissières et LES PÂTISSIERS du fournil : croissants, pains au levain... et « viennoiseries ».",
    "", "   ", "a à y 1 22 x.y.z é_é ǅ ﬁ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
]


@pytest.mark.parametrize("text", MARKED_TEXTS)
def test_marking_tokens_are_the_analyzers_tokens(text):
    from app.search.engine.analysis import french_analyzer, marking_tokens

    whoosh = [(t.text, t.startchar, t.endchar) for t in french_analyzer()(text, chars=True, removestops=False)]
    assert [(t.text, t.startchar, t.endchar) for t in marking_tokens(text, chars=True, removestops=False)] == whoosh


@pytest.mark.parametrize("query", ["boulangère levain", "pâtissier croissant", "œuvre atelier", "jours lyon"])
def test_snippets_mark_what_the_analyzer_matches(query):
    from whoosh import highlight

    from app.search.engine.analysis import french_analyzer
    from app.search.engine.suggest import SNIPPET_CHARS, MarkFormatter, marked_title, snippet

    terms = set(analyze(query))
    for text in MARKED_TEXTS[:2]:
        fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60)
        expected = highlight.highlight(text, terms, french_analyzer(), fragmenter, MarkFormatter(), top=2)
        assert snippet(text, terms) == (expected or snippet(text, set()))
        title = highlight.highlight(text, terms, french_analyzer(), highlight.WholeFragmenter(), MarkFormatter(), top=1)
        assert marked_title(text, terms) == (title or marked_title(text, set()))
    assert "<mark>" in snippet(" ".join(MARKED_TEXTS[:2]), terms)
