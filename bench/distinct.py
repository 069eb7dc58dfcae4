"""Honest search benchmark (`make bench`): distinct queries, each sent once to the API under gunicorn (2 workers),
interleaved query by query with the same query on SQLite FTS5 and on PostgreSQL full-text search.

    make bench BENCH_LISTINGS=2000 BENCH_QUERIES=400      # a couple of minutes
    .venv/bin/python -m bench.distinct --listings 100000 --queries 1200 [--skip-reindex] [--no-postgres]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from bench import common
from bench.baselines import Fts5, Postgres, document_of, load_rows, postgres_url
from bench.queries import KINDS, Query, QueryGenerator

WARM_SAMPLE = 80  # queries replayed at the end: what a cache per index commit gives


def whoosh_call(base_url: str):
    """GET /api/v1/search over HTTP, one connection per request; return the total."""

    def call(query: Query) -> int:
        status, body = common.http_get(f"{base_url}/api/v1/search?{query.query_string}")
        if status != 200:
            raise RuntimeError(f"{query.query_string}: HTTP {status} {body[:200]!r}")
        return json.loads(body)["total"]

    return call


def loadavg() -> str:
    """The 1, 5 and 15 minute load averages."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def interleave(queries: list[Query], engines: dict[str, object]) -> list[dict]:
    """Send each query once to every engine, in an order that rotates so no engine always goes first."""
    names = list(engines)
    records = []
    for number, query in enumerate(queries):
        record = {"kind": query.kind, "query": query.query_string, "ms": {}, "total": {}}
        for name in names[number % len(names):] + names[:number % len(names)]:
            started = time.perf_counter()
            record["total"][name] = engines[name](query)
            record["ms"][name] = (time.perf_counter() - started) * 1000
        records.append(record)
    return records


def summarise(records: list[dict], names: list[str]) -> dict:
    """Per kind and engine: p50/p95/p99, and the share of queries whose totals agree with Whoosh's."""
    kinds = {}
    for kind in KINDS:
        rows = [r for r in records if r["kind"] == kind]
        entry = {"queries": len(rows)}
        for name in names:
            ms = [r["ms"][name] for r in rows]
            entry[name] = {q: common.percentile(ms, q) for q in (50, 95, 99)}
            if name != "Whoosh":
                entry[name]["agree"] = sum(r["total"][name] == r["total"]["Whoosh"] for r in rows) / max(len(rows), 1)
        kinds[kind] = entry
    return kinds


def run(n: int, count: int, do_reindex: bool, use_postgres: bool) -> dict:
    """Prepare data, index and baselines, then measure; return the figures."""
    from bench.search import ensure_data, reindex

    app = common.bench_app()
    figures: dict = {"listings": n, "queries": count, "machine": common.machine()}
    scratch = Path(tempfile.mkdtemp(prefix="passerelle-distinct-"))
    with app.app_context():
        figures["generate_s"] = ensure_data(n)
        if do_reindex or figures["generate_s"] is not None or not (common.index_dir(n) / "CURRENT").exists():
            print("Rebuilding the search index...", flush=True)
            figures["indexed"], figures["reindex_s"] = reindex()
            print(f"  {figures['indexed']:,} documents in {figures['reindex_s']:.1f} s", flush=True)
        rows = list(load_rows())
    figures["published"] = len(rows)
    queries = QueryGenerator([document_of(r) for r in rows]).generate(count)
    pg_context = postgres_url() if use_postgres else None
    try:
        engines: dict = {}
        started = time.perf_counter()
        fts5 = Fts5(scratch / "fts5.db", rows)
        figures["fts5_build_s"] = time.perf_counter() - started
        pg = None
        if pg_context is not None:
            url = pg_context.__enter__()
            if url is None:
                print("PostgreSQL skipped: no PostgreSQL binaries under /usr/lib/postgresql and no DATABASE_URL.")
            else:
                started = time.perf_counter()
                pg = Postgres(url, rows)
                figures["postgres_build_s"] = time.perf_counter() - started
        else:
            print("PostgreSQL skipped (--no-postgres).")
        with common.Server(n, workers=2, log_name="gunicorn-distinct.log") as server:
            engines["Whoosh"] = whoosh_call(server.url)
            engines["FTS5"] = fts5.search
            if pg is not None:
                engines["PostgreSQL"] = pg.search
            for warm_up in ({"q": "x"}, {}):  # each worker opens its searcher once (not a query of the run)
                for _ in range(2):
                    common.http_get(f"{server.url}/api/v1/search?" + "&".join(f"{k}={v}" for k, v in warm_up.items()))
            figures["load_before"] = loadavg()
            print(f"Sending {len(queries)} distinct queries to {', '.join(engines)} (load {figures['load_before']})",
                  flush=True)
            records = interleave(queries, engines)
            figures["load_after"] = loadavg()
            warm = interleave(queries[:WARM_SAMPLE], {"Whoosh": engines["Whoosh"]})
            figures["warm"] = {q: common.percentile([r["ms"]["Whoosh"] for r in warm], q) for q in (50, 95, 99)}
            workers = server.worker_pids()
            figures["worker_private_mb"] = [round(common.private_memory_mb(p).get("private", 0), 1) for p in workers]
        figures["engines"] = list(engines)
        figures["kinds"] = summarise(records, list(engines))
        figures["disagreements"] = [r for r in records if len(set(r["total"].values())) > 1][:40]
        fts5.close()
        if pg is not None:
            pg.close()
    finally:
        if pg_context is not None:
            pg_context.__exit__(None, None, None)
        shutil.rmtree(scratch, ignore_errors=True)
    return figures


