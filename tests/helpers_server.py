"""Run the app under a real gunicorn server for process-level fault tests, and talk to it over plain HTTP."""
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

from config import BASE_DIR, TestingConfig

SETTINGS_ENV = "PASSERELLE_TEST_SERVER"
LISTENING = re.compile(r"Listening at: http://127\.0\.0\.1:(\d+)")


def create_server_app():
    """gunicorn entry point: the test app configured from $PASSERELLE_TEST_SERVER (JSON), with its fault hooks."""
    from app import create_app

    settings = json.loads(os.environ[SETTINGS_ENV])
    root = Path(settings["root"])

    class Config(TestingConfig):
        INSTANCE_DIR = root
        SQLALCHEMY_DATABASE_URI = settings["database"]
        UPLOAD_DIR = str(root / "uploads")
        MAIL_FILE_DIR = str(root / "mail")
        SEARCH_INDEX_DIR = str(root / "search-index")
        RATELIMIT_ENABLED = False  # every request comes from 127.0.0.1: limits are not what these tests are about
        PROPAGATE_EXCEPTIONS = False  # as in production: the French 500 page, the traceback in the log

    for name, value in settings.get("config", {}).items():  # per-test settings, e.g. SEARCH_CATCHUP_SECONDS
        setattr(Config, name, value)
    app = create_app(Config)
    if settings.get("pause_before_commit"):
        _pause_apply_before_commit(Path(settings["pause_before_commit"]), float(settings.get("pause_seconds", 30)))
    return app


def _pause_apply_before_commit(marker: Path, seconds: float) -> None:
    """Make the first transaction that wrote an application stop just before its commit (CV on disk, rows flushed).

    Uses SQLAlchemy's public session events, so it does not depend on the order of apply()'s own calls.
    """
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from app.models.application import Application

    @event.listens_for(Session, "after_flush")
    def note_application(session, context):
        if any(isinstance(obj, Application) for obj in session.new):
            session.info["wrote_application"] = True

    @event.listens_for(Session, "before_commit")
    def pause(session):
        if session.info.pop("wrote_application", False) and not marker.exists():
            marker.write_text(str(os.getpid()))
            time.sleep(seconds)


class Server:
    """A gunicorn master and its workers in their own process group, logging to a file."""

    def __init__(self, root: Path, database: str, workers: int = 1, threads: int = 1, **settings):
        self.root = Path(root)
        self.log_path = self.root / f"gunicorn-{uuid.uuid4().hex[:6]}.log"
        self.settings = {"root": str(self.root), "database": database, **settings}
        self.workers, self.threads = workers, threads
        self.process: subprocess.Popen | None = None
        self.port: int | None = None

    def start(self, timeout: float = 20) -> "Server":
        """Start gunicorn on a free port of 127.0.0.1 and wait until a worker answers."""
        env = {**os.environ, SETTINGS_ENV: json.dumps(self.settings), "PYTHONDONTWRITEBYTECODE": "1"}
        args = [sys.executable, "-m", "gunicorn", "--bind", "127.0.0.1:0", "--workers", str(self.workers),
                "--worker-class", "gthread", "--threads", str(self.threads), "--timeout", "60",
                "--graceful-timeout", "2", "tests.helpers_server:create_server_app()"]
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(args, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log()}")
            found = LISTENING.search(self.log())
            if found:
                self.port = int(found.group(1))
                try:
                    if Client(self).get("/connexion").status == 200:
                        return self
                except OSError:
                    pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within {timeout} s:\n{self.log()}")

    def log(self) -> str:
        """What the server wrote so far."""
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        """Stop the master (TERM, then KILL of the whole group we started)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)  # workers left behind by a master that did not stop
        except ProcessLookupError:
            pass
        self.process.wait(timeout=5)

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class Response:
    """Status, headers and text of an HTTP answer."""

    def __init__(self, status: int, headers: dict[str, str], text: str):
        self.status, self.headers, self.text = status, headers, text


class Client:
    """A tiny HTTP client that keeps cookies and never follows redirects."""

    def __init__(self, server: Server, timeout: float = 30):
        self.server, self.timeout = server, timeout
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None,
                content_type: str | None = None) -> Response:
        """Send one request on a new connection and return the answer."""
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=self.timeout)
        headers = {"Host": f"127.0.0.1:{self.server.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            text = answer.read().decode("utf-8", errors="replace")
            for header in answer.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return Response(answer.status, dict(answer.headers), text)
        finally:
            connection.close()

    def get(self, path: str) -> Response:
        """GET a path."""
        return self.request("GET", path)

    def post(self, path: str, fields: dict[str, str], files: dict[str, tuple[str, bytes]] | None = None) -> Response:
        """POST a form (multipart when files are given)."""
        if not files:
            return self.request("POST", path, urlencode(fields).encode(), "application/x-www-form-urlencoded")
        boundary = uuid.uuid4().hex
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                 for k, v in fields.items()]
        for name, (filename, data) in files.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                         f"Content-Type: application/pdf\r\n\r\n".encode() + data + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request("POST", path, body, f"multipart/form-data; boundary={boundary}")
