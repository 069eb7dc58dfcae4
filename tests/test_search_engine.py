"""The search engine on its own, with plain documents: relevance, filters, facets, distance, sorting, pages,
odd queries, suggestions, snippets, writes under a held lock, rebuild swaps and broken indexes."""
import time
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest

from app.geo import Circle, bounding_box
from app.geo import distance_km as haversine_km
from app.search.engine import (
    EngineQuery,
    IndexBusy,
    IndexUnavailable,
    apply_changes,
    current_generation,
    ensure_index,
    forget,
    rebuild,
    search,
)
from app.search.engine.geo import box_cells
from app.search.engine.index import open_index

LYON = (45.7578, 4.8320)
VILLEURBANNE = (45.7719, 4.8902)
MIONS = (45.6631, 4.9553)
PARIS = (48.8566, 2.3522)
MARSEILLE = (43.2965, 5.3698)
BORDEAUX = (44.8378, -0.5792)
LILLE = (50.6292, 3.0573)
T0 = datetime(2026, 11, 15, tzinfo=timezone.utc)


def doc(listing_id, kind, title, trade, diploma, description, business, dept, place, highlighted, days_ago):
    """A search document as the wiring will produce it."""
    lat, lon = place if place else (None, None)
    return {"kind": kind, "listing_id": listing_id, "title": title, "trade_label": trade, "trade": trade,
            "diploma": diploma, "description": description, "business_name": business, "departement": dept,
            "commune": "", "lat": lat, "lon": lon, "highlighted": highlighted,
            "published_at": T0 - timedelta(days=days_ago)}


DOCS = [
    doc(1, "offer", "Apprenti boulanger (H/F)", "Boulanger", "CAP",
        "Fabrication du pain au levain et des viennoiseries.", "Boulangerie Dupont", "69", LYON, False, 14),
    doc(2, "offer", "Apprentie pâtissière", "Pâtissier", "CAP",
        "Entremets, tartes et pâtisserie fine.", "Aux Délices", "69", VILLEURBANNE, True, 10),
    doc(3, "offer", "Pâtissier en alternance", "Pâtissier", "BP",
        "Chocolats et viennoiseries, laboratoire moderne.", "Maison Cacao", "69", MIONS, False, 26),
    doc(4, "offer", "Boulangère ou boulanger en BP", "Boulanger", "BP",
        "Pétrissage, façonnage, cuisson au four à bois.", "Le Fournil", "75", PARIS, True, 61),
    doc(5, "project", "Ébéniste cherche designer", "Ébéniste", "",
        "Création de meubles en chêne massif avec un designer.", "Atelier Bois", "75", PARIS, False, 5),
    doc(6, "offer", "Menuisier poseur", "Menuisier", "CAP",
        "Pose de fenêtres et d'escaliers sur chantier.", "Menuiserie Martin", "13", MARSEILLE, False, 106),
    doc(7, "offer", "Coiffeuse en apprentissage", "Coiffeur", "CAP",
        "Salon de coiffure mixte, coupes et couleurs.", "Salon Élégance", "33", BORDEAUX, True, 3),
    doc(8, "offer", "Électricienne (H/F)", "Électricien", "Bac pro",
        "Installations électriques dans le bâtiment.", "Élec Services", "59", LILLE, False, 137),
    doc(9, "project", "Céramiste : four partagé", "Céramiste", "",
        "Recherche laboratoire pour des émaux sans plomb.", "Terre et Feu", "69", LYON, False, 45),
    doc(10, "offer", "Charpentière apprentie", "Charpentier", "BP",
        "Charpente traditionnelle en bois, levage et taille.", "Charpentes du Sud", "13", MARSEILLE, False, 167),
    doc(11, "offer", "Vendeur en boulangerie", "Boulanger", "MC",
        "Vente et conseil au comptoir de notre boulangerie lyonnaise.", "Boulangerie Dupont", "69", LYON,
        False, 13),
    doc(12, "project", "Menuiserie et design", "Menuisier", "",
        "Un atelier de menuiserie cherche un designer pour une gamme de meubles.", "Bois Design", "59", LILLE,
        True, 20),
    doc(13, "offer", "Boulanger sans adresse", "Boulanger", "CAP",
        "Fournil de campagne, pain bio.", "Pains d'ici", "01", None, False, 30),
]
BY_KEY = {f"{d['kind']}:{d['listing_id']}": d for d in DOCS}


