"""The open-data blueprints: `bp` is the read-only JSON API under /api/v1 (structures,
services, the taxonomy, quartiers, and the data·inclusion exports); `pages_bp` holds the
human pages about it (the API's documentation, the /donnees list of files).

Everything here is public and read-only: only published listings and live services, and never
a field meant for professionals.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")
pages_bp = Blueprint("open_data", __name__)


@bp.after_request
def _cors(response):
    """Any site may read the API from a browser (GET only: there is nothing to write)."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = "If-None-Match"
    response.headers["Access-Control-Expose-Headers"] = "ETag, Link"
    return response
