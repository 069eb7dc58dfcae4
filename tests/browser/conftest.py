"""Fixtures of the browser journeys: a live server, Debian's Chromium driven by Playwright, one context per person.

The journeys skip, with the reason, when Chromium, the playwright package or axe-core is missing (a fresh machine's
`make test` stays green) and when DATABASE_URL points to PostgreSQL (they run once, on SQLite). `.ci/run` installs
all three and sets BROWSER_TESTS_REQUIRED=1, so that in CI a missing piece fails instead of skipping.
"""
from __future__ import annotations

import importlib.util
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.browser.helpers import AXE_PATH, assert_accessible

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = REPO_ROOT / "test-artifacts" / "screenshots"
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
# Without the background-networking flags Chromium keeps calling Google services, which a closed network refuses.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DEFAULT_TIMEOUT_MS = 10_000
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
HIGH_LIMIT = "1000 per minute"


def missing_requirement() -> str | None:
    """Why the journeys cannot run on this machine, or None when they can."""
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url.startswith(("postgres://", "postgresql")):
        return ("browser journeys run once, on SQLite: DATABASE_URL points to PostgreSQL "
                "(the SQLite pass of .ci/run runs them)")
    if not CHROMIUM.exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install -y chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is not installed (.venv/bin/pip install -r requirements-dev.txt)"
    if not AXE_PATH.exists():
        return f"axe-core not found at {AXE_PATH} (npm ci --prefix tests/browser)"
    return None


@pytest.fixture(scope="session", autouse=True)
def _browser_requirements():
    """Skip every journey, with the reason, when something it needs is missing (fail instead in CI)."""
    reason = missing_requirement()
    if reason:
        if os.environ.get("BROWSER_TESTS_REQUIRED") == "1" and "PostgreSQL" not in reason:
            pytest.fail(f"BROWSER_TESTS_REQUIRED=1 but {reason}", pytrace=False)
        pytest.skip(reason)


@dataclass
class LiveServer:
    """The app served over HTTP in a background thread, with its folders."""

    app: object
    url: str
    root: Path

    @property
    def mail_dir(self) -> Path:
        """Where the file mail backend writes the e-mails."""
        return Path(self.app.config["MAIL_FILE_DIR"])

    def run(self, function, *args, **kwargs):
        """Call a service function inside an app context (to prepare what the UI cannot, e.g. staff accounts)."""
        from app.extensions import db

        with self.app.app_context():
            try:
                return function(*args, **kwargs)
            finally:
                db.session.remove()


