"""The OpenAPI 3.1 description of the API, written as data: what portal/api/serializers.py
returns, the parameters portal/api/filters.py reads, and the exports' own paths
(`OPENAPI_PATHS` in portal/api/export_views.py), merged in when they are defined.
"""

from __future__ import annotations

import copy

from sqlalchemy import select

from portal.api import filters
from portal.directory.models import Need, Quartier, SubNeed
from portal.extensions import db

PREFIX = "/api/v1"
VERSION = "1.0.0"


def _nullable(kind: str, **extra) -> dict:
    return {"type": [kind, "null"], **extra}


TEXT = _nullable("string")
CODES = {"type": "array", "items": {"type": "string"}}
CLOCK = _nullable("string", pattern=r"^[0-2][0-9]:[0-5][0-9]$", description="HH:MM, heure de Lille")
REF = "#/components/schemas/"


def _object(properties: dict, description: str = "") -> dict:
    data = {"type": "object", "required": list(properties), "properties": properties}
    if description:
        data["description"] = description
    return data


SCHEMAS = {
    "Error": _object({"error": {"type": "string", "description": "Message en français."},
                      "field": {"type": "string", "description": "Le paramètre en cause."}}
                     ) | {"required": ["error"]},
    "OpeningHours": _object({
        "weekly": {"type": "array", "items": _object({
            "weekday": {"type": "integer", "minimum": 0, "maximum": 6, "description": "0 = lundi"},
            "opens": {"type": "string"}, "closes": {"type": "string"}})},
        "closed_on_public_holidays": {"type": "boolean"},
        "exceptions": {"type": "array", "items": _object({
            "date": {"type": "string", "format": "date"}, "opens": CLOCK, "closes": CLOCK,
            "label": TEXT})},
        "closures": {"type": "array", "items": _object({
            "start": {"type": "string", "format": "date"}, "end": {"type": "string", "format": "date"},
            "message": TEXT})},
        "osm": TEXT,
    }, "Créneaux hebdomadaires (un créneau dont la fermeture n'est pas après l'ouverture finit "
       "après minuit), exceptions datées et fermetures à venir (sans heures : fermé ce jour-là), "
       "et les mêmes horaires au format OpenStreetMap opening_hours."),
    "Structure": _object({
        "id": {"type": "string", "description": "Identifiant stable (slug)."},
        "name": {"type": "string"}, "kind": {"type": "string"}, "presentation": TEXT,
        "address": TEXT, "address_extra": TEXT, "postcode": TEXT, "city": TEXT,
        "latitude": _nullable("number"), "longitude": _nullable("number"),
        "quartier": _nullable("string", description="Slug du quartier (voir /quartiers)."),
        "phone": TEXT, "email": TEXT, "website": TEXT,
        "accessibility": {"type": "string", "enum": ["full", "partial", "none", "unknown"]},
        "accessibility_note": TEXT, "languages": CODES, "labels": CODES,
        "opening_hours": {"$ref": f"{REF}OpeningHours"},
        "open_now": {"type": "boolean"},
        "confirmed_at": _nullable("string", format="date-time",
                                  description="Dernière confirmation des informations par le lieu."),
        "updated_at": _nullable("string", format="date-time"),
        "url": {"type": "string", "format": "uri", "description": "Sa page publique."},
        "services": {"type": "array", "items": {"type": "integer"}, "description": "Ids de ses services."},
    }, "Un lieu publié de l'annuaire."),
    "Place": _object({
        "name": TEXT, "address": TEXT, "postcode": TEXT, "city": TEXT,
        "latitude": _nullable("number"), "longitude": _nullable("number"), "quartier": TEXT,
        "weekday": _nullable("integer", minimum=0, maximum=6), "opens": CLOCK, "closes": CLOCK,
    }, "Un endroit où le service est rendu ; jour et heures pour un passage d'un service itinérant."),
    "Service": _object({
        "id": {"type": "integer"}, "structure": {"type": "string", "description": "Id de la structure."},
        "name": {"type": "string"}, "description": TEXT,
        "needs": CODES, "subneeds": CODES, "audiences": CODES,
        "fees": {"type": "string"}, "fees_detail": TEXT, "documents": TEXT,
        "modes": CODES, "access_modes": CODES, "languages": CODES,
        "places": {"type": "array", "items": {"$ref": f"{REF}Place"},
                   "description": "Vide pour un service rendu seulement à distance."},
        "remote_only": {"type": "boolean"}, "is_free": {"type": "boolean"},
        "is_walk_in": {"type": "boolean"}, "open_now": {"type": "boolean"},
        "updated_at": _nullable("string", format="date-time"),
        "url": {"type": "string", "format": "uri"},
    }, "Un service en ligne d'une structure publiée."),
    "SubNeed": _object({"id": {"type": "string"}, "label": {"type": "string"}, "description": TEXT,
                        "thematiques": CODES, "url": {"type": "string", "format": "uri"}}),
    "Need": _object({"id": {"type": "string"}, "label": {"type": "string"}, "description": TEXT,
                     "url": {"type": "string", "format": "uri"},
                     "subneeds": {"type": "array", "items": {"$ref": f"{REF}SubNeed"}}}),
    "Quartier": _object({
        "id": {"type": "string"}, "name": {"type": "string"}, "code": {"type": "string"},
        "commune": {"type": "string"}, "postcode": {"type": "string"},
        "centroid": _object({"latitude": {"type": "number"}, "longitude": {"type": "number"}}),
        "url": {"type": "string", "format": "uri"}}),
}
SCHEMAS["QuartierDetail"] = {"allOf": [{"$ref": f"{REF}Quartier"}, _object(
    {"geometry": {"type": "object", "description": "Polygone GeoJSON (WGS84)."}})]}


