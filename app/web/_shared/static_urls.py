"""Versioned static URLs: url_for('static') adds ?v=<content hash>, and such URLs are cached for a year."""
import hashlib
import os
import threading

from flask import Flask, abort, current_app, request, send_from_directory
from werkzeug.security import safe_join

VERSION_ARG = "v"

_lock = threading.Lock()
# filename -> (mtime_ns, size, version): a stat per url_for call notices edited files without a restart.
_versions: dict[tuple[str, str], tuple[int, int, str]] = {}


def static_version(app: Flask, filename: str) -> str | None:
    """A short hash of a static file's content, or None when the file does not exist."""
    path = safe_join(app.static_folder or "", filename)
    if path is None:
        return None
    try:
        stat = os.stat(path)
    except OSError:
        return None
    key = (app.static_folder or "", filename)
    cached = _versions.get(key)
    if cached and cached[:2] == (stat.st_mtime_ns, stat.st_size):
        return cached[2]
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(65536), b""):
            digest.update(chunk)
    version = digest.hexdigest()[:12]
    with _lock:
        _versions[key] = (stat.st_mtime_ns, stat.st_size, version)
    return version


def init_app(app: Flask) -> None:
    """Add the version to static URLs and serve versioned ones with far-future caching."""

    @app.url_defaults
    def add_static_version(endpoint: str, values: dict) -> None:
        if endpoint == "static" and VERSION_ARG not in values and values.get("filename"):
            version = static_version(current_app, values["filename"])
            if version:
                values[VERSION_ARG] = version

    def static(filename: str):
        """A static file; with the current ?v= version it may be cached for a year, else it is revalidated."""
        if app.static_folder is None:
            abort(404)
        versioned = request.args.get(VERSION_ARG)
        # Only the current version is immutable: an old ?v= (from a cached page) must not pin today's content.
        current = versioned is not None and versioned == static_version(app, filename)
        max_age = app.config["STATIC_MAX_AGE"] if current else None
        response = send_from_directory(app.static_folder, filename, max_age=max_age)
        if current:
            response.cache_control.immutable = True
        return response

    app.view_functions["static"] = static
