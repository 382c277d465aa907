"""Settings read from environment variables; the defaults run a complete demo on one machine."""

from __future__ import annotations

import os
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


def load_config(instance_path: str, overrides: dict | None = None) -> dict:
    """Build the configuration mapping from the environment, then apply test overrides."""
    env = os.environ.get("PORTAL_ENV", "development").strip().lower()
    overrides = dict(overrides or {})
    testing = bool(overrides.get("TESTING"))
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
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env == "production",
    }
    config.update(overrides)
    if not config["SECRET_KEY"]:
        if env in ("development", "test") or testing:
            # A fixed, public key is acceptable only where nothing real is at stake.
            config["SECRET_KEY"] = "dev-only-not-secret"
        else:
            raise ConfigError("SECRET_KEY must be set outside development and tests.")
    return config
