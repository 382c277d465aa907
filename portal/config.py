"""Settings read from environment variables; the defaults run a complete demo on one machine."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path


class ConfigError(RuntimeError):
    """Raised when the environment is missing a setting that production requires."""


def _database_url(instance_path: str) -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return "sqlite:///" + str(Path(instance_path) / "portal.sqlite3")
    # Some hosting platforms still hand out the old scheme name.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    return url


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    return value in ("1", "true", "yes", "on")


DEFAULT_MAP_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_MAP_ATTRIBUTION = ('© <a href="https://www.openstreetmap.org/copyright">'
                           "OpenStreetMap contributors</a>")


def _map_attribution(value: str) -> str:
    """The map credit as shown on the page: links and text only, whoever set it."""
    import nh3

    value = value.strip() or DEFAULT_MAP_ATTRIBUTION
    return nh3.clean(value, tags={"a"}, attributes={"a": {"href"}})


# Public (it is in the source): it may sign cookies only where nothing real is at stake.
DEV_SECRET_KEY = "dev-only-not-secret"


def flask_command() -> str | None:
    """The name of the `flask` command building or running the application ("init", "run"…),
    or None under any other server (gunicorn, uWSGI…). Click's context is per thread."""
    import click
    from flask.cli import ScriptInfo

    context = click.get_current_context(silent=True)
    if context is None or context.find_object(ScriptInfo) is None:
        return None
    return context.info_name or context.command.name or ""


def _environment(testing: bool) -> str:
    """PORTAL_ENV; when it is unset, development for tests and for the `flask` command (the
    README's first commands on a fresh machine, `flask run` included), production for any other
    server (gunicorn, uWSGI…), which then refuses to start without the production settings."""
    env = os.environ.get("PORTAL_ENV", "").strip().lower()
    if env:
        return env
    return "development" if testing or flask_command() is not None else "production"


