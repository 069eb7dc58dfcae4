"""Freshness across nodes: how long after a change made through node A node B's own index has it, B idle or busy.

    .venv/bin/python -m bench.freshness [--listings 2000] [--trials 5]

Two gunicorn nodes (deploy/gunicorn.conf.py, 2 workers each) share the generated database (a copy, for SQLite) and
each has its own copy of the index. An admin suspends then reinstates one published offer through node A; this
process polls node B's index directory (its sync state against the outbox, which sends B no request) until B has
applied the change. B is measured idle (no request at all) and busy (4 threads loading its pages), with its ticker
(the defaults: TICKER_SECONDS=1, SEARCH_CATCHUP_SECONDS=2) and without (TICKER_SECONDS=0: only requests catch up).
Needs the data of `make bench-load BENCH_LISTINGS=N` (bench/load.py generates it).
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import threading
import time
import urllib.parse
from pathlib import Path

from bench import common
from bench.load import _cookies, _header, login

ADMIN_EMAIL = "admin@passerelle-bench.fr"
TIMEOUT = 15.0  # seconds; beyond, the cron line `search sync` (every minute) is what would apply the change
POLL = 0.01
HIDDEN = re.compile(r'<input[^>]*name="(?P<name>[\w-]+)"[^>]*value="(?P<value>[^"]*)"')


def prepare(n: int, work: Path) -> dict[str, str]:
    """Copy the generated database (SQLite) and index for the two nodes; the environment of this process and B."""
    source_db = common.bench_dir() / f"passerelle-{n}.db"
    url = os.environ.get("DATABASE_URL") or ""
    if not url.startswith("postgresql"):
        if not source_db.exists() or not (common.index_dir(n) / "CURRENT").exists():
            raise SystemExit(f"no generated data for {n} listings: run `make bench-load BENCH_LISTINGS={n}` first")
        shutil.copyfile(source_db, work / "shared.db")
        url = f"sqlite:///{work / 'shared.db'}"
    for node in ("a", "b"):
        shutil.rmtree(work / node, ignore_errors=True)
        shutil.copytree(common.index_dir(n), work / node / "index")
    return {"DATABASE_URL": url, "SEARCH_INDEX_DIR": str(work / "b" / "index")}


def _request(base_url: str, method: str, path: str, cookies: dict[str, str], body: dict | None = None):
    """One request to a node with the admin's cookies, which it updates; the status and body."""
    connection = http.client.HTTPConnection("127.0.0.1", urllib.parse.urlsplit(base_url).port, timeout=30)
    headers = {"Cookie": _header(cookies)}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=urllib.parse.urlencode(body) if body is not None else None,
                       headers=headers)
    response = connection.getresponse()
    text = response.read().decode()
    cookies.update(_cookies(response))  # the session changes when the page puts its CSRF secret in it
    return response.status, text


def decide(base_url: str, cookies: dict[str, str], listing_id: int, action: str) -> None:
    """Suspend or reinstate a listing through the moderation form of a node, as an admin would."""
    status, page = _request(base_url, "GET", f"/moderation/annonces/{listing_id}", cookies)
    if status != 200:
        raise RuntimeError(f"the review page of listing {listing_id} answered {status}")
    body = {m["name"]: m["value"] for m in HIDDEN.finditer(page) if m["name"].startswith(f"{action}-")}
    body.update({f"{action}-reason": "other", f"{action}-message": "Banc d’essai de fraîcheur."})
    status, _page = _request(base_url, "POST", f"/moderation/annonces/{listing_id}/decision/{action}", cookies, body)
    if status != 302:
        raise RuntimeError(f"{action} of listing {listing_id} answered {status}")


