"""Front-end libraries shipped as Python packages, served from our own site (never a CDN).

The version is part of the address, so a browser may keep each file for a year: a new
version of the package is a new address.
"""

from __future__ import annotations

import xstatic.pkg.leaflet as leaflet
from flask import Blueprint, abort, send_from_directory

bp = Blueprint("vendor", __name__, url_prefix="/static/vendor")

LEAFLET_VERSION = leaflet.VERSION
ONE_YEAR = 365 * 24 * 3600
# What the pages use: the minified library, its stylesheet and the marker pictures.
LEAFLET_FILES = {"leaflet.js", "leaflet.css"}


@bp.get("/leaflet/<version>/<path:filename>")
def leaflet_file(version: str, filename: str):
    """A Leaflet file of the installed version, cacheable for a year."""
    if version != LEAFLET_VERSION or not (filename in LEAFLET_FILES or filename.startswith("images/")):
        abort(404)
    response = send_from_directory(leaflet.BASE_DIR, filename, max_age=ONE_YEAR)
    response.cache_control.public = True
    response.cache_control.immutable = True
    return response


@bp.url_defaults
def _installed_version(endpoint: str, values: dict) -> None:
    """url_for("vendor.leaflet_file", filename=…) points at the installed version."""
    values.setdefault("version", LEAFLET_VERSION)