def report(figures: dict) -> str:
    """The Markdown report of a run."""
    m, names = figures["machine"], figures["engines"]
    lines = [f"## Distinct queries, {common.fmt(figures['listings'])} listings ({common.fmt(figures['published'])} "
             f"published), {figures['queries']} queries, each sent once", "",
             f"{m['date']} · {m['cpu']} · {m['cores']} cores · commit {m['commit']} · load average "
             f"{figures['load_before']} before, {figures['load_after']} after", ""]
    if figures.get("reindex_s") is not None:
        lines.append(f"- Full reindex: {figures['reindex_s']:.1f} s ({figures['indexed']} documents)")
    lines.append(f"- Baselines built in {figures['fts5_build_s']:.1f} s (FTS5)"
                 + (f", {figures['postgres_build_s']:.1f} s (PostgreSQL)" if "postgres_build_s" in figures else ""))
    lines.append(f"- Worker private memory after the run: {figures['worker_private_mb']} MiB")
    warm = figures["warm"]
    lines.append(f"- Warm cache (the first {WARM_SAMPLE} queries replayed once more): Whoosh p50 {warm[50]:.1f} ms, "
                 f"p95 {warm[95]:.1f} ms, p99 {warm[99]:.1f} ms")
    lines.append("")
    headers = ["kind", "n"] + [f"{e} p50/p95/p99" for e in names]
    headers += [f"W/{e} p50" for e in names[1:]] + [f"W/{e} p95" for e in names[1:]]
    headers += [f"totals = {e}" for e in names[1:]]
    rows = []
    for kind, entry in figures["kinds"].items():
        w = entry["Whoosh"]
        row = [kind, entry["queries"]]
        row += [f"{entry[e][50]:.1f} / {entry[e][95]:.1f} / {entry[e][99]:.1f}" for e in names]
        row += [f"{w[50] / entry[e][50]:.1f}×" for e in names[1:]]
        row += [f"{w[95] / entry[e][95]:.1f}×" for e in names[1:]]
        row += [f"{entry[e]['agree']:.0%}" for e in names[1:]]
        rows.append(row)
    lines.append(common.table(headers, rows))
    lines += ["", "Milliseconds, wall time seen by the client: Whoosh is the whole HTTP API (gunicorn, 2 sync "
              "workers, one connection per request, JSON with snippets); FTS5 and PostgreSQL are one SQL statement "
              "in this process (page of 20, total and four facets), no HTTP. Totals differ where the engines "
              "match differently: Passerelle stems French (plurals, feminines, -erie) and corrects typos, "
              "FTS5 only folds accents, PostgreSQL's `french` stemmer splits boulanger/boulangère/boulangerie."]
    return "\n".join(lines)


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=common.listings_count())
    parser.add_argument("--queries", type=int, default=int(os.environ.get("BENCH_QUERIES", "1200")))
    parser.add_argument("--skip-reindex", action="store_true", help="reuse the existing index")
    parser.add_argument("--no-postgres", action="store_true", help="compare with FTS5 only")
    args = parser.parse_args()
    common.use_bench_env(args.listings)
    figures = run(args.listings, args.queries, not args.skip_reindex, not args.no_postgres)
    text = report(figures)
    print()
    print(text)
    out = common.bench_dir() / f"distinct-{args.listings}.json"
    out.write_text(json.dumps(figures, ensure_ascii=False, indent=1, default=str))
    (common.bench_dir() / f"distinct-{args.listings}.md").write_text(text + "\n")
    print(f"\n(figures saved to {out})")


if __name__ == "__main__":
    main()
