"""Blueprints: every HTTP route, one package each (bp in __init__, views in routes); _shared holds what several use."""
from flask import Flask


def register_blueprints(app: Flask) -> None:
    """Register every blueprint, errors first; importing a routes module attaches its views to its blueprint."""
    from app.web.admin import routes as admin
    from app.web.alerts import routes as alerts
    from app.web.api import aid_routes as _aid_routes  # noqa: F401 (its views join the api bp)
    from app.web.api import law_routes as _law_routes  # noqa: F401 (its views join the api bp)
    from app.web.api import routes as api
    from app.web.artisan import routes as artisan
    from app.web.auth import routes as auth
    from app.web.candidate import routes as candidate
    from app.web.claims import routes as claims
    from app.web.contact import routes as contact
    from app.web.conversations import routes as conversations
    from app.web.diagnostic import routes as diagnostic
    from app.web.directory import routes as directory
    from app.web.errors import handlers as errors
    from app.web.feeds import routes as feeds
    from app.web.feeds import sitemap as _sitemap  # noqa: F401 (robots.txt and sitemap.xml join the feeds bp)
    from app.web.health import routes as health
    from app.web.inbox import routes as inbox
    from app.web.interviews import routes as interviews
    from app.web.listings import routes as listings
    from app.web.main import routes as main
    from app.web.moderation import claims as _claims  # noqa: F401 (its views join the moderation bp)
    from app.web.moderation import diagnostics as _diagnostics  # noqa: F401 (its views join the moderation bp)
    from app.web.moderation import forwarding as _forwarding  # noqa: F401 (its views join the moderation bp)
    from app.web.moderation import messages as _messages  # noqa: F401 (its views join the moderation bp)
    from app.web.moderation import routes as moderation
    from app.web.moderation import training as _training  # noqa: F401 (its views join the moderation bp)
    from app.web.notifications import routes as notifications
    from app.web.partner import routes as partner
    from app.web.privacy import routes as privacy
    from app.web.reports import routes as reports
    from app.web.search import routes as search
    from app.web.simulator import routes as simulator
    from app.web.storefronts import routes as storefronts
    from app.web.training import routes as training

    for module in (errors, main, auth, candidate, inbox, partner, privacy, notifications, artisan, listings,
                   moderation, reports, directory, admin, api, feeds, health, search, alerts, contact,
                   conversations, claims, interviews, simulator, diagnostic, storefronts, training):
        app.register_blueprint(module.bp)
