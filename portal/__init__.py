"""The need-first directory of social and digital-inclusion help."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from portal import i18n
from portal.accounts.access import init_login
from portal.config import load_config
from portal.extensions import babel, csrf, db, limiter, migrate

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Build the application; `config` overrides environment settings (used by tests)."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        static_folder=str(ROOT / "static"),
        template_folder=str(ROOT / "templates"),
    )
    app.config.from_mapping(load_config(app.instance_path, config))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    i18n.init_app(app)  # before Babel: it says where the compiled catalogues are
    babel.init_app(app, locale_selector=i18n.select_locale)
    csrf.init_app(app)
    limiter.init_app(app)
    init_login(app)
    if app.config["PORTAL_TRUSTED_PROXIES"]:
        hops = app.config["PORTAL_TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    # Models must be imported for Alembic and relationship resolution.
    from portal.accessibility.views import bp as accessibility_bp
    from portal.accounts import models as account_models  # noqa: F401
    from portal.accounts.admin import bp as admin_bp
    from portal.accounts.views import bp as accounts_bp
    from portal.directory import models  # noqa: F401
    from portal.directory.seo import bp as seo_bp
    from portal.directory.views import bp as directory_bp
    from portal.moderation import campaign_models  # noqa: F401
    from portal.moderation import models as moderation_models  # noqa: F401
    from portal.moderation.views import bp as moderation_bp
    from portal.partners.views import bp as partners_bp
    from portal.search import models as search_models  # noqa: F401
    from portal.search.views import bp as search_bp

    app.register_blueprint(directory_bp)
    app.register_blueprint(seo_bp)
    app.register_blueprint(search_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(partners_bp)
    app.register_blueprint(accessibility_bp)
    app.register_blueprint(moderation_bp)

    from portal import errors, templating

    errors.register(app)
    templating.register(app)

    from portal.accounts.cli import register as register_accounts_cli
    from portal.cli import register as register_cli
    from portal.moderation.cli import register as register_moderation_cli

    register_cli(app)
    from portal.search import cli as search_cli
    from portal.search import sync as search_sync

    search_sync.init_app(app)  # session events keep the index true, and `init` builds it
    search_cli.register(app)
    register_accounts_cli(app)
    register_moderation_cli(app)
    return app
