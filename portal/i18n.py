"""Locale selection and the translation helpers used across the code."""

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

__all__ = ["_", "_l", "ngettext", "select_locale"]


def select_locale() -> str:
    """French is the source language; other interface languages come with their catalogues."""
    return current_app.config["BABEL_DEFAULT_LOCALE"]
