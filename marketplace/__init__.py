"""The open-licensing marketplace for university patents (专利开放许可).

`create_app` builds the Flask application in small steps; nothing happens at import time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: Any = None, **overrides: Any) -> Flask:
    """Build the application from a config class (or instance) plus keyword overrides."""
    from config import check_production_secret, config_from_env
    from marketplace.observability.metrics import init_metrics
    from marketplace.observability.request_log import install_request_log

    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    config = config if config is not None else config_from_env()
    app.config.from_object(config() if isinstance(config, type) else config)
    app.config.update(overrides)
    if app.config.get("REQUIRE_REAL_SECRET"):
        check_production_secret(app.config)
    Path(app.instance_path).mkdir(exist_ok=True)

    install_request_log(app)
    register_extensions(app)
    register_edge(app)
    register_blueprints(app)
    register_api(app)
    init_metrics(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    """Bind every extension to the app (security headers included) and configure the database."""
    import marketplace.models  # noqa: F401 - every table registered on the metadata
    from marketplace.database import install_sqlite_pragmas
    from marketplace.extensions import babel, bootstrap, csrf, db, limiter, login_manager, migrate
    from marketplace.i18n import install_template_gettext, selected_locale
    from marketplace.licensing.for_change import install_lock_tracking
    from marketplace.requests import register_transaction_handling
    from marketplace.security_headers import install_security_headers

    install_sqlite_pragmas(app.config["SQLITE_BUSY_TIMEOUT_MS"])
    install_lock_tracking()
    _apply_postgres_settings(app)
    db.init_app(app)
    # First of the request hooks: a writing request's transaction begins as a writer before any other
    # hook (the rate limiter's key reads the API token) reads the database.
    register_transaction_handling(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=selected_locale)
    install_template_gettext(app)
    bootstrap.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    _configure_login(login_manager)
    install_security_headers(app)


def _apply_postgres_settings(app: Flask) -> None:
    """POSTGRES_SESSION_SETTINGS as options of every PostgreSQL connection (set before any transaction)."""
    settings = app.config.get("POSTGRES_SESSION_SETTINGS") or {}
    if not settings or not str(app.config["SQLALCHEMY_DATABASE_URI"]).startswith("postgresql"):
        return
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    connect_args = dict(options.get("connect_args") or {})
    flags = [f"-c {name}={value}" for name, value in settings.items()]
    connect_args["options"] = " ".join([connect_args.get("options", ""), *flags]).strip()
    options["connect_args"] = connect_args
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def _configure_login(login_manager) -> None:
    from flask_babel import lazy_gettext as _l

    from marketplace.accounts.models import User
    from marketplace.accounts.services import user_for_session_id

    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to open this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(session_id: str) -> User | None:
        # The session and the remember-me cookie both carry User.get_id(): id and session token.
        return user_for_session_id(session_id)


def register_edge(app: Flask) -> None:
    """Check what requests bring in, once: id converters, filtered form and query text."""
    from marketplace.edge import register_edge as register

    register(app)


def register_blueprints(app: Flask) -> None:
    """Mount each feature's blueprint."""
    from marketplace.accounts import admin_views, reset_views, views  # noqa: F401 - routes attach
    from marketplace.accounts.blueprint import admin_bp
    from marketplace.accounts.blueprint import bp as accounts_bp
    from marketplace.annual_fees.views import bp as annual_fees_bp
    from marketplace.catalogue.import_views import bp as imports_bp
    from marketplace.catalogue.staff_views import bp as patents_admin_bp
    from marketplace.catalogue.views import bp as catalogue_bp
    from marketplace.conversations.views import bp as conversations_bp
    from marketplace.dashboards.province_views import bp as province_bp
    from marketplace.dashboards.university_views import bp as university_dashboard_bp
    from marketplace.declarations.document_views import batch_bp as declaration_batch_bp
    from marketplace.declarations.event_terms_views import bp as event_terms_bp
    from marketplace.declarations.views import bp as declarations_bp
    from marketplace.disputes.views import bp as disputes_bp
    from marketplace.health.views import bp as health_bp
    from marketplace.licensing import money_views  # noqa: F401 - the money routes attach to the bp
    from marketplace.licensing.views import bp as licensing_bp
    from marketplace.main import icon  # noqa: F401 - the icon route attaches to the bp
    from marketplace.main.views import bp as main_bp
    from marketplace.matching.views import bp as matching_bp
    from marketplace.milestones.views import bp as milestones_bp
    from marketplace.needs.views import bp as needs_bp
    from marketplace.organisations.views import bp as organisations_bp
    from marketplace.outside_licences.views import bp as outside_licences_bp
    from marketplace.oversight.views import bp as oversight_bp
    from marketplace.royalties.views import bp as royalties_bp
    from marketplace.webhooks.views import bp as webhooks_bp
    from marketplace.zones import (  # noqa: F401 - the zone routes attach to the bp
        curation_views,
        meeting_views,
        organiser_views,
        public_views,
        registration_views,
        results_views,
    )
    from marketplace.zones.blueprint import bp as zones_bp

    for blueprint in (main_bp, accounts_bp, admin_bp, organisations_bp, catalogue_bp, patents_admin_bp,
                      imports_bp, declarations_bp, declaration_batch_bp, event_terms_bp, outside_licences_bp,
                      licensing_bp, royalties_bp, milestones_bp, disputes_bp, zones_bp, annual_fees_bp,
                      needs_bp, matching_bp, conversations_bp, oversight_bp,
                      province_bp, webhooks_bp, health_bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(university_dashboard_bp)


def register_api(app: Flask) -> None:
    """The JSON API at /api/v1, its document and reference page, and the account's API tokens."""
    from marketplace.api import register_api as register
    from marketplace.api.token_views import bp as tokens_bp

    register(app)
    app.register_blueprint(tokens_bp)


def register_errorhandlers(app: Flask) -> None:
    """Friendly error pages."""
    from marketplace.errors import register_errorhandlers as register

    register(app)


def register_template_helpers(app: Flask) -> None:
    """Values every template may use: roles, the current language, formatting filters."""
    from marketplace.accounts.labels import ROLE_LABELS
    from marketplace.accounts.models import Role
    from marketplace.i18n import html_lang, select_locale
    from marketplace.links import with_query

    app.add_template_filter(with_query)

    @app.context_processor
    def inject() -> dict[str, Any]:
        locale = select_locale()
        return {
            "Role": Role,
            "role_labels": ROLE_LABELS,
            "current_locale": locale,
            "html_lang": html_lang(locale),
            "languages": app.config["LANGUAGES"],
        }


def register_commands(app: Flask) -> None:
    """Command-line commands (`flask seed-demo`, ...)."""
    from marketplace.commands import register_commands as register

    register(app)
