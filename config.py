"""Application settings: every setting of the app is named here once, read from the environment here, with its default here.

The rest of the code reads `current_app.config["NAME"]` and never repeats a default. A few environment variables have
an older alias (documented in README or used by existing deployments); the alias is read here only, as a fallback.
"""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("PASSERELLE_INSTANCE_DIR", BASE_DIR / "instance"))
DEFAULT_SECRET = "dev-only-not-secret"


def _bool(name: str, default: bool) -> bool:
    """Read a boolean environment variable ("1", "true", "yes" mean true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _database_url() -> str:
    """Return DATABASE_URL, accepting the postgres:// spelling and choosing the psycopg 3 driver."""
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{INSTANCE_DIR / 'passerelle.db'}"
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def _int(name: str, default: int) -> int:
    """Read an integer environment variable."""
    value = os.environ.get(name)
    return default if value is None or not value.strip() else int(value)


def _float(name: str, default: float) -> float:
    """Read a decimal environment variable."""
    value = os.environ.get(name)
    return default if value is None or not value.strip() else float(value)


def _proxy_count() -> int:
    """The number of reverse proxies to trust, from PROXY_FIX_X_FOR or TRUSTED_PROXIES (0 when unset)."""
    # TRUSTED_PROXIES is an older alias kept so that existing deployments do not break; PROXY_FIX_X_FOR wins.
    return int(os.environ.get("PROXY_FIX_X_FOR") or os.environ.get("TRUSTED_PROXIES") or 0)


def _ratelimit_storage() -> str:
    """Where rate limits are counted: RATELIMIT_STORAGE_URI, else REDIS_URL, else each process's memory."""
    # REDIS_URL is an alias documented in README (platforms that provision Redis set it); kept as a fallback.
    return os.environ.get("RATELIMIT_STORAGE_URI") or os.environ.get("REDIS_URL") or "memory://"


def environment_name() -> str:
    """The configuration to run with (PASSERELLE_ENV: development, testing or production), read at each call."""
    return os.environ.get("PASSERELLE_ENV", "development")


def _engine_options(url: str) -> dict:
    """Engine options: a sized, recycled connection pool for PostgreSQL (DB_POOL_* from the environment)."""
    options: dict = {"pool_pre_ping": True}
    if url.startswith("postgresql"):
        # Each gunicorn worker has its own pool: workers x (pool_size + max_overflow) must stay under the
        # server's max_connections, shared with the cron commands and the other nodes.
        options.update(pool_size=int(os.environ.get("DB_POOL_SIZE", "5")),
                       max_overflow=int(os.environ.get("DB_MAX_OVERFLOW", "5")),
                       pool_timeout=int(os.environ.get("DB_POOL_TIMEOUT", "10")),
                       pool_recycle=int(os.environ.get("DB_POOL_RECYCLE", "1800")))
    return options


LEGAL_SETTINGS = ("LEGAL_PUBLISHER_NAME", "LEGAL_PUBLISHER_ADDRESS", "LEGAL_PUBLICATION_DIRECTOR", "LEGAL_HOST_NAME",
                  "LEGAL_HOST_ADDRESS", "LEGAL_HOST_PHONE", "CONTACT_EMAIL", "DPO_EMAIL", "ACCESSIBILITY_EMAIL")
# Domains that never receive mail (RFC 2606, RFC 6761, mDNS): a contact address there is a leftover demo value.
UNDELIVERABLE_DOMAINS = (".example", ".invalid", ".local", ".localhost", ".test")


def _legal_problems(config) -> list[str]:
    """What is missing or fake among the legal pages' settings (publisher, host, contact addresses)."""
    problems = []
    for name in LEGAL_SETTINGS:
        value = (getattr(config, name, "") or "").strip()
        if not value or "démonstration" in value:
            problems.append(f"{name} must be set for the legal pages.")
        elif name.endswith("_EMAIL") and ("@" not in value or value.lower().endswith(UNDELIVERABLE_DOMAINS)):
            problems.append(f"{name} must be a deliverable e-mail address.")
    return problems