def load_config(instance_path: str, overrides: dict | None = None) -> dict:
    """Build the configuration mapping from the environment, then apply test overrides."""
    overrides = dict(overrides or {})
    testing = bool(overrides.get("TESTING"))
    env = _environment(testing)
    # Cookies travel only over HTTPS except on a developer's machine and in tests.
    secure_cookies = env not in ("development", "test")
    config = {
        "PORTAL_ENV": env,
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # Seconds; a database that does not answer gets a fast "come back in a minute" page.
        # Commands (init, reindex, migrations) have no statement limit unless one is set.
        "DATABASE_CONNECT_TIMEOUT": float(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5")),
        "DATABASE_STATEMENT_TIMEOUT": float(os.environ.get("DATABASE_STATEMENT_TIMEOUT", "15")),
        "DATABASE_CLI_STATEMENT_TIMEOUT": float(os.environ.get("DATABASE_CLI_STATEMENT_TIMEOUT", "0")),
        "SECRET_KEY": os.environ.get("SECRET_KEY"),
        "BABEL_DEFAULT_LOCALE": "fr",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Paris",
        "PORTAL_LANGUAGES": ("fr",),
        "PORTAL_BASE_URL": os.environ.get("PORTAL_BASE_URL", "").rstrip("/"),
        "PORTAL_CCAS_PHONE": os.environ.get("PORTAL_CCAS_PHONE", "03 20 49 50 00"),
        "PORTAL_STALE_AFTER_DAYS": int(os.environ.get("PORTAL_STALE_AFTER_DAYS", "183")),
        # The links of a reminder ("Rien n'a changé", "Je corrige") work for this many days.
        "PORTAL_CORRECTION_LINK_DAYS": int(os.environ.get("PORTAL_CORRECTION_LINK_DAYS", "30")),
        # What one partner's members may store (0: no limit). Saves are counted in the database
        # from the revisions' dates, so the limits hold across servers; administrators are exempt.
        "PORTAL_MAX_SERVICES_PER_PARTNER": int(os.environ.get("PORTAL_MAX_SERVICES_PER_PARTNER", "40")),
        "PORTAL_MAX_DATED_ENTRIES_PER_PARTNER": int(
            os.environ.get("PORTAL_MAX_DATED_ENTRIES_PER_PARTNER", "100")),
        # Workshops still to come that one partner's members may have at once (0: no limit).
        "PORTAL_MAX_WORKSHOPS_PER_PARTNER": int(os.environ.get("PORTAL_MAX_WORKSHOPS_PER_PARTNER", "60")),
        "PORTAL_EDITS_PER_HOUR": int(os.environ.get("PORTAL_EDITS_PER_HOUR", "30")),
        "PORTAL_EDITS_PER_DAY": int(os.environ.get("PORTAL_EDITS_PER_DAY", "150")),
        # The search index folder (default: instance/search-index) and the everyday-words file.
        **({"SEARCH_INDEX_DIR": os.environ["SEARCH_INDEX_DIR"]}
           if os.environ.get("SEARCH_INDEX_DIR") else {}),
        **({"SEARCH_SYNONYMS_PATH": os.environ["SEARCH_SYNONYMS_PATH"]}
           if os.environ.get("SEARCH_SYNONYMS_PATH") else {}),
        # geopy service name and where it lives; the national address service (BAN) by default.
        "GEOCODER": os.environ.get("GEOCODER", "banfrance"),
        "GEOCODER_DOMAIN": os.environ.get("GEOCODER_DOMAIN", "api-adresse.data.gouv.fr"),
        "GEOCODER_SCHEME": os.environ.get("GEOCODER_SCHEME", "https"),
        # One short try per address (no retry); a failure is remembered for a minute, and address
        # searches are limited per visitor so that a slow geocoder cannot hold the workers.
        "GEOCODER_TIMEOUT": float(os.environ.get("GEOCODER_TIMEOUT", "2")),
        "GEOCODER_FAILURE_TTL": float(os.environ.get("GEOCODER_FAILURE_TTL", "60")),
        "SEARCH_ADDRESS_RATE_LIMIT": os.environ.get("SEARCH_ADDRESS_RATE_LIMIT", "20/minute"),
        # Searches older than this are deleted by `flask --app portal search purge-log`.
        "SEARCH_LOG_RETENTION_DAYS": int(os.environ.get("SEARCH_LOG_RETENTION_DAYS", "395")),
        # "Signaler une erreur" and "Proposer un lieu": sendings per visitor (IP) and route, and the
        # age after which `flask --app portal feedback purge` erases the e-mails they left.
        "PORTAL_FEEDBACK_RATE_LIMIT": os.environ.get("PORTAL_FEEDBACK_RATE_LIMIT", "5/hour"),
        "PORTAL_FEEDBACK_RETENTION_DAYS": int(os.environ.get("PORTAL_FEEDBACK_RETENTION_DAYS", "180")),
        # Orientation (portal.orientation): the kept slip link's life; how long a request's
        # personal data (first name, contact, summary) is kept; answer links; reminders to
        # both sides after this many days without an answer; slips sent per professional.
        "PORTAL_SLIP_DAYS": int(os.environ.get("PORTAL_SLIP_DAYS", "90")),
        "PORTAL_ORIENTATION_RETENTION_DAYS": int(
            os.environ.get("PORTAL_ORIENTATION_RETENTION_DAYS", "92")),
        "PORTAL_REQUEST_LINK_DAYS": int(os.environ.get("PORTAL_REQUEST_LINK_DAYS", "30")),
        "PORTAL_REQUEST_REMINDER_DAYS": int(os.environ.get("PORTAL_REQUEST_REMINDER_DAYS", "7")),
        # Workshops (portal.workshops): the school-holiday periods a recurrence may skip (CSV; the
        # académie de Lille's, zone B, by default) in the planning.
        "PORTAL_SCHOOL_HOLIDAYS_FILE": os.environ.get("PORTAL_SCHOOL_HOLIDAYS_FILE", "").strip(),
        "PORTAL_SENDS_PER_HOUR": int(os.environ.get("PORTAL_SENDS_PER_HOUR", "20")),
        "PORTAL_SENDS_PER_DAY": int(os.environ.get("PORTAL_SENDS_PER_DAY", "60")),
        "PORTAL_ACCOUNT_REQUEST_RETENTION_DAYS": int(
            os.environ.get("PORTAL_ACCOUNT_REQUEST_RETENTION_DAYS", "30")),
        # SMS to residents: "" (development writes each SMS to instance/sms/), or "ovh" (the
        # OVHcloud SMS API through its `ovh` package: endpoint name or base URL, keys, account).
        "SMS_PROVIDER": os.environ.get("SMS_PROVIDER", "").strip(),
        "SMS_OVH_ENDPOINT": os.environ.get("SMS_OVH_ENDPOINT", "ovh-eu"),
        "SMS_OVH_APPLICATION_KEY": os.environ.get("SMS_OVH_APPLICATION_KEY", ""),
        "SMS_OVH_APPLICATION_SECRET": os.environ.get("SMS_OVH_APPLICATION_SECRET", ""),
        "SMS_OVH_CONSUMER_KEY": os.environ.get("SMS_OVH_CONSUMER_KEY", ""),
        "SMS_OVH_SERVICE_NAME": os.environ.get("SMS_OVH_SERVICE_NAME", ""),
        "SMS_SENDER": os.environ.get("SMS_SENDER", ""),
        "SMS_TIMEOUT": float(os.environ.get("SMS_TIMEOUT", "10")),
        # Open data (portal.api, portal.imports): the licence the exports carry, the
        # data·inclusion API the nightly sync reads, and the communes (INSEE codes) it asks for:
        # Lille and its associated communes Hellemmes-Lille and Lomme.
        "PORTAL_OPEN_DATA_LICENCE": os.environ.get("PORTAL_OPEN_DATA_LICENCE", "Licence Ouverte 2.0"),
        "PORTAL_OPEN_DATA_LICENCE_URL": os.environ.get(
            "PORTAL_OPEN_DATA_LICENCE_URL", "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"),
        "DATA_INCLUSION_API_URL": os.environ.get(
            "DATA_INCLUSION_API_URL", "https://api.data.inclusion.gouv.fr").rstrip("/"),
        "DATA_INCLUSION_API_TOKEN": os.environ.get("DATA_INCLUSION_API_TOKEN", ""),
        "DATA_INCLUSION_API_TIMEOUT": float(os.environ.get("DATA_INCLUSION_API_TIMEOUT", "20")),
        "PORTAL_INSEE_CODES": tuple(
            code.strip() for code in os.environ.get("PORTAL_INSEE_CODES", "59350,59298,59355").split(",")
            if code.strip()),
        "DATA_INCLUSION_API_PAGE_SIZE": int(os.environ.get("DATA_INCLUSION_API_PAGE_SIZE", "1000")),
        "DATA_INCLUSION_API_MAX_PAGES": int(os.environ.get("DATA_INCLUSION_API_MAX_PAGES", "200")),
        # Imports geocode addresses in bulk through the BAN's CSV endpoint: rows per request,
        # seconds per request, the lowest score kept; one by one (other geocoders) this far apart.
        "GEOCODER_BULK_CHUNK": int(os.environ.get("GEOCODER_BULK_CHUNK", "1000")),
        "GEOCODER_BULK_TIMEOUT": float(os.environ.get("GEOCODER_BULK_TIMEOUT", "60")),
        "GEOCODER_MIN_SCORE": float(os.environ.get("GEOCODER_MIN_SCORE", "0.5")),
        "GEOCODER_RATE_LIMIT": float(os.environ.get("GEOCODER_RATE_LIMIT", "1")),
        # The largest file an administrator may import (megabytes).
        "PORTAL_IMPORT_MAX_MB": int(os.environ.get("PORTAL_IMPORT_MAX_MB", "20")),
        # The map's background: a tile address template ({z}/{x}/{y}, {s} for a subdomain) and
        # the credit its provider requires (HTML, links only). Pictures may come from its host.
        "PORTAL_MAP_TILES": os.environ.get("PORTAL_MAP_TILES", "").strip() or DEFAULT_MAP_TILES,
        "PORTAL_MAP_ATTRIBUTION": _map_attribution(os.environ.get("PORTAL_MAP_ATTRIBUTION", "")),
        # The largest request body: a partner's longest form is a few kilobytes (413 beyond).
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": secure_cookies,
        # Also the longest life of a session on the server (see portal/accounts/models.py).
        "REMEMBER_COOKIE_DURATION": timedelta(days=14),
        # A form's token lives as long as the session: a form left open for hours still sends.
        "WTF_CSRF_TIME_LIMIT": None,
        # Number of reverse proxies in front of the site, so that rate limits see the client's IP.
        "PORTAL_TRUSTED_PROXIES": int(os.environ.get("PORTAL_TRUSTED_PROXIES", "0")),
        # Off by default in tests, where one client logs in many times a minute.
        "PORTAL_RATE_LIMITS": _flag("PORTAL_RATE_LIMITS", not testing),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", "").strip(),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "0")) or None,
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": _flag("MAIL_USE_TLS", False),
        "MAIL_USE_SSL": _flag("MAIL_USE_SSL", False),
        "MAIL_TIMEOUT": int(os.environ.get("MAIL_TIMEOUT", "10")),
        "MAIL_DEFAULT_SENDER": os.environ.get(
            "MAIL_DEFAULT_SENDER", "Trouver de l'aide à Lille <ne-pas-repondre@localhost>"
        ),
    }
    config.update(overrides)
    development = env in ("development", "test") or testing
    if not config["SECRET_KEY"] or config["SECRET_KEY"] == DEV_SECRET_KEY:
        if not development:
            raise ConfigError("SECRET_KEY must be set to a long random value outside development "
                              "and tests (or set PORTAL_ENV=development on a developer's machine).")
        config["SECRET_KEY"] = DEV_SECRET_KEY
    base_url = config["PORTAL_BASE_URL"]
    if base_url and not base_url.startswith(("https://", "http://")):
        raise ConfigError("PORTAL_BASE_URL must start with https:// (or http://).")
    if not base_url and not development:
        # Links in e-mails are never built from the request's Host header, which anyone can set.
        raise ConfigError("PORTAL_BASE_URL (e.g. https://aide.example.org) must be set outside "
                          "development and tests: links in e-mails are built from it.")
    return config
