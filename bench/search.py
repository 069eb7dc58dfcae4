"""Search benchmark (`make bench`): reindex time, then p50/p95 of the main query kinds through the engine, the API
(Flask test client and HTTP under gunicorn) and SQLite FTS5 over the same listings as a baseline.

    make bench                         # 100,000 listings (generated on first use, about 30 s, then reused)
    make bench BENCH_LISTINGS=5000     # a quick run
    .venv/bin/python -m bench.search --listings 5000 --rounds 3 [--skip-reindex] [--no-http]
"""
from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import sqlite3
import tempfile
import time
import urllib.parse
from pathlib import Path

from bench import common

# (kind, API parameter variants): the same words are used for FTS5.
QUERY_KINDS: list[tuple[str, list[dict[str, str]]]] = [
    ("mot simple", [{"q": w} for w in ("boulanger", "coiffure", "électricien", "pâtisserie", "menuisier",
                                       "carrosserie", "fleuriste", "plombier", "ébéniste", "chocolat")]),
    ("plusieurs mots", [{"q": q} for q in ("apprenti pâtissier CAP", "boulangerie levain bio",
                                           "électricien panneaux solaires", "coiffeuse couleur balayage",
                                           "maçon façades chaux", "mécanicien véhicules électriques",
                                           "ébéniste meubles sur mesure", "fleuriste mariage bouquets")]),
    ("filtres", [{"q": "apprenti", "type": "offer", "trade": "Boulanger", "diploma": "CAP", "departement": "69"},
                 {"q": "alternance", "type": "offer", "trade": "Coiffeur", "departement": "33"},
                 {"q": "", "type": "offer", "diploma": "BP", "departement": "75"},
                 {"q": "chantier", "trade": "Maçon", "trade_2": "Couvreur", "departement": "44"},
                 {"q": "", "type": "project", "departement": "13"},
                 {"q": "apprentie", "diploma": "CAP", "diploma_2": "Bac pro", "departement": "59"},
                 {"q": "", "highlighted": "1", "type": "offer"},
                 {"q": "électricien", "type": "offer", "departement": "31"}]),
    ("près + rayon", [{"q": "boulanger", "near": "69003", "radius_km": "20"},
                      {"q": "coiffure", "near": "33000", "radius_km": "30"},
                      {"q": "", "near": "75011", "radius_km": "10"},
                      {"q": "plombier", "near": "44000", "radius_km": "50"},
                      {"q": "pâtissier", "near": "13001", "radius_km": "15", "sort": "distance"},
                      {"q": "", "near": "29000", "radius_km": "40", "sort": "distance"},
                      {"q": "menuisier", "near": "67000", "radius_km": "30"},
                      {"q": "apprenti", "near": "31000", "radius_km": "25"}]),
    ("facettes, requête large", [{"q": ""}, {"q": "apprenti"}, {"type": "offer"}, {"q": "alternance"},
                                 {"q": "entreprise"}, {"type": "project"}, {"q": "apprentissage"},
                                 {"q": "formation"}]),
    ("tri par date", [{"q": "boulanger", "sort": "date"}, {"sort": "date"}, {"q": "coiffure", "sort": "date"},
                      {"q": "apprenti", "sort": "date"}, {"type": "offer", "sort": "date", "departement": "69"},
                      {"q": "électricien", "sort": "date"}, {"q": "maçon", "sort": "date"},
                      {"sort": "date", "type": "project"}]),
]


def api_args(variant: dict[str, str]) -> list[tuple[str, str]]:
    """Query-string pairs of a variant ("trade_2" repeats "trade")."""
    return [(key.split("_")[0] if key.endswith("_2") else key, value) for key, value in variant.items()]


def query_string(variant: dict[str, str]) -> str:
    """The URL query of a variant."""
    return urllib.parse.urlencode(api_args(variant))


# --- FTS5 baseline -------------------------------------------------------------------------------------------

FTS_SCHEMA = """
CREATE VIRTUAL TABLE docs USING fts5(title, trade_label, description, business_name,
                                     tokenize = 'unicode61 remove_diacritics 2');
CREATE TABLE meta (id INTEGER PRIMARY KEY, kind TEXT, trade TEXT, diploma TEXT, departement TEXT,
                   highlighted INTEGER, published_at TEXT, lat REAL, lon REAL);
"""


