"""Security headers and trusted hosts."""
from app import create_app
from config import ProductionConfig, TestingConfig


def test_every_page_sends_a_strict_content_security_policy(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in response.headers


def test_error_pages_carry_the_headers_too(client):
    response = client.get("/introuvable")
    assert response.status_code == 404
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_unknown_host_is_refused_when_trusted_hosts_are_set(tmp_path):
    class Config(TestingConfig):
        INSTANCE_DIR = tmp_path
        TRUSTED_HOSTS = ["passerelle.example.fr"]

    from app.extensions import db

    app = create_app(Config)
    with app.app_context():
        db.create_all()
    client = app.test_client()
    assert client.get("/", headers={"Host": "passerelle.example.fr"}).status_code == 200
    assert client.get("/", headers={"Host": "evil.example.com"}).status_code == 400


def test_production_refuses_to_start_without_a_real_secret(monkeypatch):
    import pytest

    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError):
        create_app(ProductionConfig)
    monkeypatch.setenv("SECRET_KEY", "dev-only-not-secret")
    with pytest.raises(RuntimeError):
        create_app(ProductionConfig)


def test_each_response_carries_a_request_id_found_in_the_logs(client, caplog):
    import logging

    caplog.set_level(logging.INFO, logger="passerelle.access")
    response = client.get("/", headers={"X-Request-ID": "abc-123"})
    assert response.headers["X-Request-ID"] == "abc-123"
    assert any(getattr(r, "request_id", None) == "abc-123" and r.fields["path"] == "/" for r in caplog.records)
    forged = client.get("/", headers={"X-Request-ID": "<script>alert(1)</script>"})
    assert forged.headers["X-Request-ID"] != "<script>alert(1)</script>"
    assert len(forged.headers["X-Request-ID"]) == 32


def test_log_lines_are_json_with_escaped_values():
    import json
    import logging

    from app.core.logs import JsonFormatter

    record = logging.LogRecord("passerelle", logging.WARNING, __file__, 1, "échec de connexion pour %s",
                               ('"x"\nfaux',), None)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    assert json.loads(line)["message"] == 'échec de connexion pour "x"\nfaux'