@pytest.fixture(autouse=True)
def _fresh_cache():
    forget()
    yield
    forget()


@pytest.fixture
def index_dir(tmp_path):
    """An index of DOCS in a temporary directory."""
    path = tmp_path / "index"
    rebuild(path, DOCS, procs=1)
    return path


def keys(result):
    return [item.key for item in result.items]


def all_keys(index_dir, per_page=4, **params):
    """Every key of a search, page after page."""
    found, page = [], 1
    while True:
        result = search(index_dir, EngineQuery(page=page, per_page=per_page, **params))
        found += keys(result)
        if page >= result.pages:
            return found, result
        page += 1


# Text, accents, gender and plural


@pytest.mark.parametrize("q", ["pâtissière", "PATISSIERE", "pâtissiers", "patissier", "Pâtisserie", "pâtissières"])
def test_accents_case_plural_feminine_find_the_same_listings(index_dir, q):
    assert set(keys(search(index_dir, EngineQuery(q=q)))) == {"offer:2", "offer:3"}


@pytest.mark.parametrize("q", ["boulanger", "boulangère", "Boulangers", "BOULANGERIE"])
def test_boulanger_forms_meet(index_dir, q):
    assert set(keys(search(index_dir, EngineQuery(q=q)))) == {"offer:1", "offer:4", "offer:11", "offer:13"}


@pytest.mark.parametrize("q", ["ébéniste", "ebeniste", "Ébénistes"])
def test_ebeniste_without_accents(index_dir, q):
    assert keys(search(index_dir, EngineQuery(q=q))) == ["project:5"]


def test_all_words_are_required_first(index_dir):
    result = search(index_dir, EngineQuery(q="boulanger levain"))
    assert keys(result) == ["offer:1"]
    assert result.all_words


def test_any_word_when_nothing_matches_all(index_dir):
    result = search(index_dir, EngineQuery(q="ébéniste coiffeuse"))
    assert set(keys(result)) == {"project:5", "offer:7"}
    assert not result.all_words


def test_quoted_phrases_are_honoured(index_dir):
    assert keys(search(index_dir, EngineQuery(q='"pain au levain"'))) == ["offer:1"]
    assert keys(search(index_dir, EngineQuery(q='"levain pain"'))) == []
    # Stop words are ignored inside phrases, as in the index: "cherche un designer" matches too.
    assert set(keys(search(index_dir, EngineQuery(q='"cherche designer"')))) == {"project:5", "project:12"}
    assert keys(search(index_dir, EngineQuery(q='"designer cherche"'))) == []


def _index(tmp_path, docs):
    path = tmp_path / "small"
    rebuild(path, docs, procs=1)
    return path


def test_title_outranks_description(tmp_path):
    path = _index(tmp_path, [
        doc(1, "offer", "Poseur de fenêtres", "Poseur", "CAP", "Travail avec un menuisier expérimenté.",
            "A", "69", LYON, False, 1),
        doc(2, "offer", "Menuisier apprenti", "Poseur", "CAP", "Travail avec un poseur expérimenté.",
            "B", "69", LYON, False, 1),
    ])
    assert keys(search(path, EngineQuery(q="menuisier"))) == ["offer:2", "offer:1"]


def test_trade_outranks_description(tmp_path):
    path = _index(tmp_path, [
        doc(1, "offer", "Apprenti en atelier", "Tapissier", "CAP", "Atelier de menuisier et de tapissier.",
            "A", "69", LYON, False, 1),
        doc(2, "offer", "Apprenti en atelier", "Menuisier", "CAP", "Atelier de tapissier et de poseur.",
            "B", "69", LYON, False, 1),
    ])
    assert keys(search(path, EngineQuery(q="menuisier"))) == ["offer:2", "offer:1"]