def _page_of(name: str) -> dict:
    link = _nullable("string", format="uri")
    return _object({"count": {"type": "integer", "minimum": 0}, "page": {"type": "integer"},
                    "page_size": {"type": "integer"}, "next": link, "previous": link,
                    "results": {"type": "array", "items": {"$ref": f"{REF}{name}"}}})


def _list_of(name: str) -> dict:
    return _object({"count": {"type": "integer"}, "results": {"type": "array",
                                                               "items": {"$ref": f"{REF}{name}"}}})


HEADERS = {
    "ETag": {"schema": {"type": "string"}, "description": "Empreinte de la réponse."},
    "Cache-Control": {"schema": {"type": "string"}},
}
IF_NONE_MATCH = {"name": "If-None-Match", "in": "header", "required": False, "schema": {"type": "string"},
                 "description": "L'ETag d'une réponse déjà reçue : 304 si rien n'a changé."}


def _json(schema: dict, description: str, headers: dict | None = None) -> dict:
    data = {"description": description, "content": {"application/json": {"schema": schema}}}
    if headers:
        data["headers"] = headers
    return data


ERROR = {"$ref": f"{REF}Error"}


def _operation(key: str, summary: str, schema: dict, parameters: list, *, not_found: bool = False,
               listed: bool = False) -> dict:
    headers = dict(HEADERS)
    if listed:
        headers["Link"] = {"schema": {"type": "string"},
                           "description": "Pages first, last, next, prev (RFC 8288)."}
    responses = {"200": _json(schema, "OK", headers),
                 "304": {"description": "Inchangé depuis l'ETag envoyé."}}
    if listed:
        responses["400"] = _json(ERROR, "Paramètre invalide (nommé dans `field`).")
    if not_found:
        responses["404"] = _json(ERROR, "Inconnu ou non publié.")
    return {"get": {"operationId": key, "summary": summary, "tags": ["Annuaire"],
                    "parameters": [*parameters, IF_NONE_MATCH], "responses": responses}}


def _query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


def _slugs(model) -> list[str]:
    return list(db.session.scalars(select(model.slug).order_by(model.slug)))