def build_fts(path: Path) -> tuple[sqlite3.Connection, int, float]:
    """Copy the published listings into an FTS5 database at `path`; return it, the row count and the seconds."""
    from app.core.time import utcnow
    from app.extensions import db
    from app.models import Listing
    from app.models.listing_states import PUBLIC
    from app.search.listings import listing_document, listings_query  # the documents the index is built from

    started = time.perf_counter()
    connection = sqlite3.connect(path)
    connection.executescript(FTS_SCHEMA)
    today = utcnow().date()
    count = 0
    listings = db.session.scalars(listings_query().where(Listing.status.in_(PUBLIC)).order_by(Listing.id)
                                  .execution_options(yield_per=2_000))
    batch_docs, batch_meta = [], []
    for listing in listings:
        doc = listing_document(listing, today)
        batch_docs.append((doc["listing_id"], doc["title"], doc["trade_label"], doc["description"],
                           doc["business_name"]))
        batch_meta.append((doc["listing_id"], doc["kind"], doc["trade"], doc["diploma"], doc["departement"],
                           int(bool(doc["highlighted"])), doc["published_at"].isoformat(), doc["lat"], doc["lon"]))
        if len(batch_docs) >= 5_000:
            count += _flush_fts(connection, batch_docs, batch_meta)
    count += _flush_fts(connection, batch_docs, batch_meta)
    connection.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    connection.execute("CREATE INDEX ix_meta_published ON meta (published_at)")
    connection.commit()
    db.session.rollback()
    return connection, count, time.perf_counter() - started


def _flush_fts(connection: sqlite3.Connection, docs: list, meta: list) -> int:
    connection.executemany("INSERT INTO docs(rowid, title, trade_label, description, business_name) "
                           "VALUES (?, ?, ?, ?, ?)", docs)
    connection.executemany("INSERT INTO meta VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", meta)
    count = len(docs)
    docs.clear()
    meta.clear()
    return count


def fts_search(connection: sqlite3.Connection, variant: dict[str, str], facets: bool = True) -> int:
    """The FTS5 equivalent of one API search: a page of 20 (bm25 or date), the total and four facet counts.

    No French stemming (accents only are folded); `near` is a bounding box without the exact distance.
    """
    from app.geo import bounding_box, resolve_place
    from app.reference.trades import Diploma, find_trade

    where, params = [], []
    words = [w for w in variant.get("q", "").split() if w]
    if words:
        where.append("docs MATCH ?")
        params.append(" ".join('"' + w.replace('"', '""') + '"' for w in words))
    for name, column, convert in (("type", "kind", str), ("trade", "trade", lambda v: find_trade(v).code),
                                  ("diploma", "diploma", lambda v: Diploma.lookup(v).value),
                                  ("departement", "departement", str)):
        values = [convert(v) for k, v in variant.items() if k.split("_")[0] == name]
        if values:
            where.append(f"m.{column} IN ({', '.join('?' * len(values))})")
            params.extend(values)
    if variant.get("highlighted") == "1":
        where.append("m.highlighted = 1")
    if variant.get("near"):
        commune = resolve_place(variant["near"])[0]
        south, west, north, east = bounding_box(commune.lat, commune.lon, float(variant.get("radius_km", 30)))
        where.append("m.lat BETWEEN ? AND ? AND m.lon BETWEEN ? AND ?")
        params.extend((south, north, west, east))
    source = "docs JOIN meta m ON m.id = docs.rowid" if words else "meta m"
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    if variant.get("sort") == "distance":
        dlat, dlon = f"(m.lat - {commune.lat:f})", f"(m.lon - {commune.lon:f})"
        order = f"{dlat} * {dlat} + {dlon} * {dlon}"
    elif variant.get("sort") == "date" or not words:
        order = "m.published_at DESC"
    else:
        order = "bm25(docs, 3.0, 2.0, 1.0, 1.5)"
    connection.execute(f"SELECT m.id FROM {source}{clause} ORDER BY {order} LIMIT 20", params).fetchall()  # nosec
    if not facets:
        return connection.execute(f"SELECT count(*) FROM {source}{clause}", params).fetchone()[0]  # nosec B608
    total = 0
    for column in ("kind", "trade", "diploma", "departement"):
        rows = connection.execute(f"SELECT m.{column}, count(*) FROM {source}{clause} "  # nosec B608
                                  f"GROUP BY m.{column}", params).fetchall()
        if column == "kind":
            total = sum(n for _value, n in rows)
    return total