def test_highlighted_business_gets_a_visible_boost(tmp_path):
    twin = dict(kind="offer", title="Apprenti fleuriste", trade_label="Fleuriste", description="Bouquets.")
    # The highlighted twin is indexed second, so the document-number tie-break alone would put it last.
    path = _index(tmp_path, [dict(twin, listing_id=1, highlighted=False), dict(twin, listing_id=2, highlighted=True)])
    result = search(path, EngineQuery(q="fleuriste"))
    assert keys(result) == ["offer:2", "offer:1"]
    assert result.items[0].score == pytest.approx(result.items[1].score * 1.5)
    assert keys(search(path, EngineQuery())) == ["offer:2", "offer:1"]


# Filters and facets


def brute_force(**filters):
    """Keys of DOCS passing the filters, computed without the index."""
    def ok(d):
        return ((not filters.get("kinds") or d["kind"] in filters["kinds"])
                and (not filters.get("trades") or d["trade"] in filters["trades"])
                and (not filters.get("diplomas") or d["diploma"] in filters["diplomas"])
                and (not filters.get("departements") or d["departement"] in filters["departements"])
                and (not filters.get("highlighted_only") or d["highlighted"]))
    return {key for key, d in BY_KEY.items() if ok(d)}


FILTERS = [
    {"kinds": ["offer"]},
    {"kinds": ["project"]},
    {"kinds": ["offer", "project"]},
    {"trades": ["Boulanger"]},
    {"trades": ["Boulanger", "Pâtissier"]},
    {"diplomas": ["BP"]},
    {"diplomas": ["CAP", "MC"]},
    {"departements": ["69"]},
    {"departements": ["69", "75"]},
    {"highlighted_only": True},
    {"kinds": ["offer"], "departements": ["69"], "diplomas": ["CAP", "BP"]},
    {"trades": ["Boulanger", "Menuisier"], "departements": ["75", "13", "59"]},
    {"trades": ["Pâtissier"], "highlighted_only": True},
    {"kinds": ["project"], "diplomas": ["CAP"]},
]


@pytest.mark.parametrize("filters", FILTERS)
def test_filters_and_their_combinations(index_dir, filters):
    found, result = all_keys(index_dir, **filters)
    assert set(found) == brute_force(**filters)
    assert result.total == len(found)


@pytest.mark.parametrize("factor", [0, 10**9])
@pytest.mark.parametrize("filters", [f for f in FILTERS if len(f) > 1])
def test_broad_filters_checked_on_columns_find_the_same(index_dir, monkeypatch, filters, factor):
    # factor 0 checks every filter but the narrowest on column values; a huge one builds every set.
    monkeypatch.setattr("app.search.engine.query.BROAD_FILTER_FACTOR", factor)
    for _ in range(2):  # the second pass reads the cached filter sets
        found, result = all_keys(index_dir, **filters)
        assert set(found) == brute_force(**filters)
        assert result.total == len(found)


def expected_facets(found):
    facets = {}
    for name in ("kind", "trade", "diploma", "departement"):
        counts = Counter(BY_KEY[key][name] for key in found)
        counts.pop("", None)
        facets[name] = dict(counts)
    facets["partner_type"] = dict(Counter(value for key in found for value in BY_KEY[key].get("partner_types") or ()))
    return facets


@pytest.mark.parametrize("params", [
    {}, {"q": "boulanger"}, {"q": "apprenti"}, {"departements": ["69"]},
    {"q": "designer", "kinds": ["project"]}, {"near": Circle(*LYON, 20)}, {"q": "zzzz"},
])
def test_facets_count_the_whole_result_set(index_dir, params):
    found, result = all_keys(index_dir, **params)
    assert len(found) == result.total
    assert {name: dict(counts) for name, counts in result.facets.items()} == expected_facets(found)


def test_facets_are_sorted_by_count(index_dir):
    facets = search(index_dir, EngineQuery()).facets
    assert list(facets["departement"])[0] == "69"
    assert facets["kind"] == {"offer": 10, "project": 3}


# Distance


