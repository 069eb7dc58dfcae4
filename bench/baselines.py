"""The baselines of the distinct-query benchmark: SQLite FTS5 and PostgreSQL full-text search over the same listings.

Each answers a Query as the API does: a page of 20 (relevance, date or distance), the total and the facet counts
(type, trade, diploma, departement), in ONE statement whose CTE finds the hits once.
"""
from __future__ import annotations

import math
import os
import shutil
import sqlite3
import subprocess  # nosec B404 - fixed commands, no shell
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.queries import Document, Query, document_words

PER_PAGE = 20
KM_PER_DEGREE = 111.195
FACETS = ("kind", "trade", "diploma", "departement")
COLUMNS = ("id", "title", "trade_label", "description", "business_name", "kind", "trade", "diploma", "departement",
           "highlighted", "published_at", "lat", "lon")


def load_rows() -> Iterator[tuple]:
    """The published listings as the index sees them (listing_document), plus the business postcode last."""
    from app.core.time import utcnow
    from app.extensions import db
    from app.models import Listing
    from app.models.listing_states import PUBLIC
    from app.search.listings import listing_document, listings_query

    today = utcnow().date()
    listings = db.session.scalars(listings_query().where(Listing.status.in_(PUBLIC)).order_by(Listing.id)
                                  .execution_options(yield_per=2_000))
    for listing in listings:
        d = listing_document(listing, today)
        yield (d["listing_id"], d["title"], d["trade_label"], d["description"], d["business_name"], d["kind"],
               d["trade"], d["diploma"], d["departement"], bool(d["highlighted"]), d["published_at"],
               d["lat"], d["lon"], listing.business.postcode)
    db.session.rollback()


def document_of(row: tuple) -> Document:
    """The query generator's view of a row of load_rows()."""
    return Document(words=document_words(row[1], row[2], row[3]), kind=row[5], trade=row[6], diploma=row[7],
                    departement=row[8], postcode=row[13], highlighted=row[9])


class Plan:
    """What a query asks, engine-neutral: words, filters, place, order and offset."""

    def __init__(self, query: Query):
        from app.geo import resolve_place
        from app.reference.trades import Diploma, find_trade, get_trade

        self.words = query.get("q").split()
        self.filters: dict[str, list[str]] = {
            "kind": query.values("type"),
            "trade": [(get_trade(v) or find_trade(v)).code for v in query.values("trade")],
            "diploma": [Diploma.lookup(v).value for v in query.values("diploma")],
            "departement": query.values("departement"),
        }
        self.highlighted = query.get("highlighted") == "1"
        self.place = None
        if query.get("near"):
            commune = resolve_place(query.get("near"))[0]
            self.place = (commune.lat, commune.lon, float(query.get("radius_km", "30")))
        self.sort = query.get("sort", "relevance")
        self.offset = (int(query.get("page", "1")) - 1) * PER_PAGE

    def where(self, mark: str, match: str | None) -> tuple[list[str], list]:
        """SQL conditions and their parameters (`mark` is the driver's placeholder)."""
        where, params = ([match] if match else []), []
        for column, values in self.filters.items():
            if values:
                where.append(f"m.{column} IN ({', '.join([mark] * len(values))})")
                params.extend(values)
        if self.highlighted:
            where.append("m.highlighted")
        if self.place:
            lat, lon, radius = self.place
            where.append(f"{self.distance2(lat, lon)} <= {radius * radius:f}")
        return where, params

    @staticmethod
    def distance2(lat: float, lon: float) -> str:
        """Squared equirectangular distance in km² (within 0.5 % of haversine under 50 km)."""
        k = KM_PER_DEGREE * math.cos(math.radians(lat))
        return (f"((m.lat - {lat:f}) * {KM_PER_DEGREE}) * ((m.lat - {lat:f}) * {KM_PER_DEGREE}) + "
                f"((m.lon - {lon:f}) * {k:f}) * ((m.lon - {lon:f}) * {k:f})")

    def order(self, score: str) -> str:
        """ORDER BY of the page (`score` with its direction)."""
        if self.sort == "distance" and self.place:
            return "d2"
        if self.sort == "date" or not self.words:
            return "published_at DESC"
        return score


