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


def load_config(instance_path: str, overrides: dict | None = None) -> dict:
    """Build the configuration mapping from the environment, then apply test overrides."""
    env = os.environ.get("PORTAL_ENV", "development").strip().lower()
    overrides = dict(overrides or {})
    testing = bool(overrides.get("TESTING"))
    # Cookies travel only over HTTPS except on a developer's machine and in tests.
    secure_cookies = env not in ("development", "test")
    config = {
        "PORTAL_ENV": env,
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SECRET_KEY": os.environ.get("SECRET_KEY"),
        "BABEL_DEFAULT_LOCALE": "fr",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Paris",
        "PORTAL_LANGUAGES": ("fr",),
        "PORTAL_BASE_URL": os.environ.get("PORTAL_BASE_URL", "").rstrip("/"),
        "PORTAL_CCAS_PHONE": os.environ.get("PORTAL_CCAS_PHONE", "03 20 49 50 00"),
        "PORTAL_STALE_AFTER_DAYS": int(os.environ.get("PORTAL_STALE_AFTER_DAYS", "183")),
        # The search index folder (default: instance/search-index) and the everyday-words file.
        **({"SEARCH_INDEX_DIR": os.environ["SEARCH_INDEX_DIR"]}
           if os.environ.get("SEARCH_INDEX_DIR") else {}),
        **({"SEARCH_SYNONYMS_PATH": os.environ["SEARCH_SYNONYMS_PATH"]}
           if os.environ.get("SEARCH_SYNONYMS_PATH") else {}),
        # geopy service name and where it lives; the national address service (BAN) by default.
        "GEOCODER": os.environ.get("GEOCODER", "banfrance"),
        "GEOCODER_DOMAIN": os.environ.get("GEOCODER_DOMAIN", "api-adresse.data.gouv.fr"),
        "GEOCODER_SCHEME": os.environ.get("GEOCODER_SCHEME", "https"),
        "GEOCODER_TIMEOUT": float(os.environ.get("GEOCODER_TIMEOUT", "3")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_DURATION": timedelta(days=14),
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
    if not config["SECRET_KEY"]:
        if env in ("development", "test") or testing:
            # A fixed, public key is acceptable only where nothing real is at stake.
            config["SECRET_KEY"] = "dev-only-not-secret"
        else:
            raise ConfigError("SECRET_KEY must be set outside development and tests.")
    return config
