"""Template globals and filters shared by every page."""

from __future__ import annotations

from flask import Flask
from flask_babel import format_date, format_datetime

from portal.directory import constants


def register(app: Flask) -> None:
    """Expose code labels and small helpers to the templates."""
    app.jinja_env.globals.update(
        label=constants.label,
        KINDS=constants.PARTNER_KINDS,
        ACCESSIBILITY=constants.ACCESSIBILITY,
        LANGUAGES=constants.LANGUAGES,
        NATIONAL_LABELS=constants.NATIONAL_LABELS,
        FEES=constants.FEES,
        MODES=constants.MODES,
        ACCESS_MODES=constants.ACCESS_MODES,
        AUDIENCES=constants.AUDIENCES,
        SOURCES=constants.SOURCES,
    )
    app.jinja_env.filters.update(format_date=format_date, format_datetime=format_datetime)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