# --- measuring -----------------------------------------------------------------------------------------------

def measure(call, variants: list[dict[str, str]], rounds: int) -> tuple[list[float], int]:
    """Milliseconds of `call(variant)` over rounds × variants (after one untimed pass), and the median total."""
    totals = [call(variant) for variant in variants]
    samples = []
    for _ in range(rounds):
        for variant in variants:
            started = time.perf_counter()
            call(variant)
            samples.append((time.perf_counter() - started) * 1000)
    return samples, int(common.percentile(totals, 50))


def engine_call(app):
    """Search through app.search.engine directly (no database, no JSON): what the index costs."""
    from werkzeug.datastructures import MultiDict

    from app.search import parse_search_args
    from app.search.engine import search  # the engine alone: what this benchmark measures
    from app.search.run import engine_query

    index = app.config["SEARCH_INDEX_DIR"]

    def call(variant: dict[str, str]) -> int:
        params = engine_query(parse_search_args(MultiDict(api_args(variant))))
        return search(index, params).total

    return call


def client_call(client):
    """GET /api/v1/search through the Flask test client."""

    def call(variant: dict[str, str]) -> int:
        response = client.get(f"/api/v1/search?{query_string(variant)}")
        if response.status_code != 200:
            raise RuntimeError(f"{variant}: HTTP {response.status_code} {response.get_data(as_text=True)[:200]}")
        return response.get_json()["total"]

    return call


def http_call(base_url: str):
    """GET /api/v1/search over HTTP (one connection per request, as gunicorn's sync workers do)."""

    def call(variant: dict[str, str]) -> int:
        status, body = common.http_get(f"{base_url}/api/v1/search?{query_string(variant)}")
        if status != 200:
            raise RuntimeError(f"{variant}: HTTP {status} {body[:200]!r}")
        return json.loads(body)["total"]

    return call


def ensure_data(n: int) -> float | None:
    """Generate N listings unless the database already holds exactly N with the current schema; return seconds."""
    from bench.generate import existing_listings, generate, schema_is_current

    if existing_listings() == n and schema_is_current():
        return None
    print(f"Generating {n:,} listings...", flush=True)
    return generate(n, reset=True)["total"]


def reindex() -> tuple[int, float]:
    """Rebuild the search index from the database (as `flask search reindex` does); return count and seconds."""
    import app.search as search
    from app.search.engine import forget

    started = time.perf_counter()
    count = search.reindex()
    forget()
    return count, time.perf_counter() - started


def run(n: int, rounds: int, do_reindex: bool, http: bool) -> dict:
    """Run the whole benchmark in the current process and return its figures."""
    app = common.bench_app()
    figures: dict = {"listings": n, "machine": common.machine(), "kinds": {}}
    with app.app_context():
        figures["generate_s"] = ensure_data(n)
        from app.search import published_count

        figures["published"] = published_count()
        if do_reindex or figures["generate_s"] is not None or not (common.index_dir(n) / "CURRENT").exists():
            print("Rebuilding the search index...", flush=True)
            figures["indexed"], figures["reindex_s"] = reindex()
            print(f"  {figures['indexed']:,} documents in {figures['reindex_s']:.1f} s", flush=True)
        client = app.test_client()
        started = time.perf_counter()
        client.get("/api/v1/search?q=boulanger")
        figures["first_request_ms"] = (time.perf_counter() - started) * 1000
        fts_dir = Path(tempfile.mkdtemp(prefix="passerelle-fts-"))
        try:
            print("Building the FTS5 baseline...", flush=True)
            fts, fts_rows, fts_s = build_fts(fts_dir / "fts.db")
            figures["fts_build_s"] = fts_s
            print(f"  {fts_rows:,} rows in {fts_s:.1f} s", flush=True)
            engine, api = engine_call(app), client_call(client)
            for kind, variants in QUERY_KINDS:
                print(f"Measuring « {kind} »...", flush=True)
                row = figures["kinds"][kind] = {}
                for mode, call in (("engine", engine), ("api", api), ("fts5", lambda v: fts_search(fts, v)),
                                   ("fts5_page", lambda v: fts_search(fts, v, facets=False))):
                    samples, total = measure(call, variants, rounds)
                    row[mode] = {"p50": common.percentile(samples, 50), "p95": common.percentile(samples, 95),
                                 "total": total}
            fts.close()
        finally:
            shutil.rmtree(fts_dir, ignore_errors=True)
    if http:
        print("Measuring through HTTP (gunicorn, 2 workers)...", flush=True)
        with common.Server(n, workers=2, log_name="gunicorn-search.log") as server:
            call = http_call(server.url)
            for kind, variants in QUERY_KINDS:
                samples, _total = measure(call, variants, rounds)
                figures["kinds"][kind]["http"] = {"p50": common.percentile(samples, 50),
                                                  "p95": common.percentile(samples, 95)}
    return figures


