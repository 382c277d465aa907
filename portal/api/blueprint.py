"""The open-data blueprints: `bp` is the read-only JSON API under /api/v1 (structures,
services, the taxonomy, quartiers, and the data·inclusion exports); `pages_bp` holds the
human pages about it (the API's documentation, the /donnees list of files).

Everything here is public and read-only: only published listings and live services, and never
a field meant for professionals.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, request
from werkzeug.exceptions import HTTPException

bp = Blueprint("api", __name__, url_prefix="/api/v1")
pages_bp = Blueprint("open_data", __name__)

# A browser may keep a preflight answer this long (seconds) before asking again.
PREFLIGHT_MAX_AGE = 86400

# What a developer reads when the API cannot answer (in French, plain: it is read by programs
# and by the developers who write them, not shown to residents).
MESSAGES = {
    400: "Requête invalide.",
    404: "Cette ressource n'existe pas ou n'est pas publiée.",
    405: "Méthode non autorisée : l'API est en lecture seule (GET).",
    429: "Trop de requêtes : réessayez dans une minute.",
    500: "Erreur interne : réessayez plus tard.",
    503: "Service momentanément indisponible : réessayez dans une minute.",
}


@bp.after_request
def _cors(response):
    """Any site may read the API from a browser (GET only: there is nothing to write)."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = "If-None-Match"
    response.headers["Access-Control-Expose-Headers"] = "ETag, Link"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
    return response


def api_url(endpoint: str, **values) -> str:
    """The absolute URL of an API address, without the language prefix the page asking may
    have (/en, /ar): the API is the same in every language."""
    from portal.mail import absolute_url

    url = absolute_url(endpoint, **values)
    language_root, site_root = request.script_root, request.environ.get("portal.root", "")
    if language_root != site_root:
        url = url.replace(f"{language_root}{bp.url_prefix}", f"{site_root}{bp.url_prefix}", 1)
    return url


def is_api_request() -> bool:
    """Whether the request is addressed to the JSON API (its errors are JSON, not pages)."""
    path = request.path
    return path == bp.url_prefix or path.startswith(f"{bp.url_prefix}/")


def json_body(data) -> bytes:
    """The API's JSON: UTF-8, accents as they are, always the same bytes for the same data."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def error_response(code: int, message: str | None = None, field: str | None = None,
                   headers=None) -> Response:
    """A JSON error `{"error": …, "field": …}` with the CORS headers (error responses of the
    application skip the blueprint's own hooks when the URL matched no route)."""
    body: dict = {"error": message or MESSAGES.get(code, MESSAGES[400 if code < 500 else 500])}
    if field is not None:
        body["field"] = field
    response = Response(json_body(body), status=code, mimetype="application/json",
                        headers=headers)
    response.cache_control.no_store = True
    return _cors(response)


def http_error_response(error: HTTPException) -> Response:
    """An HTTP error of the API (unknown path, method not allowed, too many requests) in JSON,
    with the headers the error carries (Allow for a 405)."""
    code = error.code or 500
    headers = [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]
    if code == 429:
        headers.append(("Retry-After", "60"))
    return error_response(code, headers=headers)
