"""Gunicorn settings for Passerelle (Procfile, `make serve`, bench/load.py); every value can come from the environment.

    gunicorn -c deploy/gunicorn.conf.py wsgi:app
"""
import gc
import multiprocessing
import os
import time

# 127.0.0.1 by default: a reverse proxy (deploy/nginx-passerelle.conf) faces the Internet and serves /static.
bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
# Sync workers: each one holds one Whoosh searcher and one database connection; 2 per core suits this app,
# whose requests are CPU-bound (search, templates) rather than waiting on the network.
workers = int(os.environ.get("WEB_CONCURRENCY") or os.environ.get("GUNICORN_WORKERS")
              or min(2 * multiprocessing.cpu_count(), 8))
worker_class = "sync"
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# The app is imported once in the master and forked: geography and code pages are shared by the workers.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") not in ("0", "false", "no")
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
keepalive = 5
# Recycling workers now and then bounds the growth of per-process caches and any slow leak.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "500"))
limit_request_line = 8190
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proxy_allow_ips = forwarded_allow_ips

# The access log carries the request id the app returns in X-Request-ID (app/logs.py), so that a line can be matched
# with the application's own log lines; "-" writes to stdout for systemd or the platform's log collector.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = ('%(h)s - %(t)s "%(r)s" %(s)s %(B)s %(M)sms "%(f)s" "%(a)s" '
                     'request_id=%({x-request-id}o)s')


def on_starting(server):
    """In the master, before anything else: refuse settings that would make every worker grant the whole quota."""
    from config import CONFIGS, ProductionConfig, environment_name

    config_class = CONFIGS[environment_name()]
    if issubclass(config_class, ProductionConfig):
        config_class.check_workers(server.cfg.workers)  # RuntimeError: gunicorn prints it and exits with 1


def when_ready(server):
    """In the master, before forking: load the lazily-built tables and templates so that the workers share them."""
    if not preload_app:
        return
    from app.geo import all_communes, all_postcodes
    from wsgi import app

    all_communes()
    all_postcodes()
    # Compiled once here and shared, instead of compiled by each worker on its first pages (0.4 s for all).
    for name in app.jinja_env.list_templates():
        app.jinja_env.get_template(name)
    # Objects alive now are never collected in the workers: the GC does not touch (and un-share) their pages.
    gc.freeze()


def post_fork(server, worker):
    """In each worker: drop the master's database connections, start the ticker, open the searcher."""
    from app.ops import ticker
    from wsgi import app

    if preload_app:
        from app.extensions import db

        with app.app_context():
            db.engine.dispose(close=False)
    _prepare_index(server, app)
    # Here and not in the master: a thread does not survive the fork. It catches up with the outbox and writes the
    # view counts even while the worker receives no request.
    ticker.start(app)
    _warm_search(server, app)


def worker_exit(server, worker):
    """In each worker as it exits (restart, max_requests, shutdown): write the view counts still in memory."""
    from app.ops import ticker
    from wsgi import app

    ticker.stop(app)


def _prepare_index(server, app):
    """Build this node's index when it has none (an empty one on a fresh database), so that /healthz is 200 at once.

    The first worker builds it under the index's node lock; the others find it built. A database with more than
    SEARCH_BOOTSTRAP_MAX published listings is left to `flask search reindex` (/healthz says 503 until then).
    """
    from app.search import IndexBusy, drain

    try:
        with app.app_context():
            result = drain(bootstrap_max=app.config["SEARCH_BOOTSTRAP_MAX"])
    except IndexBusy:
        return  # another worker is building or draining it right now
    except Exception as exc:  # the worker must start anyway: /healthz reports what is wrong
        server.log.warning("search index not prepared: %r", exc)
        return
    if result.rebuilt is not None:
        server.log.info("search index built with %d listings", result.rebuilt)


def _warm_search(server, app):
    """Serve two searches in-process so that the worker's first visitors do not pay for opening the index (0.3 s)."""
    hosts = app.config["TRUSTED_HOSTS"] or ["localhost"]
    client = app.test_client()
    started = time.monotonic()
    try:
        for path in ("/recherche?q=apprenti&type=offer&near=75011&radius_km=30", "/api/v1/search?q=apprenti"):
            client.get(path, base_url=f"http://{hosts[0]}")
    except Exception as exc:  # the worker must start anyway, e.g. before the first index is built
        server.log.warning("search warm-up failed: %r", exc)
        return
    server.log.info("search warmed up in %.0f ms", (time.monotonic() - started) * 1000)
