"""The open-data files as HTTP resources: the data·inclusion structures and services and the
lieux de médiation numérique, in JSON and CSV, public and read-only.

The body is written while the rows are generated (never held whole in memory). Its ETag is a
weak one, computed before any row from what the rows depend on (`exports.fingerprint`), so that
an unchanged file costs a few counts and a 304. The licence and the dates are in the headers:
the JSON stays the plain list of rows the schema's tools read.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from flask import Response, current_app, request, stream_with_context

from portal.api import exports, open_files
from portal.api.blueprint import bp

MAX_AGE = 300
FORMATS = {"json": "application/json", "csv": "text/csv"}


def path_of(item: open_files.OpenFile, fmt: str) -> str:
    """The URL path of a file, under the API's prefix."""
    return f"/{item.dataset}/{item.name}.{fmt}"


def _etag(item: open_files.OpenFile, fmt: str) -> str:
    config = current_app.config
    key = "|".join((item.dataset, item.name, fmt, config["PORTAL_OPEN_DATA_LICENCE_URL"],
                    exports.fingerprint()))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _serve(item: open_files.OpenFile, fmt: str) -> Response:
    etag = _etag(item, fmt)
    config = current_app.config
    headers = {
        "Link": f'<{config["PORTAL_OPEN_DATA_LICENCE_URL"]}>; rel="license"',
        "X-Licence": config["PORTAL_OPEN_DATA_LICENCE"].encode("ascii", "replace").decode(),
        "X-Generated-At": datetime.now(UTC).isoformat(timespec="seconds"),
        "Content-Disposition": f'inline; filename="{item.name}.{fmt}"',
        "Vary": "Accept-Encoding",
    }
    if request.if_none_match.contains_weak(etag):
        response = Response(status=304, headers=headers)
    else:
        rows = item.rows(None)
        chunks = (open_files.json_chunks(rows) if fmt == "json"
                  else open_files.csv_chunks(rows, item.fields))
        # The body is written after the view returns: the request's context is kept for it.
        response = Response(stream_with_context(chunks), headers=headers,
                            content_type=f"{FORMATS[fmt]}; charset=utf-8")
    response.set_etag(etag, weak=True)
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    return response


def _view(item: open_files.OpenFile, fmt: str):
    def view():
        return _serve(item, fmt)

    view.__doc__ = f"The open file {item.dataset}/{item.name}.{fmt}."
    return view


for _item in open_files.FILES:
    for _fmt in FORMATS:
        bp.add_url_rule(path_of(_item, _fmt), endpoint=f"{_item.dataset}_{_item.name}_{_fmt}",
                        view_func=_view(_item, _fmt), methods=["GET"])


def _openapi(item: open_files.OpenFile, fmt: str) -> dict:
    schema = ({"type": "array", "items": {"type": "object"}} if fmt == "json"
              else {"type": "string", "description": "CSV, en-tête : " + ", ".join(item.fields)})
    return {"get": {
        "summary": f"{item.title} ({fmt.upper()})",
        "description": (f"{item.description} Licence dans l'en-tête `Link` (rel=\"license\"). "
                        "Les listes d'une cellule CSV sont séparées par « | »."),
        "tags": ["Données ouvertes"],
        "responses": {
            "200": {"description": "Le fichier, ligne par ligne.",
                    "headers": {"ETag": {"schema": {"type": "string"}},
                                "Link": {"schema": {"type": "string"}}},
                    "content": {FORMATS[fmt]: {"schema": schema}}},
            "304": {"description": "Inchangé depuis l'ETag envoyé dans If-None-Match."},
        },
    }}


# OpenAPI 3 path items of these routes (merged into /api/v1/openapi.json), keyed by their path
# under the API's prefix.
OPENAPI_PATHS: dict[str, dict] = {
    f"{bp.url_prefix}{path_of(item, fmt)}": _openapi(item, fmt)
    for item in open_files.FILES for fmt in FORMATS
}