class Config:
    """Settings shared by every environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET)
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS: dict = _engine_options(SQLALCHEMY_DATABASE_URI)
    INSTANCE_DIR = INSTANCE_DIR
    SEARCH_INDEX_DIR = os.environ.get("SEARCH_INDEX_DIR", str(INSTANCE_DIR / "search-index"))
    # Each process applies the changes other nodes wrote to the shared outbox at most this often (0: only cron).
    SEARCH_CATCHUP_SECONDS = float(os.environ.get("SEARCH_CATCHUP_SECONDS", "2"))
    # Each serving process wakes a background ticker this often (0: none), which catches up with the outbox and
    # writes the buffered view counts even when the node receives no request (app/ops/ticker.py).
    TICKER_SECONDS = _float("TICKER_SECONDS", 1.0)
    # Views of public listing pages are counted in memory and written at most this often: a crash loses at most
    # these seconds of counts, and no page writes while it is being served.
    VIEW_COUNT_FLUSH_SECONDS = _float("VIEW_COUNT_FLUSH_SECONDS", 5.0)
    # Apply the outbox at the end of the request (or command) that wrote it; off, only drains apply it.
    SEARCH_SYNC_AFTER_COMMIT = _bool("SEARCH_SYNC_AFTER_COMMIT", True)
    # Outbox rows applied at most at the end of one request; the rest are left to the next drain.
    SEARCH_SYNC_REQUEST_LIMIT = _int("SEARCH_SYNC_REQUEST_LIMIT", 1_000)
    # Seconds a drain waits for the index writer lock before leaving the rows to the next one.
    SEARCH_SYNC_LOCK_TIMEOUT = _float("SEARCH_SYNC_LOCK_TIMEOUT", 2.0)
    # A request may build a missing index only up to this many listings (bigger ones: `flask search reindex`).
    SEARCH_BOOTSTRAP_MAX = _int("SEARCH_BOOTSTRAP_MAX", 2_000)
    UPLOAD_DIR = os.environ.get("UPLOAD_DIR", str(INSTANCE_DIR / "uploads"))
    # Well above the 5 MB file limits (CV_MAX_BYTES, IMAGE_MAX_BYTES): a file a little too big reaches the view,
    # which answers with the form kept and an error next to the field; only far bigger bodies get the 413 page.
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024

    # Mail: "file" writes each message under MAIL_FILE_DIR, "smtp" sends it.
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "file")
    MAIL_FILE_DIR = os.environ.get("MAIL_FILE_DIR", str(INSTANCE_DIR / "mail"))
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", False)
    MAIL_USE_SSL = _bool("MAIL_USE_SSL", False)
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Passerelle <ne-pas-repondre@passerelle.local>")
    # Domain of the Message-ID of each queued mail (stable per row, so a resent duplicate is recognisable); empty:
    # the domain of MAIL_DEFAULT_SENDER's address.
    MAIL_MESSAGE_ID_DOMAIN = os.environ.get("MAIL_MESSAGE_ID_DOMAIN", "")
    # How long a `mail send` run owns the rows it is sending; a run killed mid-dialogue leaves them to the next run
    # after this (far longer than one SMTP dialogue, whose every step times out after 30 seconds).
    MAIL_CLAIM_SECONDS = _int("MAIL_CLAIM_SECONDS", 600)
    # Send queued mail at the end of each request (development); production runs `flask mail send`.
    MAIL_SEND_AFTER_REQUEST = _bool("MAIL_SEND_AFTER_REQUEST", True)
    # The site's public address: every absolute URL (mail links, Atom feed, JSON-LD, canonical links) starts with it,
    # never with the request's Host header (app/core/urls.py).
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000")

    # Legal pages (mentions légales, privacy, accessibility): who publishes and hosts the site, and where to write.
    # The defaults are the demo's, plainly labelled; production refuses to start without real values (check()).
    LEGAL_PUBLISHER_NAME = os.environ.get("LEGAL_PUBLISHER_NAME", "Éditeur de démonstration (à configurer)")
    LEGAL_PUBLISHER_ADDRESS = os.environ.get("LEGAL_PUBLISHER_ADDRESS", "Adresse de démonstration (à configurer)")
    LEGAL_PUBLICATION_DIRECTOR = os.environ.get("LEGAL_PUBLICATION_DIRECTOR", "Directeur de démonstration (à configurer)")
    LEGAL_HOST_NAME = os.environ.get("LEGAL_HOST_NAME", "Hébergeur de démonstration (à configurer)")
    LEGAL_HOST_ADDRESS = os.environ.get("LEGAL_HOST_ADDRESS", "Adresse de démonstration (à configurer)")
    LEGAL_HOST_PHONE = os.environ.get("LEGAL_HOST_PHONE", "01 00 00 00 00 (démonstration)")
    CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "contact@demo.passerelle.example")
    DPO_EMAIL = os.environ.get("DPO_EMAIL", "dpo@demo.passerelle.example")
    ACCESSIBILITY_EMAIL = os.environ.get("ACCESSIBILITY_EMAIL", "accessibilite@demo.passerelle.example")
    # The accessibility statement: its date (YYYY-MM-DD) and, once an RGAA audit is made, its date and the share of
    # criteria met (0 to 100). Without an audit date the site is « non conforme ».
    ACCESSIBILITY_STATEMENT_DATE = os.environ.get("ACCESSIBILITY_STATEMENT_DATE", "2026-12-02")
    ACCESSIBILITY_AUDIT_DATE = os.environ.get("ACCESSIBILITY_AUDIT_DATE", "")
    ACCESSIBILITY_AUDIT_RATE = _float("ACCESSIBILITY_AUDIT_RATE", 0.0)

    # Password hashing (argon2id); tests lower the cost to stay fast.
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 65536
    ARGON2_PARALLELISM = 4

    # Rate limits (Flask-Limiter): shared by every worker and node in Redis when RATELIMIT_STORAGE_URI or
    # REDIS_URL is set (needs the `redis` package), else counted in each process's memory.
    RATELIMIT_STORAGE_URI = _ratelimit_storage()
    # If Redis goes away, limits are counted in memory until it is back rather than failing requests.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True
    # Production refuses in-memory limits with several gunicorn workers (each would grant the whole quota) unless
    # this says it is wanted (deploy/gunicorn.conf.py checks it).
    RATELIMIT_ALLOW_MEMORY = _bool("RATELIMIT_ALLOW_MEMORY", False)
    # Failed logins per account, counted in the database so that every worker and node sees them: after
    # LOGIN_LOCKOUT_THRESHOLD failures in a row the account refuses logins for LOGIN_LOCKOUT_SECONDS, doubled at
    # each further failure up to LOGIN_LOCKOUT_MAX_SECONDS; a successful login resets the count.
    LOGIN_LOCKOUT_THRESHOLD = _int("LOGIN_LOCKOUT_THRESHOLD", 5)
    LOGIN_LOCKOUT_SECONDS = _int("LOGIN_LOCKOUT_SECONDS", 15 * 60)
    LOGIN_LOCKOUT_MAX_SECONDS = _int("LOGIN_LOCKOUT_MAX_SECONDS", 24 * 3600)
    # Account limits (see app/web/auth/routes.py): per IP address, and per typed e-mail or signed-in user.
    RATELIMIT_LOGIN_IP = "10 per minute"
    RATELIMIT_LOGIN_ACCOUNT = "5 per 15 minutes"  # failed tries only
    RATELIMIT_RESET_IP = "5 per hour"
    RATELIMIT_RESET_ACCOUNT = "3 per hour"
    RATELIMIT_SIGNUP_IP = "10 per hour"
    RATELIMIT_CONFIRM_RESEND = "3 per hour"
    RATELIMIT_PASSWORD_CHANGE = "10 per hour"
    RATELIMIT_APPLY = "10 per minute"  # per user, on top of the daily cap
    RATELIMIT_INTEREST = "10 per minute"
    RATELIMIT_MESSAGE = "20 per 10 minutes"  # thread messages per account (or per contact link)
    RATELIMIT_CLAIM_CODE = "5 per 15 minutes"  # claim codes typed per account
    RATELIMIT_CLAIM_START = "5 per hour"  # claims started per account: each one may send a code by e-mail
    RATELIMIT_MESSAGE_REPORT = "10 per hour"  # reports of messages per account
    RATELIMIT_API = "120 per minute"  # per IP address, every /api/ route
    RATELIMIT_ALERT_SAVE = "10 per hour"  # per IP address: each save may send a confirmation e-mail
    RATELIMIT_ACCOUNT_DELETE = "5 per 15 minutes"  # deletion attempts, each one a password guess
    REPORTS_RATELIMIT = "5 per hour"  # listing reports per IP address

    CV_MAX_BYTES = 5 * 1024 * 1024
    IMAGE_MAX_BYTES = 5 * 1024 * 1024  # logos and photos, before they are re-encoded
    IMAGE_MAX_PIXELS = 24_000_000  # far below Pillow's own bomb limit: a logo never needs more
    APPLICATION_DAILY_CAP = 20  # applications per candidate per 24 hours
    # How long the link sent to a listing's contact address (no account) opens its application or proposal.
    CONTACT_LINK_DAYS = 90
    # At most one e-mail per thread and per side in this time about new messages (`flask messages notify`).
    MESSAGE_NOTICE_MINUTES = 60
    CLAIM_CODE_MINUTES = 30  # how long a claim code sent by e-mail is valid
    CLAIM_CODE_ATTEMPTS = 5  # wrong codes before the claim goes to the chamber
    # How many different people reporting a listing hide it until staff decide.
    REPORTS_HIDE_THRESHOLD = 3
    # Only reports by confirmed accounts at least this old can hide a listing; other reports, from as many
    # different networks, put it first in the chamber's queue and tell its staff.
    REPORTS_MIN_ACCOUNT_AGE_DAYS = 7

    # Reverse proxies in front of the app (nginx: 1): their X-Forwarded-For/-Proto are trusted, so that per-IP rate
    # limits see the visitor. 0 (the default) ignores these headers, which anyone could send without a proxy.
    PROXY_FIX_X_FOR = _proxy_count()

    # Host names the site answers to (comma-separated); unset means any, which suits development.
    TRUSTED_HOSTS = [h.strip() for h in os.environ.get("TRUSTED_HOSTS", "").split(",") if h.strip()] or None

    # "json" (one object per line, for log collectors) or "text" (for people reading a terminal).
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    # Static files requested with their current ?v=<hash> (app/web/_shared/static_urls.py) are cached this long.
    STATIC_MAX_AGE = int(os.environ.get("STATIC_MAX_AGE", str(365 * 24 * 3600)))

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_NAME = "remember_token"  # Flask-Login's default, named here because the app reads it
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = 60 * 60 * 24 * 30
    WTF_CSRF_TIME_LIMIT = None
    PASSWORD_RESET_MAX_AGE = 3600
    EMAIL_CONFIRM_MAX_AGE = 7 * 24 * 3600
    ALERT_CONFIRM_MAX_AGE = 7 * 24 * 3600  # a saved search's confirmation link


class DevelopmentConfig(Config):
    """Local development: SQLite under instance/, mail written to files."""

    DEBUG = False


class TestingConfig(Config):
    """Test suite: database from TEST_DATABASE_URL/DATABASE_URL or an in-memory SQLite, cheap hashing."""

    TESTING = True
    SECRET_KEY = "testing-secret"
    SQLALCHEMY_DATABASE_URI = _database_url() if os.environ.get("DATABASE_URL") else "sqlite://"
    WTF_CSRF_ENABLED = False
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 1024
    ARGON2_PARALLELISM = 1
    MAIL_BACKEND = "file"
    MAIL_SEND_AFTER_REQUEST = True
    PUBLIC_URL = "http://127.0.0.1:5000"
    RATELIMIT_STORAGE_URI = "memory://"
    SEARCH_CATCHUP_SECONDS = 0.0  # tests that need it turn it on
    TICKER_SECONDS = 0.0  # likewise: without it, view counts are written after each response
    VIEW_COUNT_FLUSH_SECONDS = 0.0


class ProductionConfig(Config):
    """Production: secrets and database from the environment, secure cookies, SMTP mail."""

    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "smtp")
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
    MAIL_SEND_AFTER_REQUEST = _bool("MAIL_SEND_AFTER_REQUEST", False)
    # __Host- cookies: the browser keeps them only when Secure, Path=/ and without Domain, so that no sibling
    # subdomain (or a plain-http page) can plant or overwrite the session.
    SESSION_COOKIE_NAME = "__Host-session"
    REMEMBER_COOKIE_NAME = "__Host-remember_token"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    SESSION_COOKIE_PATH = "/"
    REMEMBER_COOKIE_PATH = "/"
    SESSION_COOKIE_DOMAIN = None
    REMEMBER_COOKIE_DOMAIN = None
    PREFERRED_URL_SCHEME = "https"
    # No development default in production: check() refuses to start without them.
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "")
    LEGAL_PUBLISHER_NAME = os.environ.get("LEGAL_PUBLISHER_NAME", "")
    LEGAL_PUBLISHER_ADDRESS = os.environ.get("LEGAL_PUBLISHER_ADDRESS", "")
    LEGAL_PUBLICATION_DIRECTOR = os.environ.get("LEGAL_PUBLICATION_DIRECTOR", "")
    LEGAL_HOST_NAME = os.environ.get("LEGAL_HOST_NAME", "")
    LEGAL_HOST_ADDRESS = os.environ.get("LEGAL_HOST_ADDRESS", "")
    LEGAL_HOST_PHONE = os.environ.get("LEGAL_HOST_PHONE", "")
    CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "")
    DPO_EMAIL = os.environ.get("DPO_EMAIL", "")
    ACCESSIBILITY_EMAIL = os.environ.get("ACCESSIBILITY_EMAIL", "")

    @classmethod
    def check(cls) -> None:
        """Refuse to start without the settings production needs: a secret key, PUBLIC_URL, hosts, a sender, legal details."""
        problems = []
        if not os.environ.get("SECRET_KEY") or os.environ["SECRET_KEY"] == DEFAULT_SECRET:
            problems.append("SECRET_KEY must be set to a secret value.")
        if not (cls.PUBLIC_URL or "").startswith("https://"):
            problems.append("PUBLIC_URL must be the site's https:// address, e.g. https://passerelle.artisanat.fr.")
        if not cls.TRUSTED_HOSTS:
            problems.append("TRUSTED_HOSTS must list the host names the site answers to, comma-separated.")
        if not cls.MAIL_DEFAULT_SENDER:
            problems.append("MAIL_DEFAULT_SENDER must be set, e.g. Passerelle <ne-pas-repondre@example.fr>.")
        problems.extend(_legal_problems(cls))
        if problems:
            raise RuntimeError("Refusing to start in production: " + " ".join(problems))

    @classmethod
    def check_workers(cls, workers: int) -> None:
        """Refuse in-memory rate limits with several workers, unless RATELIMIT_ALLOW_MEMORY says it is wanted (or
        rate limiting is off, as in the benchmark)."""
        if workers > 1 and cls.RATELIMIT_ENABLED and cls.RATELIMIT_STORAGE_URI.startswith("memory://") and not cls.RATELIMIT_ALLOW_MEMORY:
            raise RuntimeError(
                f"Rate limits are counted in each worker's memory and {workers} workers are configured: each one "
                "would grant the whole quota. Set RATELIMIT_STORAGE_URI (or REDIS_URL) to a shared storage such as "
                "redis://localhost:6379/0, run one worker, or set RATELIMIT_ALLOW_MEMORY=1 to accept it.")


CONFIGS = {"development": DevelopmentConfig, "testing": TestingConfig, "production": ProductionConfig}