def test_distance_radius_and_values(index_dir):
    mions_km = haversine_km(*LYON, *MIONS)
    assert 10 < mions_km < 20
    near20 = search(index_dir, EngineQuery(near=Circle(*LYON, 20), sort="distance", per_page=50))
    assert keys(near20)[-1] == "offer:3"
    assert set(keys(near20)) == {"offer:1", "offer:2", "offer:3", "project:9", "offer:11"}
    distances = {item.key: item.distance_km for item in near20.items}
    assert distances["offer:1"] == pytest.approx(0.0, abs=0.01)
    assert distances["offer:2"] == pytest.approx(haversine_km(*LYON, *VILLEURBANNE))
    assert 4 < distances["offer:2"] < 6
    assert distances["offer:3"] == pytest.approx(mions_km)
    near10 = search(index_dir, EngineQuery(near=Circle(*LYON, 10)))
    assert "offer:3" not in keys(near10) and "offer:2" in keys(near10)
    assert all(item.distance_km is None for item in search(index_dir, EngineQuery(q="pain")).items)


def test_distance_sort_orders_nearest_first(index_dir):
    result = search(index_dir, EngineQuery(near=Circle(*PARIS, 1000), sort="distance", per_page=50))
    values = [item.distance_km for item in result.items]
    assert values == sorted(values)
    assert keys(result)[:2] in (["offer:4", "project:5"], ["project:5", "offer:4"])
    assert "offer:13" not in keys(result)  # no coordinates, never near anything


def test_near_combines_with_text_and_filters(index_dir):
    result = search(index_dir, EngineQuery(q="patisserie", near=Circle(*LYON, 20), sort="distance"))
    assert keys(result) == ["offer:2", "offer:3"]
    result = search(index_dir, EngineQuery(q="patisserie", near=Circle(*LYON, 20), diplomas=["BP"]))
    assert keys(result) == ["offer:3"]


def test_box_cells_stay_few_for_any_radius():
    for radius in (1, 10, 30, 100, 200):
        cells = box_cells(bounding_box(*LYON, radius))
        assert 1 <= len(cells) <= 48


# Sorting and pagination


def test_sort_by_date_newest_first(index_dir):
    result = search(index_dir, EngineQuery(sort="date", per_page=50))
    dates = [BY_KEY[key]["published_at"] for key in keys(result)]
    assert dates == sorted(dates, reverse=True)
    assert len(dates) == len(DOCS)


def test_default_order_without_text_puts_highlighted_first_then_newest(index_dir):
    found = keys(search(index_dir, EngineQuery(per_page=50)))
    flags = [BY_KEY[key]["highlighted"] for key in found]
    assert flags == sorted(flags, reverse=True)