def _filters() -> list[dict]:
    boolean = {"type": "boolean"}
    return [
        _query("page", {"type": "integer", "minimum": 1, "maximum": filters.MAX_PAGE, "default": 1},
               "Numéro de page."),
        _query("page_size", {"type": "integer", "minimum": 1, "maximum": filters.MAX_PAGE_SIZE,
                             "default": filters.DEFAULT_PAGE_SIZE}, "Éléments par page."),
        _query("need", {"type": "string", "enum": _slugs(Need)}, "Besoin (voir /needs)."),
        _query("subneed", {"type": "string", "enum": _slugs(SubNeed)}, "Besoin précis (voir /needs)."),
        _query("quartier", {"type": "string", "enum": _slugs(Quartier)}, "Quartier (voir /quartiers)."),
        _query("open_now", boolean, "true : seulement ce qui est ouvert maintenant."),
        _query("free", boolean, "true : seulement ce qui est gratuit pour tous."),
        _query("walk_in", boolean, "true : seulement ce qui reçoit sans rendez-vous."),
        _query("updated_since", {"anyOf": [{"type": "string", "format": "date"},
                                           {"type": "string", "format": "date-time"}],
                                 "examples": ["2026-01-31", "2026-01-31T08:00:00+01:00"]},
               "Modifié depuis cette date (ISO 8601 ; heure de Lille sans fuseau)."),
    ]


def _path(name: str, schema: dict) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": schema}


def _export_paths() -> tuple[dict, dict]:
    """The exports' paths and schemas, when their module defines them."""
    from portal.api import export_views

    paths = getattr(export_views, "OPENAPI_PATHS", {}) or {}
    schemas = getattr(export_views, "OPENAPI_SCHEMAS", {}) or {}
    # Keyed by the full path or by the path under /api/v1: both land under the server's URL.
    return ({(key[len(PREFIX):] if key.startswith(f"{PREFIX}/") else key): copy.deepcopy(item)
             for key, item in paths.items()}, copy.deepcopy(schemas))


def document(server: str, licence: str, licence_url: str) -> dict:
    """The OpenAPI document, for the API served at `server` (its absolute URL)."""
    lists = _filters()
    slug = _path("slug", {"type": "string"})
    paths = {
        "/structures": _operation("structures", "Structures publiées", _page_of("Structure"), lists,
                                  listed=True),
        "/structures/{slug}": _operation("structure", "Une structure", {"$ref": f"{REF}Structure"}, [slug],
                                         not_found=True),
        "/services": _operation("services", "Services en ligne", _page_of("Service"), lists, listed=True),
        "/services/{service_id}": _operation(
            "service", "Un service", {"$ref": f"{REF}Service"},
            [_path("service_id", {"type": "integer", "minimum": 0})], not_found=True),
        "/needs": _operation("needs", "Besoins et besoins précis", _list_of("Need"), []),
        "/quartiers": _operation("quartiers", "Quartiers", _list_of("Quartier"), []),
        "/quartiers/{slug}": _operation("quartier", "Un quartier et son polygone",
                                        {"$ref": f"{REF}QuartierDetail"}, [slug], not_found=True),
        "/openapi.json": {"get": {
            "operationId": "openapi", "summary": "Cette description", "tags": ["Annuaire"],
            "responses": {"200": _json({"type": "object"}, "OpenAPI 3.1", dict(HEADERS))}}},
    }
    extra_paths, extra_schemas = _export_paths()
    from portal.api import workshop_views

    workshop_paths, workshop_schemas = workshop_views.openapi_parts()
    extra_paths, extra_schemas = extra_paths | workshop_paths, extra_schemas | workshop_schemas
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Annuaire de l'aide à Lille : API de lecture",
            "version": VERSION,
            "description": "Structures publiées, services en ligne, besoins et quartiers de "
                           "l'annuaire, en lecture seule. Libellés en français.",
            "license": {"name": licence, "url": licence_url},
        },
        "servers": [{"url": server}],
        "paths": paths | extra_paths,
        "components": {"schemas": SCHEMAS | extra_schemas},
    }