@pytest.fixture(scope="session")
def live_server(_browser_requirements, tmp_path_factory):
    """The app with CSRF on (real forms), a file SQLite database and its own folders, on 127.0.0.1:<free port>."""
    from werkzeug.serving import WSGIRequestHandler, make_server

    from app import create_app
    from app.extensions import db
    from config import TestingConfig

    root = tmp_path_factory.mktemp("browser-server")

    class BrowserConfig(TestingConfig):
        INSTANCE_DIR = root
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{root / 'passerelle.db'}"
        SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
        WTF_CSRF_ENABLED = True
        SEARCH_INDEX_DIR = str(root / "search-index")
        UPLOAD_DIR = str(root / "uploads")
        MAIL_FILE_DIR = str(root / "mail")
        # Every request comes from 127.0.0.1: the limits stay on, high enough for the journeys.
        RATELIMIT_LOGIN_IP = RATELIMIT_LOGIN_ACCOUNT = RATELIMIT_RESET_IP = RATELIMIT_RESET_ACCOUNT = HIGH_LIMIT
        RATELIMIT_SIGNUP_IP = RATELIMIT_CONFIRM_RESEND = RATELIMIT_PASSWORD_CHANGE = HIGH_LIMIT
        RATELIMIT_APPLY = RATELIMIT_INTEREST = RATELIMIT_API = RATELIMIT_ALERT_SAVE = HIGH_LIMIT
        RATELIMIT_ACCOUNT_DELETE = HIGH_LIMIT
        LOG_LEVEL = "WARNING"  # a failing journey's report shows its errors, not every request

    class QuietHandler(WSGIRequestHandler):
        def log_request(self, *args, **kwargs) -> None:
            """No access-log line per request (errors are still logged)."""

    app = create_app(BrowserConfig)
    with app.app_context():
        db.create_all()
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    url = f"http://127.0.0.1:{server.server_port}"
    app.config["PUBLIC_URL"] = url  # links in e-mails and pages lead back to this server
    thread = threading.Thread(target=server.serve_forever, name="browser-live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(app=app, url=url, root=root)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def browser(_browser_requirements):
    """Debian's headless Chromium, launched once for the session."""
    from playwright.sync_api import sync_playwright

    for stale in SCREENSHOT_DIR.glob("*.png"):  # only this run's failures stay in the folder
        stale.unlink()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Actors:
    """One browser context (own cookies) per person of the journeys; remembers the page each one last used."""

    browser: object
    base_url: str
    pages: dict = field(default_factory=dict)
    contexts: list = field(default_factory=list)
    csp_errors: dict = field(default_factory=dict)
    last_active: object = None

    def page(self, name: str, phone: bool = False):
        """The page of the person called `name`, created on first use (phone-sized when asked)."""
        if name not in self.pages:
            options = dict(PHONE) if phone else {"viewport": DESKTOP}
            context = self.browser.new_context(base_url=self.base_url, locale="fr-FR", timezone_id="Europe/Paris",
                                               **options)
            context.set_default_timeout(DEFAULT_TIMEOUT_MS)
            page = context.new_page()
            self.csp_errors[name] = []
            page.on("console", lambda message, name=name: self._console(name, message))
            page.on("framenavigated", lambda frame, page=page: self._navigated(page, frame))
            self.contexts.append(context)
            self.pages[name] = page
        self.last_active = self.pages[name]
        return self.pages[name]

    def _console(self, name: str, message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.csp_errors[name].append(message.text)

    def _navigated(self, page, frame) -> None:
        if frame == page.main_frame:
            self.last_active = page

    def check(self, name: str) -> None:
        """The current page of `name` has no serious/critical axe violation and broke no CSP rule."""
        page = self.pages[name]
        page.wait_for_load_state("load")
        errors, self.csp_errors[name] = self.csp_errors[name], []
        assert not errors, f"Content-Security-Policy violations on {page.url}:\n" + "\n".join(errors)
        assert_accessible(page)

    def close(self) -> None:
        """Close every context."""
        for context in self.contexts:
            context.close()
        self.contexts.clear()
        self.pages.clear()


@pytest.fixture(scope="module")
def actors(browser, live_server):
    """The people of a journey module; their sessions last across the module's tests."""
    registry = Actors(browser=browser, base_url=live_server.url)
    yield registry
    registry.close()


@pytest.fixture(autouse=True)
def _screenshot_target(request):
    """Let the failure hook find the pages of this test (only tests that use `actors` have any)."""
    if "actors" in request.fixturenames:
        request.node._browser_actors = request.getfixturevalue("actors")
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """When a journey fails, keep a full-page PNG of each open page under test-artifacts/screenshots/."""
    outcome = yield
    report = outcome.get_result()
    actors = getattr(item, "_browser_actors", None)
    if report.when not in ("setup", "call") or not report.failed or actors is None or not actors.pages:
        return
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.name)
    saved = []
    for name, page in actors.pages.items():
        path = SCREENSHOT_DIR / (f"{stem}.png" if page is actors.last_active else f"{stem}--{name}.png")
        try:
            page.screenshot(path=str(path), full_page=True, timeout=5_000)
        except Exception as error:  # a crashed page must not hide the test's own failure
            saved.append(f"{name}: no screenshot ({error.__class__.__name__})")
        else:
            saved.append(f"{name} ({page.url}): {path.relative_to(REPO_ROOT)}")
    report.sections.append(("screenshots", "Screenshots kept in test-artifacts/screenshots/:\n" + "\n".join(saved)))