@pytest.mark.parametrize("params", [
    {}, {"sort": "date"}, {"q": "apprenti boulanger pâtissier"}, {"q": "de"},
    {"near": Circle(*LYON, 500), "sort": "distance"}, {"kinds": ["offer"], "sort": "date"},
])
def test_pagination_yields_every_listing_exactly_once(index_dir, params):
    found, result = all_keys(index_dir, **params)
    assert len(found) == len(set(found)) == result.total
    assert result.pages == -(-result.total // 4)


def test_page_after_the_last_is_empty(index_dir):
    result = search(index_dir, EngineQuery(page=99))
    assert result.items == [] and result.total == len(DOCS)


# Odd queries


ODD_QUERIES = ["title:(", "NOT NOT a", "*", '"', "\\", "\x00", "a\x00b", "x" * 5000, "mot " * 2000,
               "le la les des du", "😀🥖", "trade:Boulanger", "boulang*", "[1 TO 5]", "^3", "((((", "AND OR NOT",
               '"boulanger', "'", "<script>alert(1)</script>", "%", "\u202e", "  ", "-", "+pain -levain", "~2"]


@pytest.mark.parametrize("q", ODD_QUERIES)
def test_odd_queries_never_raise(index_dir, q):
    result = search(index_dir, EngineQuery(q=q))
    assert result.total >= 0 and len(result.items) <= 20


def test_odd_queries_give_sensible_results(index_dir):
    everything = len(DOCS)
    for q in ("*", '"', "\\", "\x00", "le la les des", "😀", "", "  "):
        assert search(index_dir, EngineQuery(q=q)).total == everything
    assert set(keys(search(index_dir, EngineQuery(q='"boulanger')))) == brute_force(trades=["Boulanger"])
    # Field syntax is plain words: "trade" is no field here, so only "boulanger" can match any word.
    assert search(index_dir, EngineQuery(q="trade:Boulanger")).total == 4
    assert search(index_dir, EngineQuery(q="title:(")).total == 0


# Suggestions and snippets


@pytest.mark.parametrize("q, expected", [
    ("boulangre", {"boulanger"}),
    ("patisier", {"patissier", "pâtissier"}),
    ("Boulangre à Lyon", {"boulanger à Lyon"}),
    ("menuisiere ebenite", {"menuisiere ébéniste"}),
])
def test_spelling_suggestions(index_dir, q, expected):
    assert search(index_dir, EngineQuery(q=q)).suggestion in expected


@pytest.mark.parametrize("q", ["boulanger", "pâtissière", "patissiere", "", "le", "zzqxw"])
def test_no_suggestion_for_known_or_hopeless_words(index_dir, q):
    assert search(index_dir, EngineQuery(q=q)).suggestion is None


def test_snippets_mark_words_and_escape_html(tmp_path):
    path = _index(tmp_path, [dict(kind="offer", listing_id=1, title="Pâtissier <b>chef</b>",
                                  description="Un <script>alert('x')</script> atelier & des pâtisseries fines.")])
    item = search(path, EngineQuery(q="patisserie")).items[0]
    assert "<mark>pâtisseries</mark>" in item.snippet
    assert "<script>" not in item.snippet and "&lt;script&gt;" in item.snippet and "&amp;" in item.snippet
    assert item.title_html == "<mark>Pâtissier</mark> &lt;b&gt;chef&lt;/b&gt;"
    plain = search(path, EngineQuery()).items[0]
    assert plain.snippet.startswith("Un &lt;script&gt;") and "<mark>" not in plain.snippet


# Writes, rebuilds and failures


def test_apply_changes_adds_replaces_and_deletes(index_dir):
    assert search(index_dir, EngineQuery(q="fleuriste")).total == 0  # opens and caches a searcher
    apply_changes(index_dir, [dict(kind="offer", listing_id=20, title="Fleuriste", trade="Fleuriste",
                                   departement="69")], [])
    assert keys(search(index_dir, EngineQuery(q="fleuriste"))) == ["offer:20"]
    apply_changes(index_dir, [dict(kind="offer", listing_id=20, title="Fleuriste décoratrice",
                                   trade="Fleuriste", departement="75")], ["offer:1", "project:404"])
    result = search(index_dir, EngineQuery(q="fleuriste"))
    assert keys(result) == ["offer:20"]
    assert result.facets["departement"] == {"75": 1}
    everything = search(index_dir, EngineQuery(per_page=50))
    assert everything.total == len(DOCS)
    assert "offer:1" not in keys(everything)
    assert sum(everything.facets["kind"].values()) == len(DOCS)


def test_apply_changes_creates_the_index_when_missing(tmp_path):
    path = tmp_path / "new"
    with pytest.raises(IndexUnavailable):
        search(path, EngineQuery())
    apply_changes(path, [DOCS[0]], [])
    assert keys(search(path, EngineQuery())) == ["offer:1"]


def test_apply_changes_gives_up_when_another_writer_holds_the_lock(index_dir):
    writer = ensure_index(index_dir).writer()
    try:
        started = time.monotonic()
        with pytest.raises(IndexBusy):
            apply_changes(index_dir, [DOCS[0]], [], timeout=0.3)
        assert time.monotonic() - started < 2
    finally:
        writer.cancel()
    apply_changes(index_dir, [dict(DOCS[0], title="Boulanger tourier")], [])
    assert keys(search(index_dir, EngineQuery(q="tourier"))) == ["offer:1"]


def test_rebuild_swaps_atomically(index_dir):
    old_generation = current_generation(index_dir)
    old_searcher = open_index(index_dir).searcher()
    assert search(index_dir, EngineQuery()).total == len(DOCS)
    new_docs = [dict(DOCS[0], listing_id=100 + i, title=f"Fromager {i}") for i in range(5)]
    assert rebuild(index_dir, new_docs, procs=2) == 5
    assert current_generation(index_dir) != old_generation
    # A searcher opened before the swap still answers from the old generation.
    assert old_searcher.doc_count() == len(DOCS)
    old_searcher.close()
    result = search(index_dir, EngineQuery(q="fromagère"))
    assert result.total == 5 and search(index_dir, EngineQuery()).total == 5
    rebuild(index_dir, DOCS, procs=1)
    rebuild(index_dir, DOCS[:2], procs=1)
    generations = [p.name for p in index_dir.iterdir() if p.name.startswith("gen-")]
    assert len(generations) == 2 and current_generation(index_dir) in generations
    assert search(index_dir, EngineQuery()).total == 2


def test_writes_during_a_rebuild_are_refused_not_lost(index_dir):
    outcomes = []

    def documents():
        yield DOCS[0]
        try:
            apply_changes(index_dir, [dict(DOCS[1], title="Changée pendant la reconstruction")], [], timeout=0.2)
            outcomes.append("applied")
        except IndexBusy:
            outcomes.append("busy")
        yield DOCS[1]

    rebuild(index_dir, documents(), procs=1)
    assert outcomes == ["busy"]  # the caller keeps its change and applies it to the new generation later
    apply_changes(index_dir, [dict(DOCS[1], title="Changée pendant la reconstruction")], [])
    assert keys(search(index_dir, EngineQuery(q="reconstruction"))) == ["offer:2"]


def test_failed_rebuild_keeps_the_live_index(index_dir):
    def documents():
        yield DOCS[0]
        raise RuntimeError("database went away")

    generation = current_generation(index_dir)
    with pytest.raises(RuntimeError):
        rebuild(index_dir, documents(), procs=1)
    assert current_generation(index_dir) == generation
    assert search(index_dir, EngineQuery()).total == len(DOCS)


def test_corrupt_index_raises_index_unavailable(index_dir):
    for path in (index_dir / current_generation(index_dir)).rglob("*"):
        if path.is_file():  # Whoosh's files and the flat postings beside them
            path.write_bytes(b"\x00garbage" * 10)
    with pytest.raises(IndexUnavailable):
        search(index_dir, EngineQuery(q="boulanger"))


def test_broken_pointer_raises_index_unavailable_and_rebuild_repairs_it(index_dir):
    (index_dir / "CURRENT").write_text("gen-does-not-exist\n")
    with pytest.raises(IndexUnavailable):
        search(index_dir, EngineQuery())
    rebuild(index_dir, DOCS, procs=1)
    assert search(index_dir, EngineQuery()).total == len(DOCS)


def test_invalid_params_are_rejected():
    with pytest.raises(ValueError):
        EngineQuery(sort="distance")
    with pytest.raises(ValueError):
        EngineQuery(sort="price")
    with pytest.raises(ValueError):
        EngineQuery(page=0)
    with pytest.raises(ValueError):
        EngineQuery(per_page=101)
    with pytest.raises(ValueError):
        EngineQuery(near=Circle(45.0, 4.0, 0))


# A larger index: several segments, posting lists of many blocks, deletions


def _many(count):
    words = "atelier pain levain four bois client vente fournil farine croissant équipe matin".split()
    trades = ["Boulanger", "Pâtissier", "Menuisier"]
    return [dict(kind="offer" if i % 5 else "project", listing_id=i, title=f"Apprenti {trades[i % 3].lower()}",
                 trade_label=trades[i % 3], trade=trades[i % 3], departement=("69", "75", "13")[i % 7 % 3],
                 description=" ".join(words[(i * j) % len(words)] for j in range(1, 2 + i % 9)),
                 highlighted=i % 11 == 0, published_at=T0 - timedelta(hours=i))
            for i in range(count)]


@pytest.fixture(scope="module")
def big_index(tmp_path_factory):
    """1,500 documents in several segments, with some deleted and some replaced (read-only in tests)."""
    path = tmp_path_factory.mktemp("big") / "index"
    docs = _many(1500)
    rebuild(path, docs, procs=2)
    apply_changes(path, [dict(d, title=d["title"] + " confirmé") for d in docs[:40]],
                  [f"offer:{i}" for i in range(41, 120) if i % 5])
    return path


def test_fast_document_sets_equal_whoosh(big_index):
    from whoosh import query as wq

    from app.search.engine import query as engine
    from app.search.engine.docsets import term_docs, text_docs
    from app.search.engine.index import reading
    from app.search.engine.userquery import parse, text_query

    with reading(big_index, engine.HighlightBoost) as snapshot:
        searcher = snapshot.searcher
        assert len(searcher.reader().leaf_readers()) > 1 and searcher.reader().has_deletions()
        for field, value in (("description", "atel"), ("trade", "Boulanger"), ("departement", "69"),
                             ("highlighted", "1"), ("title", "confirm"), ("title", "absent")):
            assert term_docs(snapshot, field, value) == set(searcher.docs_for_query(wq.Term(field, value)))
        for q in ("apprenti atelier", "pain four", '"pain levain"', "boulanger confirmé"):
            parsed = parse(q)
            assert text_docs(snapshot, parsed) == set(searcher.docs_for_query(text_query(parsed)))


@pytest.mark.parametrize("q", ["atelier", "pain four", "apprenti boulanger", "levain croissant",
                               "confirmé farine", "bois", "croissant équipe"])
def test_vector_ranking_gives_whoosh_scores_in_whoosh_order(big_index, q):
    from app.search.engine import query as engine
    from app.search.engine import ranking
    from app.search.engine.docsets import text_docs
    from app.search.engine.index import reading
    from app.search.engine.userquery import parse, text_query

    with reading(big_index, engine.HighlightBoost) as snapshot:
        parsed = parse(q)
        matched = text_docs(snapshot, parsed)
        whoosh = snapshot.searcher.search(text_query(parsed), limit=None, terms=False)
        expected = {docnum: score for score, docnum in whoosh.top_n}
        ours = ranking.best_by_bm25(snapshot, parsed.units, matched, len(matched), engine.HIGHLIGHT_BOOST)
        top = ranking.best_by_bm25(snapshot, parsed.units, matched, 20, engine.HIGHLIGHT_BOOST)

    assert len(expected) == len(ours) == len(matched) > 10
    assert all(score == pytest.approx(expected[docnum], rel=1e-9) for docnum, score in ours)
    # Whoosh's order (score, then document number), with scores equal to the last bits of a sum counted as ties.
    assert [docnum for docnum, _ in ours] == sorted(expected, key=lambda d: (-round(expected[d], 9), d))
    assert top == ours[:20]


@pytest.mark.parametrize("q, filters", [
    ("atelier pain", {"departements": ["69"]}),
    ("apprenti", {"kinds": ["project"], "trades": ["Boulanger", "Menuisier"]}),
    ("four levain", {"highlighted_only": True}),
])
def test_filtered_relevance_keeps_the_unfiltered_order(big_index, q, filters):
    unfiltered, _ = all_keys(big_index, per_page=100, q=q)
    filtered, result = all_keys(big_index, per_page=7, q=q, **filters)
    docs = {f"{d['kind']}:{d['listing_id']}": d for d in _many(1500)}

    def passes(key):
        d = docs[key]
        return ((not filters.get("departements") or d["departement"] in filters["departements"])
                and (not filters.get("kinds") or d["kind"] in filters["kinds"])
                and (not filters.get("trades") or d["trade"] in filters["trades"])
                and (not filters.get("highlighted_only") or d["highlighted"]))

    assert filtered == [key for key in unfiltered if passes(key)]
    assert result.total == len(filtered) > 0


def _flat_dirs(path):
    return sorted(p.name for p in (path / current_generation(path)).glob(".postings-*"))


def _flat_name(leaf):
    from app.search.engine import postings

    return postings.PREFIX + postings.FORMAT + leaf.segment().segment_id()


def test_flat_postings_equal_whoosh_decoding(big_index):
    from app.search.engine import postings

    ix = open_index(big_index)
    with ix.reader() as reader:
        leaves = [leaf for leaf, _ in reader.leaf_readers()]
        assert _flat_dirs(big_index) == sorted(_flat_name(leaf) for leaf in leaves)
        checked = set()
        for leaf in leaves:
            stored, live = postings.flat(leaf), set(leaf.all_doc_ids())
            for field in postings.FIELDS:
                for raw in leaf.lexicon(field):
                    ours, whoosh = stored.get(field, raw.decode()), postings.decode(leaf, field, raw.decode())
                    # Written before later deletions, which readers remove per commit: compare live documents.
                    assert ({i: w for i, w in zip(ours.ids.tolist(), ours.weights.tolist()) if i in live}
                            == {i: w for i, w in zip(whoosh.ids.tolist(), whoosh.weights.tolist()) if i in live})
                    assert stored.ids(field, raw.decode()).tolist() == ours.ids.tolist()
                    checked.add(field)
        assert stored.get("title", "absent").ids.tolist() == stored.ids("trade", "Absent").tolist() == []
    assert {"title", "description", "trade", "departement", "kind", "highlighted"} <= checked


def _placed(count):
    return [dict(doc, lat=45.70 + (i % 13) * 0.02, lon=4.80 + (i % 7) * 0.03) for i, doc in enumerate(_many(count))]


def test_search_reads_the_same_without_flat_postings(tmp_path):
    import shutil

    from app.search.engine import postings

    path = tmp_path / "index"
    rebuild(path, _placed(300), procs=1)
    queries = [EngineQuery(q=q, per_page=50) for q in ("atelier pain", "croissant", "four bois", "apprenti")]
    queries += [EngineQuery(q="farine", trades=["Boulanger", "Menuisier"], departements=["69", "13"], per_page=50),
                EngineQuery(kinds=["project"], highlighted_only=True, per_page=50),
                EngineQuery(q="apprenti", near=Circle(*LYON, 4), per_page=50),
                EngineQuery(near=Circle(*LYON, 3), sort="distance", per_page=50)]

    def answers():
        return [([(item.key, item.score, item.distance_km) for item in result.items], result.total, result.facets)
                for result in (search(path, q) for q in queries)]
    expected = answers()
    for folder in (path / current_generation(path)).glob(".postings-*"):
        shutil.rmtree(folder)
    forget()
    postings._opened.clear()
    assert answers() == expected
    assert all(items for items, _total, _facets in expected)


def test_flat_postings_of_another_format_or_truncated_are_not_read(tmp_path, caplog):
    import shutil

    from app.search.engine import postings

    path = tmp_path / "index"
    rebuild(path, _placed(200), procs=1)
    expected = keys(search(path, EngineQuery(q="farine", trades=["Boulanger", "Menuisier"], per_page=50)))
    assert expected
    generation = path / current_generation(path)
    (folder,) = generation.glob(".postings-*")
    old = generation / (postings.PREFIX + folder.name.removeprefix(postings.PREFIX + postings.FORMAT))
    shutil.copytree(folder, old)  # as an earlier version wrote it, beside this version's
    with (folder / postings.IDS).open("r+b") as ids:
        ids.truncate(8)
    forget()
    postings._opened.clear()
    assert keys(search(path, EngineQuery(q="farine", trades=["Boulanger", "Menuisier"], per_page=50))) == expected
    assert "flat postings of" in caplog.text and "unreadable" in caplog.text
    apply_changes(path, [dict(_placed(1)[0], listing_id=900, title="Boulanger tourier")], [])
    assert not old.exists()  # the next commit removes what this version does not read


def test_commits_write_flat_postings_of_new_segments_and_drop_merged_ones(tmp_path):
    path = tmp_path / "index"
    rebuild(path, _many(60), procs=1)
    first = _flat_dirs(path)
    for round_ in range(12):
        apply_changes(path, [dict(_many(1)[0], listing_id=1000 + round_, title=f"Ébéniste {round_}")], [])
    with open_index(path).reader() as reader:
        live = sorted(_flat_name(leaf) for leaf, _ in reader.leaf_readers())
    assert _flat_dirs(path) == live != first
    assert keys(search(path, EngineQuery(q="ébéniste 11"))) == ["project:1011"]


def test_a_failed_flat_postings_write_loses_no_change(tmp_path, monkeypatch, caplog):
    from app.search.engine import postings

    path = tmp_path / "index"
    rebuild(path, _many(20), procs=1)

    def broken(reader, folder):
        raise OSError("disk full")
    monkeypatch.setattr(postings, "_write", broken)
    apply_changes(path, [dict(_many(1)[0], listing_id=500, title="Tapissier décorateur")], [])
    assert keys(search(path, EngineQuery(q="tapissier"))) == ["project:500"]
    assert "flat postings not written" in caplog.text
