"""Passerelle: the application factory."""
import os

from flask import Flask

from app import logs
from config import CONFIGS, ProductionConfig


def create_app(config_class=None) -> Flask:
    """Create and configure the Flask application."""
    if config_class is None:
        config_class = CONFIGS[os.environ.get("PASSERELLE_ENV", "development")]
    app = Flask(__name__, instance_path=str(config_class.INSTANCE_DIR))
    app.config.from_object(config_class)
    if config_class is ProductionConfig or issubclass(config_class, ProductionConfig):
        config_class.check()
    os.makedirs(app.instance_path, exist_ok=True)
    logs.init_app(app)

    register_extensions(app)
    register_security(app)
    register_blueprints(app)
    register_template_helpers(app)
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

    from app.db_setup import configure_sqlite

    with app.app_context():
        configure_sqlite(db.engine)

    from app.services.mail import init_app as init_mail

    init_mail(app)


def register_security(app: Flask) -> None:
    """Security headers and trusted hosts."""
    from app import security

    security.init_app(app)


def register_blueprints(app: Flask) -> None:
    """Register every blueprint."""
    from app.auth import bp as auth_bp
    from app.errors import bp as errors_bp
    from app.main import bp as main_bp

    app.register_blueprint(errors_bp)
    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)


def register_template_helpers(app: Flask) -> None:
    """French formatting filters and globals for the templates."""
    from app import formatting
    from app.models import Permission

    app.jinja_env.filters.update(formatting.FILTERS)
    app.jinja_env.globals["Permission"] = Permission


def register_cli(app: Flask) -> None:
    """Register the `flask` command groups."""
    from app.cli import register

    register(app)
