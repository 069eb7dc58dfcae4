"""Versioned static URLs: the version follows the file's content, and only current versions are cached long."""
import os
import re

from flask import url_for

from app.web._shared.static_urls import static_version


def test_url_for_static_adds_content_version(app):
    """url_for('static') carries a short hash of the file's content."""
    with app.test_request_context():
        url = url_for("static", filename="css/site.css")
    assert re.fullmatch(r"/static/css/site\.css\?v=[0-9a-f]{12}", url)
    assert url.endswith(static_version(app, "css/site.css"))


def test_missing_file_gets_no_version(app):
    """A file that does not exist keeps a plain URL (and answers 404)."""
    with app.test_request_context():
        assert url_for("static", filename="css/nope.css") == "/static/css/nope.css"
        assert url_for("static", filename="../config.py") == "/static/../config.py"


def test_versioned_url_is_cached_for_a_year(client, app):
    """The current version is public, immutable and cached for a year."""
    with app.test_request_context():
        url = url_for("static", filename="css/site.css")
    response = client.get(url)
    assert response.status_code == 200
    assert response.cache_control.max_age == 365 * 24 * 3600
    assert response.cache_control.public and response.cache_control.immutable


def test_unversioned_or_stale_url_is_revalidated(client):
    """Without the current version the browser must revalidate (no far-future caching)."""
    for url in ("/static/css/site.css", "/static/css/site.css?v=000000000000"):
        response = client.get(url)
        assert response.status_code == 200
        assert not response.cache_control.max_age
        assert not response.cache_control.immutable
    assert client.get("/static/css/nope.css").status_code == 404


def test_version_changes_when_the_file_changes(app, tmp_path):
    """Editing a file changes its URL, without restarting the app."""
    app.static_folder = str(tmp_path)
    path = tmp_path / "app.css"
    path.write_text("body { color: black; }")
    first = static_version(app, "app.css")
    path.write_text("body { color: navy; }")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert static_version(app, "app.css") != first
    assert static_version(app, "app.css") == static_version(app, "app.css")


def test_pages_link_versioned_assets(client):
    """Rendered pages use the versioned URLs."""
    page = client.get("/").get_data(as_text=True)
    assert re.search(r'/static/css/site\.css\?v=[0-9a-f]{12}', page)
