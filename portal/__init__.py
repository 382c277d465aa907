"""The need-first directory of social and digital-inclusion help."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from portal import i18n
from portal.config import load_config
from portal.extensions import babel, csrf, db, limiter, migrate

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Build the application; `config` overrides environment settings (used by tests)."""
    for folder in ("templates", "static", "migrations"):
        if not (ROOT / folder).is_dir():
            raise RuntimeError(f"{ROOT / folder} is missing: run the site from a checkout of the "
                               "project (pip install -e .), as the README says.")
    app = Flask(
        __name__,
        instance_relative_config=True,
        static_folder=str(ROOT / "static"),
        template_folder=str(ROOT / "templates"),
    )
    app.config.from_mapping(load_config(app.instance_path, config))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    _extensions(app)
    _blueprints(app)
    _hooks(app)
    _commands(app)
    return app


def _extensions(app: Flask) -> None:
    from portal.accounts.access import init_login

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    i18n.init_app(app)  # before Babel: it says where the compiled catalogues are
    babel.init_app(app, locale_selector=i18n.select_locale)
    csrf.init_app(app)
    limiter.init_app(app)
    init_login(app)
    if app.config["PORTAL_TRUSTED_PROXIES"]:
        hops = app.config["PORTAL_TRUSTED_PROXIES"]
        # Not X-Forwarded-Host: the site's address comes from PORTAL_BASE_URL, never a header.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def _blueprints(app: Flask) -> None:
    # Every model module, so that relationships resolve and Alembic sees every table.
    # Public pages.
    from portal.accessibility import views as accessibility
    from portal.accounts import models as _accounts_models  # noqa: F401
    from portal.accounts import pro_request_views as _pro_requests  # noqa: F401
    from portal.accounts import views as accounts
    from portal.directory import models as _directory_models  # noqa: F401
    from portal.directory import seo
    from portal.directory import views as directory
    from portal.feedback import models as _feedback_models  # noqa: F401
    from portal.feedback import views as feedback
    from portal.imports import models as _imports_models  # noqa: F401
    from portal.moderation import campaign_models as _campaign_models  # noqa: F401
    from portal.moderation import models as _moderation_models  # noqa: F401
    from portal.orientation import models as _orientation_models  # noqa: F401
    from portal.search import models as _search_models  # noqa: F401
    from portal.search import views as search

    for module in (directory, seo, search, accounts, accessibility, feedback):
        app.register_blueprint(module.bp)
    # Front-end libraries from their Python packages, under /static/vendor.
    from portal import vendor

    app.register_blueprint(vendor.bp)

    # Open data: the JSON API and the data·inclusion exports, and their human pages.
    from portal.api import doc_views as _api_doc  # noqa: F401
    from portal.api import export_views as _api_exports  # noqa: F401
    from portal.api import opendata_views as _open_data  # noqa: F401
    from portal.api import views as _api  # noqa: F401
    from portal.api import workshop_views as _api_workshops  # noqa: F401
    from portal.api.blueprint import bp as api
    from portal.api.blueprint import pages_bp as open_data_pages

    app.register_blueprint(api)
    app.register_blueprint(open_data_pages)

    # Workshops and the monthly planning (public), and the digital-maturity diagnostic.
    from portal.diagnostic import models as _diagnostic_models  # noqa: F401
    from portal.diagnostic import views as _diagnostic_pages  # noqa: F401
    from portal.diagnostic.blueprint import bp as diagnostic
    from portal.workshops import models as _workshop_models  # noqa: F401
    from portal.workshops import planning_views as _planning  # noqa: F401
    from portal.workshops import views as _workshop_pages  # noqa: F401
    from portal.workshops.blueprint import bp as workshops

    app.register_blueprint(workshops)
    app.register_blueprint(diagnostic)

    # The partner space: one blueprint, its pages in three modules.
    from portal.partners import draft_views as _partner_draft  # noqa: F401
    from portal.partners import hours_views as _partner_hours  # noqa: F401
    from portal.partners import views as _partner_pages  # noqa: F401
    from portal.partners.blueprint import bp as partner_space
    from portal.workshops import partner_views as _partner_workshops  # noqa: F401

    app.register_blueprint(partner_space)
    # The links of the freshness reminders: confirm, or open one listing's space without an account.
    from portal.moderation import link_views as freshness

    app.register_blueprint(freshness.bp)
    # Orientation: the professionals' toolkit, and the links it sends (a kept slip, an answer).
    from portal.orientation import favourite_views as _favourites  # noqa: F401
    from portal.orientation import request_views as _requests  # noqa: F401
    from portal.orientation import send_views as _sending  # noqa: F401
    from portal.orientation import slip_views as _slips  # noqa: F401
    from portal.orientation import views as _selection  # noqa: F401
    from portal.orientation.blueprint import bp as orientation
    from portal.orientation.blueprint import public_bp as orientation_public

    app.register_blueprint(orientation)
    app.register_blueprint(orientation_public)

    # The back office: one blueprint under /admin; each domain attaches its own pages.
    from portal.accounts import admin_views as _accounts_admin  # noqa: F401
    from portal.accounts import pro_request_admin as _pro_request_admin  # noqa: F401
    from portal.admin import views as _admin_home  # noqa: F401
    from portal.admin.blueprint import bp as back_office
    from portal.directory import admin_views as _directory_admin  # noqa: F401
    from portal.feedback import admin_views as _feedback_admin  # noqa: F401
    from portal.imports import views as _imports_admin  # noqa: F401
    from portal.moderation import campaign_views as _campaign_admin  # noqa: F401
    from portal.moderation import views as _moderation_admin  # noqa: F401
    from portal.orientation import admin_views as _orientation_admin  # noqa: F401
    from portal.search import admin_views as _search_admin  # noqa: F401
    from portal.workshops import admin_views as _workshops_admin  # noqa: F401
    from portal.workshops import stats_views as _network_stats  # noqa: F401

    app.register_blueprint(back_office)


def _hooks(app: Flask) -> None:
    """Request hooks, template helpers, error pages and session listeners."""
    from portal import edge, errors, headers, mail, templating
    from portal.accessibility import audit
    from portal.accessibility.views import footer_level
    from portal.directory import chosen_quartier, maps, near
    from portal.search.store import sync

    edge.init_app(app)  # control characters and impossible ids stop at the edge
    app.before_request(chosen_quartier.remember_quartier)
    app.context_processor(chosen_quartier.template_context)
    app.after_request(near.remember)  # the place chosen on a list page, kept on the device
    # A broken audit table must stop the start-up, not break every page's footer later.
    audit.compliance()
    app.context_processor(footer_level)
    templating.register(app)
    # The places a map beside a list shows (plain values; the pages already loaded them).
    app.add_template_global(maps.card_markers)
    app.add_template_global(maps.partner_markers)
    errors.register(app)
    headers.register(app)  # security headers on every response
    mail.listen()  # e-mails queued by operations leave after the commit
    sync.listen()  # the search index follows each commit


def _commands(app: Flask) -> None:
    from portal import cli
    from portal.accounts import cli as accounts_cli
    from portal.api import cli as api_cli
    from portal.feedback import cli as feedback_cli
    from portal.imports import cli as imports_cli
    from portal.imports import sync_cli
    from portal.moderation import cli as moderation_cli
    from portal.orientation import cli as orientation_cli
    from portal.search import cli as search_cli

    for module in (cli, search_cli, accounts_cli, moderation_cli, feedback_cli, orientation_cli,
                   imports_cli, sync_cli, api_cli):
        module.register(app)