def one_statement(plan: Plan, source: str, where: list[str], score: str, mark: str, best_first: str) -> str:
    """The page, the total and the facets in one statement: a materialised CTE of the hits, then UNION ALL."""
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    d2 = plan.distance2(*plan.place[:2]) if plan.place else "0"
    facets = " ".join(f"UNION ALL SELECT '{f}', {f}, count(*) FROM hits GROUP BY {f}" for f in FACETS)
    order = plan.order(f"score {best_first}")
    # Only numbers, fixed names and placeholders go into the text: the values are parameters.
    return (f"WITH hits AS MATERIALIZED (SELECT m.id, m.kind, m.trade, m.diploma, m.departement, "  # nosec B608
            f"m.published_at, {score} AS score, {d2} AS d2 FROM {source}{clause}) "
            f"SELECT 'page', CAST(id AS TEXT), 0 FROM (SELECT id FROM hits ORDER BY {order} "
            f"LIMIT {PER_PAGE} OFFSET {mark}) AS page {facets}")


def total_of(rows: list[tuple]) -> int:
    """The total of a one_statement() answer: the sum of its type facet."""
    return sum(n for facet, _value, n in rows if facet == "kind")


# --- SQLite FTS5 -----------------------------------------------------------------------------------------------

FTS5_SCHEMA = """
CREATE VIRTUAL TABLE docs USING fts5(title, trade_label, description, business_name,
                                     tokenize = 'unicode61 remove_diacritics 2');
CREATE TABLE meta (id INTEGER PRIMARY KEY, kind TEXT, trade TEXT, diploma TEXT, departement TEXT,
                   highlighted INTEGER, published_at TEXT, lat REAL, lon REAL);
CREATE INDEX ix_meta_published ON meta (published_at);
"""


