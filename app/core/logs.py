"""Logs tagged with the id of the request that wrote them: JSON lines in production, plain text in development."""
import json
import logging
import re
import time
import uuid

from flask import Flask, Response, g, has_request_context, request

REQUEST_ID_HEADER = "X-Request-ID"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
access = logging.getLogger("passerelle.access")


class JsonFormatter(logging.Formatter):
    """Format records as JSON so that values (user input included) are escaped and easy to parse."""

    def format(self, record: logging.LogRecord) -> str:
        """Render one record as a JSON line."""
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class RequestIdFilter(logging.Filter):
    """Attach the current request id (if any) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Add `request_id` to the record."""
        record.request_id = g.get("request_id") if has_request_context() else None
        return True


def init_app(app: Flask) -> None:
    """Configure the root handler (format and level); the hooks below are registered by register_request_hooks."""
    handler = logging.StreamHandler()
    if app.config["LOG_FORMAT"] == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(app.config["LOG_LEVEL"])


def assign_request_id() -> None:
    """before_request: take the caller's X-Request-ID when it is well-formed, else make one; start the clock."""
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def log_request(response: Response) -> Response:
    """after_request: return the request id in X-Request-ID and write the access log line."""
    response.headers[REQUEST_ID_HEADER] = g.get("request_id", "")
    elapsed_ms = (time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000
    access.info("request", extra={"fields": {"method": request.method, "path": request.path,
                                             "status": response.status_code,
                                             "duration_ms": round(elapsed_ms, 1)}})
    return response
