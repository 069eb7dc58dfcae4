"""Shared helpers of the benchmarks: where the generated data lives, the app on it, percentiles, tables, machine."""
from __future__ import annotations

import os
import platform
import socket
import subprocess  # nosec B404 - fixed commands, no shell
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LISTINGS = 100_000
BENCH_PASSWORD = "Banc-Essai-Passerelle-2026!"
ARTISAN_EMAIL = "artisan.bench@passerelle-bench.fr"
SEED = 20260901


def bench_dir() -> Path:
    """The directory holding generated databases and indexes (BENCH_DIR, default instance/bench)."""
    path = Path(os.environ.get("BENCH_DIR", ROOT / "instance" / "bench"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def listings_count(default: int = DEFAULT_LISTINGS) -> int:
    """N from the BENCH_LISTINGS environment variable."""
    return int(os.environ.get("BENCH_LISTINGS", default))


def database_url(n: int) -> str:
    """DATABASE_URL when set (SQLite file or PostgreSQL), else a SQLite file per N under bench_dir()."""
    return os.environ.get("DATABASE_URL") or f"sqlite:///{bench_dir() / f'passerelle-{n}.db'}"


def index_dir(n: int) -> Path:
    """The search index directory of the generated data."""
    return Path(os.environ.get("SEARCH_INDEX_DIR") or bench_dir() / f"index-{n}")


# What production refuses to start without (config.ProductionConfig.check), with values that say they are the bench's.
PRODUCTION_SETTINGS = {
    "PUBLIC_URL": "https://banc-d-essai.passerelle.fr", "TRUSTED_HOSTS": "127.0.0.1,localhost",
    "MAIL_DEFAULT_SENDER": "Passerelle <ne-pas-repondre@passerelle.fr>",
    "LEGAL_PUBLISHER_NAME": "Passerelle, banc d’essai", "LEGAL_PUBLISHER_ADDRESS": "Banc d’essai, sans adresse",
    "LEGAL_PUBLICATION_DIRECTOR": "Banc d’essai", "LEGAL_HOST_NAME": "Cette machine",
    "LEGAL_HOST_ADDRESS": "Banc d’essai, sans adresse", "LEGAL_HOST_PHONE": "Aucun",
    "CONTACT_EMAIL": "contact@passerelle.fr", "DPO_EMAIL": "dpo@passerelle.fr",
    "ACCESSIBILITY_EMAIL": "accessibilite@passerelle.fr",
}


def bench_env(n: int) -> dict[str, str]:
    """Environment for the app (in this process or a child) on the generated data."""
    env = dict(os.environ)
    env.update(DATABASE_URL=database_url(n), SEARCH_INDEX_DIR=str(index_dir(n)), PASSERELLE_ENV="development",
               LOG_LEVEL="WARNING", MAIL_SEND_AFTER_REQUEST="0", PYTHONPATH=str(ROOT))
    return env


def use_bench_env(n: int) -> None:
    """Point this process at the generated data; call before importing config or app."""
    if "config" in sys.modules:
        raise RuntimeError("use_bench_env() must run before config is imported")
    os.environ.update({k: v for k, v in bench_env(n).items() if k != "PYTHONPATH"})
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


def bench_app():
    """The Flask app on the generated data, quiet, without after-request mail and with rate limits off."""
    from app import create_app
    from config import DevelopmentConfig

    class BenchConfig(DevelopmentConfig):
        """Development settings, quiet, without side effects per request."""

        LOG_LEVEL = "WARNING"
        MAIL_SEND_AFTER_REQUEST = False
        RATELIMIT_ENABLED = False

    return create_app(BenchConfig)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def fmt(value, digits: int = 1) -> str:
    """A number for a table ("n/a" for None or NaN)."""
    if value is None or (isinstance(value, float) and value != value):
        return "n/a"
    if isinstance(value, int):
        return f"{value:,}".replace(",", " ")
    return f"{value:,.{digits}f}".replace(",", " ")


def table(headers: list[str], rows: list[list], title: str | None = None) -> str:
    """A Markdown table, printable as is and pasteable into RESULTS.md."""
    cells = [[str(h) for h in headers]] + [[c if isinstance(c, str) else fmt(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [f"### {title}", ""] if title else []
    for number, row in enumerate(cells):
        lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |")
        if number == 0:
            lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def machine() -> dict[str, str]:
    """CPU model, core count, memory, Python and commit of this run."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal"))
        memory = f"{mem_kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        memory = "unknown"
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,  # nosec
                                text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True,  # nosec
                               text=True, timeout=10).stdout.strip()
        commit += " (+ uncommitted changes)" if dirty else ""
    except (OSError, subprocess.SubprocessError):
        commit = "unknown"
    return {"date": time.strftime("%Y-%m-%d %H:%M %Z"), "cpu": cpu, "cores": str(os.cpu_count()),
            "loadavg": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
            "memory": memory, "python": platform.python_version(), "commit": commit}


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def timed(label: str, results: dict[str, float] | None = None):
    """Print how long the block took (and store it under `label`)."""
    started = time.perf_counter()
    yield
    elapsed = time.perf_counter() - started
    if results is not None:
        results[label] = elapsed
    print(f"  {label}: {elapsed:.1f} s", flush=True)


class Server:
    """Gunicorn with deploy/gunicorn.conf.py on 127.0.0.1 and a free port, on the generated data."""

    def __init__(self, n: int, workers: int = 2, log_name: str = "gunicorn.log", env: dict[str, str] | None = None):
        self.n, self.workers, self.env = n, workers, env or {}
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = bench_dir() / log_name
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        import secrets

        # Production settings (JSON logs at INFO, no mail sent by requests); gunicorn's own access log is off
        # because the app already writes one line per request; rate limits are off since every request of the
        # load comes from 127.0.0.1.
        env = bench_env(self.n) | {"PASSERELLE_ENV": "production", "SECRET_KEY": secrets.token_hex(32),
                                   "MAIL_BACKEND": "file", "LOG_LEVEL": "INFO", "RATELIMIT_ENABLED": "0",
                                   "GUNICORN_ACCESS_LOG": "",
                                   "GUNICORN_LOG_LEVEL": "warning", "GUNICORN_MAX_REQUESTS": "0"} | PRODUCTION_SETTINGS
        env |= self.env  # a node of bench/freshness.py: its own index, the ticker's settings
        command = [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
                   "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers), "wsgi:app"]
        log = open(self.log_path, "w")  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,  # nosec
                                        start_new_session=True)
        log.close()
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited, see {self.log_path}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            self.stop()
            raise RuntimeError(f"gunicorn did not start within 90 s, see {self.log_path}")
        while len(self.worker_pids()) < self.workers and time.monotonic() < deadline:
            time.sleep(0.2)  # with preload the socket is open before the workers are forked
        return self

    def worker_pids(self) -> list[int]:
        """The pids of the worker processes (children of the master)."""
        if self.process is None:
            return []
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        except OSError:
            return []
        return [int(pid) for pid in children]

    def stop(self) -> None:
        """Stop the master and its workers (the whole process group), killing them after 10 s."""
        import signal

        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        except ProcessLookupError:
            pass

    def __exit__(self, *exc) -> None:
        self.stop()


def private_memory_mb(pid: int) -> dict[str, float]:
    """Private (unshared) and proportional memory of a process in MiB, from /proc/<pid>/smaps_rollup."""
    fields: dict[str, float] = {}
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            parts = line.split()
            if len(parts) >= 2 and parts[0].endswith(":") and parts[1].isdigit():
                fields[parts[0][:-1]] = int(parts[1]) / 1024
    except OSError:
        return {}
    return {"private": fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0),
            "private_dirty": fields.get("Private_Dirty", 0), "pss": fields.get("Pss", 0),
            "rss": fields.get("Rss", 0)}


def http_get(url: str, headers: dict[str, str] | None = None, timeout: float = 30) -> tuple[int, bytes]:
    """GET a 127.0.0.1 URL; return the status and body (errors included)."""
    import urllib.error
    import urllib.request

    if not url.startswith("http://127.0.0.1:"):
        raise ValueError("benchmarks only talk to 127.0.0.1")
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # nosec B310 - 127.0.0.1 only
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def cpu_seconds_busy() -> float:
    """CPU seconds spent by the whole machine (all cores, everything but idle and iowait) since boot."""
    fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