class Load(threading.Thread):
    """Threads requesting B's offer and search pages until stopped (B busy)."""

    def __init__(self, base_url: str, paths: list[str], threads: int = 4):
        super().__init__(daemon=True)
        self.base_url, self.paths, self.threads = base_url, paths, threads
        self.stopping = threading.Event()
        self.requests = 0

    def run(self) -> None:
        """Start the loading threads and wait for them."""
        workers = [threading.Thread(target=self._hammer, args=(k,), daemon=True) for k in range(self.threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()

    def _hammer(self, offset: int) -> None:
        i = offset
        while not self.stopping.is_set():
            common.http_get(self.base_url + self.paths[i % len(self.paths)])
            self.requests += 1
            i += self.threads


def measure(a_url: str, b_url: str, cookies: dict[str, str], listing_id: int, trials: int, state: dict) -> list[float | None]:
    """Seconds from A's answer to B's index holding each change (None: not within TIMEOUT)."""
    from app.extensions import db
    from app.search import pending_count

    delays = []
    for _ in range(trials):
        time.sleep(random.uniform(0.5, 2.5))  # a different moment of B's ticker and throttle each time
        action = "reinstate" if state["suspended"] else "suspend"
        decide(a_url, cookies, listing_id, action)
        state["suspended"] = not state["suspended"]
        written = time.monotonic()
        delay = None
        while time.monotonic() - written < TIMEOUT:
            behind = pending_count()
            db.session.remove()
            if behind == 0:
                delay = time.monotonic() - written
                break
            time.sleep(POLL)
        delays.append(delay)
        while delay is None and pending_count():  # a request lets B catch up before the next trial measures anew
            db.session.remove()
            common.http_get(b_url + "/healthz")
            time.sleep(0.5)
        db.session.remove()
    return delays


def run(n: int, trials: int) -> dict:
    """Start the nodes, measure each situation of B and return the figures."""
    from sqlalchemy import select

    from app.extensions import db
    from app.models import Offer
    from app.models.listing_states import ListingStatus

    app = common.bench_app()
    figures: dict = {"listings": n, "trials": trials, "machine": common.machine(), "situations": {}}
    with app.app_context():
        offers = db.session.execute(select(Offer.id, Offer.slug).where(Offer.status == ListingStatus.PUBLISHED)
                                    .order_by(Offer.id).limit(200)).all()
        paths = [f"/offres/{row.id}-{row.slug}" for row in offers[1:]] + [
            "/recherche?q=apprenti&type=offer", "/api/v1/search?q=boulanger", "/recherche?q=coiffure&near=33000"]
        listing_id = offers[0].id
        state = {"suspended": False}
        node_env = {"DATABASE_URL": os.environ["DATABASE_URL"]}
        with common.Server(n, log_name="gunicorn-fresh-a.log",
                           env=node_env | {"SEARCH_INDEX_DIR": str(work_dir() / "a" / "index")}) as node_a:
            cookies = dict(part.split("=", 1) for part in
                           login(node_a.url, ADMIN_EMAIL, common.BENCH_PASSWORD).split("; "))
            for ticker, seconds in (("avec ticker", "1"), ("sans ticker", "0")):
                env = node_env | {"SEARCH_INDEX_DIR": os.environ["SEARCH_INDEX_DIR"], "TICKER_SECONDS": seconds}
                with common.Server(n, log_name="gunicorn-fresh-b.log", env=env) as node_b:
                    for busy in (False, True):
                        name = f"B {'occupé' if busy else 'inactif'}, {ticker}"
                        print(f"Measuring « {name} »...", flush=True)
                        load = Load(node_b.url, paths) if busy else None
                        if load:
                            load.start()
                        started = time.monotonic()
                        # Idle without a ticker, B never applies the change by itself: two trials show it.
                        count = trials if busy or seconds != "0" else min(trials, 2)
                        delays = measure(node_a.url, node_b.url, cookies, listing_id, count, state)
                        result = {"delays": delays}
                        if load:
                            load.stopping.set()
                            load.join(30)
                            result["rps"] = load.requests / (time.monotonic() - started)
                        figures["situations"][name] = result
            if state["suspended"]:
                decide(node_a.url, cookies, listing_id, "reinstate")
    return figures


def work_dir():
    """Where the copies live (under BENCH_DIR)."""
    path = common.bench_dir() / "freshness"
    path.mkdir(parents=True, exist_ok=True)
    return path


def report(figures: dict) -> str:
    """The printed (Markdown) report."""
    m = figures["machine"]
    rows = []
    for name, data in figures["situations"].items():
        seen = [d for d in data["delays"] if d is not None]
        missed = len(data["delays"]) - len(seen)
        rows.append([name, len(data["delays"]), min(seen) if seen else None, common.percentile(seen, 50) if seen
                     else None, max(seen) if seen else None, f"{missed} sur {len(data['delays'])}",
                     data.get("rps")])
    return "\n".join([
        f"## Fraîcheur entre nœuds, {common.fmt(figures['listings'])} annonces", "",
        f"{m['date']} · {m['cpu']} · {m['cores']} cœurs · Python {m['python']} · commit {m['commit']} · "
        f"charge moyenne au départ {m.get('loadavg', '?')}", "",
        "Deux nœuds gunicorn (2 workers chacun) sur une même base, chacun son index ; un changement (suspension ou "
        "rétablissement d’une offre) fait par le nœud A ; délai jusqu’à ce que l’index du nœud B l’ait appliqué, lu "
        "dans son répertoire (aucune requête à B). Réglages par défaut : TICKER_SECONDS=1, SEARCH_CATCHUP_SECONDS=2.",
        "",
        common.table(["situation de B", "essais", "min s", "médiane s", "max s", f"non vus en {TIMEOUT:.0f} s",
                      "req/s servies par B"], rows)])


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=common.listings_count(2000))
    parser.add_argument("--trials", type=int, default=5)
    args = parser.parse_args()
    if not 1 <= args.trials <= 50:
        parser.error("--trials must be between 1 and 50")
    common.use_bench_env(args.listings)
    os.environ.update(prepare(args.listings, work_dir()))  # before config is imported: this process reads B's index
    figures = run(args.listings, args.trials)
    text = report(figures)
    print()
    print(text)
    out = common.bench_dir() / f"freshness-{args.listings}.json"
    out.write_text(json.dumps(figures, ensure_ascii=False, indent=1, default=str))
    print(f"\n(figures saved to {out})")


if __name__ == "__main__":
    main()
