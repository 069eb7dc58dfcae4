"""X-Forwarded-For is trusted only when the number of proxies in front of the app is configured."""
from flask import request

from app import create_app
from config import TestingConfig


def _remote_addr(config_class) -> str:
    app = create_app(config_class)

    @app.get("/_test/remote-addr")
    def remote_addr():
        """The client address as the app (and its per-IP rate limits) sees it."""
        from flask_limiter.util import get_remote_address

        return {"remote_addr": request.remote_addr, "limiter": get_remote_address()}

    client = app.test_client()
    response = client.get("/_test/remote-addr", headers={"X-Forwarded-For": "203.0.113.7"},
                          environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert response.status_code == 200
    data = response.get_json()
    assert data["remote_addr"] == data["limiter"]
    return data["remote_addr"]


def test_forwarded_for_ignored_by_default():
    assert _remote_addr(TestingConfig) == "127.0.0.1"


def test_forwarded_for_honoured_behind_one_proxy():
    class BehindProxy(TestingConfig):
        PROXY_FIX_X_FOR = 1

    assert _remote_addr(BehindProxy) == "203.0.113.7"


def test_only_the_configured_number_of_proxies_is_trusted():
    class BehindProxy(TestingConfig):
        PROXY_FIX_X_FOR = 1

    app = create_app(BehindProxy)

    @app.get("/_test/remote-addr")
    def remote_addr():
        """The client address as the app sees it."""
        return request.remote_addr

    response = app.test_client().get("/_test/remote-addr", headers={"X-Forwarded-For": "198.51.100.1, 203.0.113.7"},
                                     environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert response.get_data(as_text=True) == "203.0.113.7"  # the spoofable first entry is not trusted


def test_proxy_count_read_from_environment(monkeypatch):
    from config import _proxy_count

    monkeypatch.delenv("PROXY_FIX_X_FOR", raising=False)
    monkeypatch.delenv("TRUSTED_PROXIES", raising=False)
    assert _proxy_count() == 0
    monkeypatch.setenv("TRUSTED_PROXIES", "2")
    assert _proxy_count() == 2
    monkeypatch.setenv("PROXY_FIX_X_FOR", "1")
    assert _proxy_count() == 1
