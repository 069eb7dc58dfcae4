"""Every request hook is registered from app/__init__.py register_request_hooks, in one order that is checked here."""
from app import create_app
from config import TestingConfig


def _names(functions) -> list[str]:
    """A readable name for each hook (extension hooks are sometimes partials)."""
    return [getattr(getattr(f, "func", f), "__qualname__", repr(f)).rsplit("<locals>.", 1)[-1] for f in functions]


def test_hooks_run_in_the_documented_order():
    app = create_app(TestingConfig)
    assert _names(app.before_request_funcs[None]) == [
        "assign_request_id", "csrf_protect", "Limiter._check_request_limit"]
    # Flask runs after_request and teardown hooks in reverse order of registration.
    assert list(reversed(_names(app.after_request_funcs[None]))) == [
        "set_security_headers", "schedule_catch_up", "after_response", "send_after_request",
        "LoginManager._update_remember_cookie", "Limiter.__inject_headers", "log_request"]
    assert list(reversed(_names(app.teardown_request_funcs[None]))) == [
        "drain_after_request", "Limiter.__release_context"]
    assert list(reversed(_names(app.teardown_appcontext_funcs))) == [
        "drain_after_command", "SQLAlchemy._teardown_session"]


def test_a_refused_request_still_has_its_request_id_and_security_headers(app, client):
    app.config["RATELIMIT_API"] = "1 per minute"
    client.get("/api/v1/openapi.json")
    response = client.get("/api/v1/openapi.json", headers={"X-Request-ID": "abc-123"})
    assert response.status_code == 429
    assert response.headers["X-Request-ID"] == "abc-123"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
