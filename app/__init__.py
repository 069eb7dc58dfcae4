"""Passerelle: the application factory."""
import os

from flask import Flask

from app.core import logs
from config import CONFIGS, ProductionConfig


def create_app(config_class=None) -> Flask:
    """Create and configure the Flask application."""
    if config_class is None:
        config_class = CONFIGS[os.environ.get("PASSERELLE_ENV", "development")]
    app = Flask(__name__, instance_path=str(config_class.INSTANCE_DIR))
    app.config.from_object(config_class)
    if app.config.get("PROXY_FIX_X_FOR"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        proxies = app.config["PROXY_FIX_X_FOR"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    if config_class is ProductionConfig or issubclass(config_class, ProductionConfig):
        config_class.check()
    os.makedirs(app.instance_path, exist_ok=True)
    logs.init_app(app)

    register_extensions(app)
    register_security(app)
    register_blueprints(app)
    register_template_helpers(app)
    register_static_urls(app)
    register_cli(app)
    return app


def register_extensions(app: Flask) -> None:
    """Bind the extensions to the app."""
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

    from app.mail.outbox import init_app as init_mail
    from app.search.catchup import init_app as init_search_catchup
    from app.search.sync import init_app as init_search_sync

    init_mail(app)
    init_search_sync(app)
    init_search_catchup(app)


def register_security(app: Flask) -> None:
    """Security headers and trusted hosts."""
    from app.core import security

    security.init_app(app)


def register_blueprints(app: Flask) -> None:
    """Register every blueprint."""
    from app.web.artisan import bp as artisan_bp
    from app.web.auth import bp as auth_bp
    from app.web.candidate import bp as candidate_bp
    from app.web.errors import bp as errors_bp
    from app.web.inbox import bp as inbox_bp
    from app.web.listings import bp as listings_bp
    from app.web.main import bp as main_bp
    from app.web.notifications import bp as notifications_bp
    from app.web.partner import bp as partner_bp
    from app.web.privacy import bp as privacy_bp
    from app.web.admin import bp as admin_bp
    from app.web.api import bp as api_bp
    from app.web.feeds import bp as feeds_bp
    from app.web.health import bp as health_bp
    from app.web.directory import bp as directory_bp
    from app.web.moderation import bp as moderation_bp
    from app.web.reports import bp as reports_bp
    from app.web.search import bp as search_pages_bp
    from app.web.alerts import bp as alerts_bp

    app.register_blueprint(errors_bp)
    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(candidate_bp)
    app.register_blueprint(inbox_bp)
    app.register_blueprint(partner_bp)
    app.register_blueprint(privacy_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(artisan_bp)
    app.register_blueprint(listings_bp)
    app.register_blueprint(moderation_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(directory_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(feeds_bp)
    app.register_blueprint(health_bp)
    app.register_blueprint(search_pages_bp)
    app.register_blueprint(alerts_bp)


def register_template_helpers(app: Flask) -> None:
    """French formatting filters and globals for the templates."""
    from app.core import formatting
    from app.models import Permission

    app.jinja_env.filters.update(formatting.FILTERS)
    app.jinja_env.globals["Permission"] = Permission


def register_static_urls(app: Flask) -> None:
    """Versioned static URLs with far-future caching."""
    from app.web._shared import static_urls

    static_urls.init_app(app)


def register_cli(app: Flask) -> None:
    """Register the `flask` command groups."""
    from app.cli import register

    register(app)
