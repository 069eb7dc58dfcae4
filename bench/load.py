"""Load test: gunicorn (2 workers, 127.0.0.1) on the generated data, driven by wrk for a bounded time per target.

    .venv/bin/python -m bench.load --listings 100000 [--duration 15] [--connections 4] [--skip-reindex] [--only offre]

Reports requests/s, p50/p95/p99 latency, errors, the private memory of each worker and the reindex time.
Without wrk (apt-get install wrk), a small threaded Python client is used instead (it is slower than wrk).
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import resource
import shutil
import subprocess  # nosec B404 - fixed commands, no shell
import threading
import time
import urllib.parse

from bench import common
from bench.search import QUERY_KINDS, query_string

LUA = """
local paths = {%(paths)s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format('RESULT {"requests": %%d, "duration_us": %%d, "p50": %%d, "p95": %%d, "p99": %%d, ' ..
    '"max": %%d, "status_errors": %%d, "socket_errors": %%d}\\n', summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""
# Issue 8's targets on a 2-core machine at 100,000 listings: (minimum requests/s, maximum p95 in ms).
TARGETS = {"recherche": (150, 100), "offre": (400, None)}


def lua_string(text: str) -> str:
    """A Lua string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def pick_paths(n: int) -> dict[str, list[str]]:
    """The URLs of each target: several variants so that caches see realistic variety."""
    from sqlalchemy import select

    from app.extensions import db
    from app.models import Offer
    from app.models.listing_states import ListingStatus

    offers = db.session.execute(select(Offer.id, Offer.slug).where(Offer.status == ListingStatus.PUBLISHED)
                                .order_by(Offer.id).limit(5_000)).all()
    step = max(1, len(offers) // 200)
    filters = [("boulanger", "Boulanger", "69003"), ("coiffure", "Coiffeur", "33000"), ("", "Électricien", "31000"),
               ("apprenti", "Plombier-chauffagiste", "44000"), ("pâtisserie", "Pâtissier", "75011"),
               ("", "Maçon", "59000"), ("alternance", "Mécanicien automobile", "13001"), ("", "Menuisier", "67000")]
    recherche = []
    for q, trade, near in filters:
        for diploma in ("CAP", "BP"):
            recherche.append("/recherche?" + urllib.parse.urlencode(
                {"q": q, "type": "offer", "trade": trade, "diploma": diploma, "near": near, "radius_km": "30"}))
    api = [f"/api/v1/search?{query_string(v)}" for _kind, variants in QUERY_KINDS for v in variants]
    return {"accueil": ["/"], "recherche": recherche,
            "offre": [f"/offres/{row.id}-{row.slug}" for row in offers[::step]],
            "api": api, "tableau de bord": ["/espace-artisan"]}


def login(base_url: str, email: str, password: str) -> str:
    """Sign in through /connexion and return the Cookie header value of the session."""
    parsed = urllib.parse.urlsplit(base_url)
    if parsed.hostname != "127.0.0.1":
        raise ValueError("benchmarks only talk to 127.0.0.1")
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
    connection.request("GET", "/connexion")
    response = connection.getresponse()
    page = response.read().decode()
    cookies = _cookies(response)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    body = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": token.group(1) if token else ""})
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
    connection.request("POST", "/connexion", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": _header(cookies)})
    response = connection.getresponse()
    response.read()
    if response.status != 302:
        raise RuntimeError(f"login failed: HTTP {response.status}")
    cookies.update(_cookies(response))
    return _header(cookies)


def _cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    found = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


def _header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def run_wrk(url: str, paths: list[str], duration: int, connections: int, cookie: str | None) -> dict:
    """Run wrk for `duration` seconds over the paths; return its figures."""
    script = common.bench_dir() / "wrk-paths.lua"
    script.write_text(LUA % {"paths": ", ".join(lua_string(p) for p in paths)})
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s", str(script)]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command + [url], capture_output=True, text=True,  # nosec B603 - fixed command
                            timeout=duration + 60).stdout
    line = next((line for line in output.splitlines() if line.startswith("RESULT ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no result:\n{output}")
    data = json.loads(line[len("RESULT "):])
    seconds = data["duration_us"] / 1e6
    return {"rps": data["requests"] / seconds, "requests": data["requests"], "p50": data["p50"] / 1000,
            "p95": data["p95"] / 1000, "p99": data["p99"] / 1000, "errors": data["status_errors"],
            "socket_errors": data["socket_errors"], "tool": "wrk"}


def run_threads(url: str, paths: list[str], duration: int, connections: int, cookie: str | None) -> dict:
    """A bounded threaded Python client: the fallback when wrk is not installed."""
    deadline = time.monotonic() + duration
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    headers = {"Cookie": cookie} if cookie else {}

    def worker(offset: int) -> None:
        i = offset
        while time.monotonic() < deadline:
            started = time.perf_counter()
            status, _body = common.http_get(url + paths[i % len(paths)], headers)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                errors[0] += status >= 400
            i += connections

    threads = [threading.Thread(target=worker, args=(k,), daemon=True) for k in range(connections)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + 60)
    seconds = time.monotonic() - started
    return {"rps": len(latencies) / seconds, "requests": len(latencies), "p50": common.percentile(latencies, 50),
            "p95": common.percentile(latencies, 95), "p99": common.percentile(latencies, 99), "errors": errors[0],
            "socket_errors": 0, "tool": "python"}


class MemorySampler(threading.Thread):
    """Samples the private memory of the gunicorn workers every second; keeps the maximum per worker."""

    def __init__(self, server: common.Server):
        super().__init__(daemon=True)
        self.server = server
        self.peak: dict[int, dict[str, float]] = {}
        self.stopping = threading.Event()

    def run(self) -> None:
        """Sample until stopped."""
        while not self.stopping.wait(1.0):
            self.sample()

    def sample(self) -> None:
        """Read every worker's smaps_rollup once."""
        for pid in self.server.worker_pids():
            memory = common.private_memory_mb(pid)
            if memory and memory["private"] > self.peak.get(pid, {}).get("private", -1):
                self.peak[pid] = memory


def _client_cpu() -> float:
    """CPU seconds of the load client: this process (Python fallback) plus its finished children (wrk)."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def reindex_with_cli(n: int) -> float:
    """Run `flask --app wsgi search reindex` on the generated data; return the wall-clock seconds."""
    started = time.perf_counter()
    subprocess.run([str(common.ROOT / ".venv" / "bin" / "flask"), "--app", "wsgi", "search", "reindex"],  # nosec
                   cwd=common.ROOT, env=common.bench_env(n), check=True, timeout=900)
    return time.perf_counter() - started


def run(n: int, duration: int, connections: int, do_reindex: bool, only: list[str] | None = None) -> dict:
    """Prepare the data, start gunicorn, load each target in turn and return the figures."""
    from bench.search import ensure_data

    figures: dict = {"listings": n, "duration_s": duration, "connections": connections,
                     "machine": common.machine(), "targets": {}}
    app = common.bench_app()
    with app.app_context():
        generated = ensure_data(n) is not None
        paths = {target: found for target, found in pick_paths(n).items() if not only or target in only}
    if do_reindex or generated or not (common.index_dir(n) / "CURRENT").exists():
        print("Rebuilding the search index (flask search reindex)...", flush=True)
        figures["reindex_s"] = reindex_with_cli(n)
    use_wrk = shutil.which("wrk") is not None
    load = run_wrk if use_wrk else run_threads
    print(f"Load tool: {'wrk' if use_wrk else 'Python threads (install wrk for better figures)'}", flush=True)
    figures["load_tool"] = "wrk" if use_wrk else "python"
    with common.Server(n, workers=2, log_name="gunicorn-load.log") as server:
        sampler = MemorySampler(server)
        sampler.sample()
        figures["memory_idle"] = {str(pid): m for pid, m in sampler.peak.items()}
        cookie = None
        try:
            cookie = login(server.url, common.ARTISAN_EMAIL, common.BENCH_PASSWORD)
        except (RuntimeError, OSError) as error:
            print(f"  login failed ({error}): the dashboard is skipped", flush=True)
        sampler.start()
        for target, target_paths in paths.items():
            headers = {"Cookie": cookie} if target == "tableau de bord" and cookie else {}
            if target == "tableau de bord" and not cookie:
                figures["targets"][target] = None
                continue
            status, _body = common.http_get(server.url + target_paths[0], headers)
            if status != 200:
                print(f"  {target}: {target_paths[0]} answers {status}: n/a", flush=True)
                figures["targets"][target] = None
                continue
            for path in target_paths[:50]:  # warm each worker's caches as a running site would have them
                common.http_get(server.url + path, headers)
            print(f"Loading « {target} » for {duration} s...", flush=True)
            ours = [server.process.pid, *server.worker_pids()]
            started = (time.monotonic(), common.cpu_seconds_busy(), sum(map(common.process_cpu_seconds, ours)),
                       _client_cpu())
            result = load(server.url, target_paths, duration, connections, headers.get("Cookie"))
            elapsed = time.monotonic() - started[0]
            server_cpu = sum(map(common.process_cpu_seconds, ours)) - started[2]
            client_cpu = _client_cpu() - started[3]
            # CPU used by other processes of the machine during the run: they compete with the workers.
            others = max(0.0, common.cpu_seconds_busy() - started[1] - server_cpu - client_cpu)
            capacity = elapsed * (os.cpu_count() or 1)
            result.update(server_cpu_pct=100 * server_cpu / capacity, other_cpu_pct=100 * others / capacity)
            figures["targets"][target] = result
        sampler.stopping.set()
        sampler.join(5)
        sampler.sample()
        figures["memory_peak"] = {str(pid): m for pid, m in sampler.peak.items()}
        master = server.process.pid if server.process else None
        figures["memory_master"] = common.private_memory_mb(master) if master else {}
    return figures


def _per_core(data: dict) -> float | None:
    """Requests per second of workers' CPU time."""
    busy = data.get("server_cpu_pct")
    if not busy:
        return None
    return data["rps"] / (busy / 100 * (os.cpu_count() or 1))


def report(figures: dict) -> str:
    """The printed (Markdown) report of a run."""
    m = figures["machine"]
    lines = [f"## Charge, {common.fmt(figures['listings'])} annonces, gunicorn 2 workers", "",
             f"{m['date']} · {m['cpu']} · {m['cores']} cœurs · {m['memory']} · Python {m['python']} · "
             f"commit {m['commit']} · charge moyenne au départ {m.get('loadavg', '?')}", "",
             f"{figures['duration_s']} s par cible, {figures['connections']} connexions simultanées, "
             f"le client de charge ({figures.get('load_tool', 'wrk')}) tourne sur la même machine ; limites de débit "
             "désactivées (toutes les requêtes viennent de 127.0.0.1).", ""]
    rows = []
    for target, data in figures["targets"].items():
        goal = TARGETS.get(target)
        goal_text = (f"≥ {goal[0]} req/s" + (f", p95 < {goal[1]} ms" if goal[1] else "")) if goal else ""
        if data is None:
            rows.append([target, "n/a", "n/a", "n/a", "n/a", "n/a", "n/a", "n/a", "n/a", goal_text, ""])
            continue
        met = ""
        if goal:
            met = "oui" if data["rps"] >= goal[0] and (goal[1] is None or data["p95"] < goal[1]) else "non"
        rows.append([target, data["rps"], data["p50"], data["p95"], data["p99"], data["errors"] + data["socket_errors"],
                     data.get("server_cpu_pct"), data.get("other_cpu_pct"), _per_core(data), goal_text, met])
    lines.append(common.table(["cible", "req/s", "p50 ms", "p95 ms", "p99 ms", "erreurs", "CPU gunicorn %",
                               "CPU autres %", "req/s par cœur", "objectif", "atteint"], rows))
    lines.append("")
    lines.append("« CPU autres » : part des 2 cœurs prise pendant la mesure par d’autres processus que gunicorn "
                 "et le client de charge (autres programmes de la machine) ; au-delà de quelques %, les chiffres "
                 "sont pessimistes. « req/s par cœur » : requêtes servies par seconde de CPU des workers, "
                 "indépendant de cette concurrence (un cœur entier par worker donnerait environ 2 × ce chiffre).")
    lines.append("")
    idle = figures.get("memory_idle", {})
    if idle:
        lines.append("- Mémoire des workers au démarrage (avant toute requête) : " + ", ".join(
            f"{mem['private']:.0f} Mo privés" for mem in idle.values()))
    peak = figures.get("memory_peak", {})
    if peak:
        worst = max(mem["private"] for mem in peak.values())
        per_worker = ", ".join(f"{mem['private']:.0f} Mo privés dont {mem['private_dirty']:.0f} Mo modifiés "
                               f"(PSS {mem['pss']:.0f} Mo, RSS {mem['rss']:.0f} Mo)" for mem in peak.values())
        lines.append(f"- Mémoire des workers au pic : {per_worker} ; objectif < 300 Mo privés : "
                     f"{'atteint' if worst < 300 else 'non atteint'}")
    if figures.get("memory_master"):
        lines.append(f"- Mémoire du maître gunicorn : {figures['memory_master']['private']:.0f} Mo privés")
    if figures.get("reindex_s") is not None:
        lines.append(f"- `flask search reindex` : {figures['reindex_s']:.1f} s (objectif < 180 s)")
    return "\n".join(lines)


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=common.listings_count())
    parser.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_DURATION", "15")))
    parser.add_argument("--connections", type=int, default=int(os.environ.get("BENCH_CONNECTIONS", "4")))
    parser.add_argument("--skip-reindex", action="store_true", help="reuse the existing index")
    parser.add_argument("--only", action="append", choices=["accueil", "recherche", "offre", "api", "tableau de bord"],
                        help="load only this target (repeatable)")
    args = parser.parse_args()
    if not 1 <= args.duration <= 120:
        parser.error("--duration must be between 1 and 120 seconds")
    common.use_bench_env(args.listings)
    figures = run(args.listings, args.duration, args.connections, not args.skip_reindex, args.only)
    text = report(figures)
    print()
    print(text)
    out = common.bench_dir() / f"load-{args.listings}.json"
    out.write_text(json.dumps(figures, ensure_ascii=False, indent=1, default=str))
    (common.bench_dir() / f"load-{args.listings}.md").write_text(text + "\n")
    print(f"\n(figures saved to {out})")


if __name__ == "__main__":
    main()