def report(figures: dict) -> str:
    """The printed (Markdown) report of a run."""
    m = figures["machine"]
    lines = [f"## Recherche, {common.fmt(figures['listings'])} annonces ({common.fmt(figures['published'])} publiées)",
             "", f"{m['date']} · {m['cpu']} · {m['cores']} cœurs · {m['memory']} · Python {m['python']} · "
             f"commit {m['commit']} · charge moyenne au départ {m.get('loadavg', '?')}", ""]
    if figures.get("reindex_s") is not None:
        lines.append(f"- Réindexation complète : {figures['reindex_s']:.1f} s pour {figures['indexed']:,} "
                     f"documents (cible < 180 s)".replace(",", " "))
    lines.append("- Première requête API après ouverture (searcher à froid) : "
                 f"{figures['first_request_ms']:.0f} ms")
    lines.append(f"- Construction de la base FTS5 de référence : {figures['fts_build_s']:.1f} s")
    lines.append("")
    rows = []
    for kind, row in figures["kinds"].items():
        http = row.get("http", {})
        ratio = row["api"]["p95"] / row["fts5"]["p95"] if row["fts5"]["p95"] > 0 else math.nan
        page = row.get("fts5_page", {})
        rows.append([kind, row["api"]["total"], row["engine"]["p50"], row["engine"]["p95"], row["api"]["p50"],
                     row["api"]["p95"], http.get("p50"), http.get("p95"), row["fts5"]["p50"], row["fts5"]["p95"],
                     page.get("p50"), page.get("p95"), row["fts5"]["total"], f"{ratio:.1f}×"])
    lines.append(common.table(["requête", "résultats", "moteur p50", "moteur p95", "API p50", "API p95",
                               "HTTP p50", "HTTP p95", "FTS5 p50", "FTS5 p95", "FTS5 page p50", "FTS5 page p95",
                               "FTS5 résultats", "API/FTS5 p95"], rows))
    lines += ["", "Temps en millisecondes ; « résultats » : médiane du total des variantes. « moteur » : "
              "app.search.engine seul ; « API » : /api/v1/search par le client de test Flask (base + JSON) ; « HTTP » : "
              "la même API servie par gunicorn (2 workers), une requête à "
              "la fois ; FTS5 : page de 20 + 4 facettes (dont le total) en SQL ; « FTS5 page » : page de 20 + "
              "total sans facettes. FTS5 n’a pas de racinisation française (seuls les accents sont repliés), "
              "d’où moins de résultats sur les mots au pluriel ou au féminin.",
              "Cible : API p95 < 50 ms à faible charge."]
    return "\n".join(lines)


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=common.listings_count())
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", "5")))
    parser.add_argument("--skip-reindex", action="store_true", help="reuse the existing index")
    parser.add_argument("--no-http", action="store_true", help="skip the gunicorn/HTTP measurements")
    args = parser.parse_args()
    common.use_bench_env(args.listings)
    figures = run(args.listings, args.rounds, not args.skip_reindex, not args.no_http)
    text = report(figures)
    print()
    print(text)
    out = common.bench_dir() / f"search-{args.listings}.json"
    out.write_text(json.dumps(figures, ensure_ascii=False, indent=1, default=str))
    (common.bench_dir() / f"search-{args.listings}.md").write_text(text + "\n")
    print(f"\n(figures saved to {out})")


if __name__ == "__main__":
    main()
