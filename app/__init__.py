"""Passerelle: the application factory."""
import os

from flask import Flask

from app.core import logs
from config import CONFIGS, ProductionConfig, environment_name


def create_app(config_class=None) -> Flask:
    """Create and configure the Flask application."""
    if config_class is None:
        config_class = CONFIGS[environment_name()]
    app = Flask(__name__, instance_path=str(config_class.INSTANCE_DIR))
    app.config.from_object(config_class)
    if config_class is ProductionConfig or issubclass(config_class, ProductionConfig):
        config_class.check()
    os.makedirs(app.instance_path, exist_ok=True)
    logs.init_app(app)

    register_proxy_fix(app)
    register_extensions(app)
    register_request_hooks(app)
    register_blueprints(app)
    register_template_helpers(app)
    register_static_urls(app)
    register_cli(app)
    return app


def register_proxy_fix(app: Flask) -> None:
    """Trust X-Forwarded-For/-Proto from the PROXY_FIX_X_FOR reverse proxies in front of the app (none: ignore them)."""
    proxies = app.config["PROXY_FIX_X_FOR"]
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)


def register_extensions(app: Flask) -> None:
    """Bind the extensions to the app (they register their own request hooks: see register_request_hooks)."""
    from app.extensions import csrf, db, limiter, login_manager, migrate
    from app.models import AnonymousUser, User

    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Connectez-vous pour accéder à cette page."
    login_manager.login_message_category = "info"
    login_manager.anonymous_user = AnonymousUser

    @login_manager.user_loader
    def load_user(token: str):
        """Load the user whose current session token is in the cookie."""
        return db.session.scalar(db.select(User).filter_by(session_token=token, is_active_account=True))

    from app.core.database import configure_sqlite

    with app.app_context():
        configure_sqlite(db.engine)


def register_request_hooks(app: Flask) -> None:
    """Every before_request, after_request and teardown hook of the app, in the order Flask runs them.

    Called after register_extensions, whose extensions have registered theirs: CSRFProtect and Flask-Limiter a
    before_request each, Flask-Limiter (rate-limit headers) and Flask-Login (remember cookie) an after_request
    each, Flask-Limiter a teardown_request, Flask-SQLAlchemy a teardown_appcontext (session removal).
    Flask runs before_request hooks in registration order, after_request and teardown hooks in reverse order.
    tests/test_request_hooks.py checks the whole resulting order.
    """
    from app import search
    from app.core import logs, security
    from app.mail import outbox
    from app.ops import ticker

    # before_request, in the order they run:
    # 1. the request id, first of all, so that a request refused by CSRF or a rate limit has one in its log line;
    # 2. CSRFProtect, 3. Flask-Limiter (registered by register_extensions).
    app.before_request_funcs.setdefault(None, []).insert(0, logs.assign_request_id)

    # after_request, in the order they run (Flask calls them last registered first):
    # 1. security headers on every response;
    # 2. search catch-up scheduled after the response is sent;
    # 3. the process's ticker started if the server did not start it (or, without one, view counts written after
    #    the response is sent);
    # 4. queued mail sent (development: MAIL_SEND_AFTER_REQUEST);
    # 5. Flask-Login's remember cookie, 6. Flask-Limiter's rate-limit headers (registered by register_extensions);
    # 7. the access log line and X-Request-ID, last, so that it logs the final status.
    app.after_request(outbox.send_after_request)
    app.after_request(ticker.after_response)
    app.after_request(search.schedule_catch_up)
    app.after_request(security.set_security_headers)
    app.after_request_funcs.setdefault(None, []).insert(0, logs.log_request)

    # teardown_request, in the order they run: 1. the outbox this request committed is applied to the index,
    # 2. Flask-Limiter's context released. teardown_appcontext: 1. the outbox a `flask` command committed is
    # applied, 2. Flask-SQLAlchemy removes the session (after the drain that uses it).
    # Both drains run only when the session's commit events marked the context as having written to the outbox.
    search.listen_to_sessions()
    app.teardown_request(search.drain_after_request)
    app.teardown_appcontext(search.drain_after_command)


def register_blueprints(app: Flask) -> None:
    """Register every blueprint (the list is in app/web); `int` in their URLs is an id the database can hold."""
    from app.web import register_blueprints as register_web
    from app.web._shared.numbers import IdConverter

    app.url_map.converters["int"] = IdConverter
    register_web(app)


def register_template_helpers(app: Flask) -> None:
    """French formatting filters and globals for the templates."""
    from app.core import formatting
    from app.core.urls import public_url
    from app.models import Permission

    app.jinja_env.filters.update(formatting.FILTERS)
    app.jinja_env.finalize = formatting.without_forbidden_characters
    app.jinja_env.globals["Permission"] = Permission
    app.jinja_env.globals["public_url"] = public_url


def register_static_urls(app: Flask) -> None:
    """Versioned static URLs with far-future caching."""
    from app.web._shared import static_urls

    static_urls.init_app(app)


def register_cli(app: Flask) -> None:
    """Register the `flask` command groups."""
    from app.cli import register

    register(app)