class Fts5:
    """SQLite FTS5 (unicode61, accents removed, bm25 weighted like the index's fields)."""

    name = "FTS5"

    def __init__(self, path: Path, rows: list[tuple]):
        self.connection = sqlite3.connect(path)
        self.connection.executescript(FTS5_SCHEMA)
        self.connection.executemany("INSERT INTO docs(rowid, title, trade_label, description, business_name) "
                                    "VALUES (?, ?, ?, ?, ?)", (r[:5] for r in rows))
        self.connection.executemany("INSERT INTO meta VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                    ((r[0], *r[5:9], int(r[9]), r[10].isoformat(), r[11], r[12]) for r in rows))
        self.connection.execute("INSERT INTO docs(docs) VALUES ('optimize')")
        self.connection.commit()

    def search(self, query: Query) -> int:
        """Run the query; return its total."""
        plan = Plan(query)
        match = None
        params: list = []
        if plan.words:
            match = "docs MATCH ?"
            params.append(" ".join('"' + w.replace('"', '""') + '"' for w in plan.words))
        where, filter_params = plan.where("?", match)
        source = "docs JOIN meta m ON m.id = docs.rowid" if plan.words else "meta m"
        score = "bm25(docs, 3.0, 2.0, 1.0, 1.5)" if plan.words else "0"
        sql = one_statement(plan, source, where, score, "?", "ASC")  # bm25: lower is better
        return total_of(self.connection.execute(sql, params + filter_params + [plan.offset]).fetchall())

    def close(self) -> None:
        """Close the database."""
        self.connection.close()


# --- PostgreSQL ------------------------------------------------------------------------------------------------

PG_SCHEMA = """
DROP TABLE IF EXISTS bench_fts_docs;
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'bench_french') THEN
    CREATE TEXT SEARCH CONFIGURATION bench_french (COPY = french);
    ALTER TEXT SEARCH CONFIGURATION bench_french ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
  END IF;
END $$;
CREATE TABLE bench_fts_docs (id integer PRIMARY KEY, title text, trade_label text, description text,
  business_name text, kind text, trade text, diploma text, departement text, highlighted boolean,
  published_at timestamp, lat double precision, lon double precision,
  tsv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('bench_french', coalesce(title, '')), 'A') ||
    setweight(to_tsvector('bench_french', coalesce(trade_label, '')), 'B') ||
    setweight(to_tsvector('bench_french', coalesce(business_name, '')), 'B') ||
    setweight(to_tsvector('bench_french', coalesce(description, '')), 'C')) STORED);
"""


class Postgres:
    """PostgreSQL full-text search: french stemmer behind unaccent, GIN index, ts_rank, facets by GROUP BY."""

    name = "PostgreSQL"

    def __init__(self, url: str, rows: list[tuple]):
        import psycopg

        self.connection = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)
        self.connection.execute(PG_SCHEMA)
        with self.connection.cursor() as cursor, cursor.copy(
                f"COPY bench_fts_docs ({', '.join(COLUMNS)}) FROM STDIN") as copy:  # nosec B608 - fixed names
            for row in rows:
                copy.write_row(row[:13])
        self.connection.execute("CREATE INDEX ix_bench_fts_tsv ON bench_fts_docs USING gin (tsv)")
        self.connection.execute("CREATE INDEX ix_bench_fts_published ON bench_fts_docs (published_at)")
        self.connection.execute("ANALYZE bench_fts_docs")

    def search(self, query: Query) -> int:
        """Run the query; return its total."""
        plan = Plan(query)
        params: list = []
        match, score = None, "0"
        if plan.words:
            match, score = "m.tsv @@ q.tsq", "ts_rank(m.tsv, q.tsq)"
            params.append(" ".join(plan.words))
        where, filter_params = plan.where("%s", match)
        source = ("bench_fts_docs m, plainto_tsquery('bench_french', %s) AS q(tsq)" if plan.words
                  else "bench_fts_docs m")
        sql = one_statement(plan, source, where, score, "%s", "DESC")
        return total_of(self.connection.execute(sql, params + filter_params + [plan.offset]).fetchall())

    def close(self) -> None:
        """Drop the baseline table and disconnect."""
        self.connection.execute("DROP TABLE IF EXISTS bench_fts_docs")
        self.connection.close()


def postgres_bin() -> Path | None:
    """The newest installed PostgreSQL bin directory, or None."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


@contextmanager
def postgres_url(port: int = 54341) -> Iterator[str | None]:
    """BENCH_PG_URL, DATABASE_URL when it is PostgreSQL, else a throwaway cluster on `port` (None without binaries)."""
    url = os.environ.get("BENCH_PG_URL") or os.environ.get("DATABASE_URL", "")
    if url.startswith("postgresql"):
        yield url
        return
    bin_dir = postgres_bin()
    if bin_dir is None:
        yield None
        return
    data = Path(tempfile.mkdtemp(prefix="passerelle-bench-pg-"))
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    try:
        if as_postgres:
            shutil.chown(data, "postgres")
        run = dict(check=True, capture_output=True, timeout=120)
        subprocess.run(as_postgres + [str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"],
                       **run)  # nosec B603
        subprocess.run(as_postgres + [str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(data / "log"), "-w",
                                      "-o", f"-p {port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off",
                                      "start"], **run)  # nosec B603
        subprocess.run(as_postgres + [str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U",
                                      "postgres", "bench"], **run)  # nosec B603
        yield f"postgresql://postgres@127.0.0.1:{port}/bench"
    finally:
        subprocess.run(as_postgres + [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                       capture_output=True, timeout=60)  # nosec B603
        shutil.rmtree(data, ignore_errors=True)
