"""The workshops in the JSON API: the network's sessions over a span of dates, and one workshop
with its coming sessions. Only what residents see (queries.visible_workshops), as on the pages.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import abort
from flask import request as flask_request

from portal.api import filters
from portal.api.blueprint import bp
from portal.api.openapi import REF, TEXT, _filters, _nullable, _object, _operation, _query
from portal.api.views import _paged, json_response
from portal.directory.hours import PARIS
from portal.extensions import db
from portal.mail import absolute_url
from portal.workshops import queries
from portal.workshops.constants import LEVELS, ONLINE, REGISTRATIONS
from portal.workshops.models import Workshop

DEFAULT_DAYS = 92
MAX_DAYS = 366


def _session(session: queries.Session) -> dict:
    status = "cancelled" if session.cancelled else "full" if session.full else "scheduled"
    return {"start": session.starts_at.isoformat(timespec="seconds"),
            "end": session.ends_at.isoformat(timespec="seconds"),
            "status": status, "note": session.note.strip() or None}


def workshop_item(workshop: Workshop, sessions: list[queries.Session]) -> dict:
    """A visible workshop and the sessions asked for. Never its moderation state, proposal or authors."""
    where = workshop.where
    online = workshop.place_kind == ONLINE
    return {
        "id": workshop.slug,
        "title": workshop.title,
        "description": workshop.description.strip() or None,
        "level": workshop.level,
        "audience": workshop.audience.strip() or None,
        "organiser": {"name": workshop.organiser_name,
                      "structure": workshop.partner.slug if workshop.partner else None},
        "subneeds": [s.slug for s in workshop.subneeds],
        "place": {"kind": workshop.place_kind, "name": where["name"] or None,
                  "address": where["address"] or None, "postcode": where["postcode"] or None,
                  "city": where["city"] or None, "latitude": where["latitude"],
                  "longitude": where["longitude"],
                  "quartier": where["quartier"].slug if where["quartier"] else None,
                  "online_url": workshop.online_url or None if online else None},
        "free": workshop.is_free,
        "price": workshop.price.strip() or None,
        "registration": {"mode": workshop.registration,
                         "contact": workshop.registration_contact.strip() or None},
        "capacity": workshop.capacity,
        "url": absolute_url("workshops.workshop", slug=workshop.slug),
        "sessions": [_session(s) for s in sessions],
    }


def _day(args, name: str, default: date) -> date:
    raw = args.get(name)
    if raw is None:
        return default
    try:
        return date.fromisoformat(raw) if len(raw) == 10 else _bad_day(name)
    except ValueError:
        return _bad_day(name)


def _bad_day(name: str) -> date:
    raise filters.BadParameter(name, f"« {name} » doit être une date ISO 8601 (2027-01-31).")


def _after(day: date, days: int) -> date:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max


def _level(args) -> str | None:
    raw = args.get("level")
    if raw is not None and raw not in LEVELS:
        raise filters.BadParameter("level", f"« level » vaut {', '.join(LEVELS)}.")
    return raw


@bp.get("/workshops")
def workshops():
    """Visible workshops with a session between `from` and `to` (the next 92 days by default)."""
    args = flask_request.args
    query = filters.list_query({k: v for k, v in args.items()
                                if k in ("page", "page_size", "need", "subneed", "quartier", "free")})
    today = datetime.now(PARIS).date()
    start = _day(args, "from", today)
    # A span longer than a year is cut to a year (a program paging through dates gets a year at
    # a time); "to" before "from" is an empty span, not an error.
    end = min(_day(args, "to", _after(start, DEFAULT_DAYS)), _after(start, MAX_DAYS))
    sessions = [] if end < start else queries.sessions_between(
        start, end, need=query.need, subneed=query.subneed, level=_level(args), free=query.free or None,
        quartier_id=query.quartier.id if query.quartier else None)
    grouped: dict[int, list[queries.Session]] = {}
    for session in sessions:
        grouped.setdefault(session.workshop.id, []).append(session)
    ordered = list(grouped.values())
    page = ordered[(query.page - 1) * query.page_size: query.page * query.page_size]
    return _paged(query, len(ordered), [workshop_item(group[0].workshop, group) for group in page])


@bp.get("/workshops/<slug>")
def workshop(slug: str):
    """One visible workshop and its sessions of the coming year (cancelled ones included)."""
    found = db.session.scalars(queries.visible_workshops().where(Workshop.slug == slug)).first()
    if found is None:
        abort(404)
    today = datetime.now(PARIS).date()
    sessions = queries.sessions_of(found, today, today + timedelta(days=MAX_DAYS))
    return json_response(workshop_item(found, sessions))


def _schemas() -> dict:
    return {
        "WorkshopSession": _object({
            "start": {"type": "string", "format": "date-time",
                      "description": "Heure de Lille, avec son décalage."},
            "end": {"type": "string", "format": "date-time"},
            "status": {"type": "string", "enum": ["scheduled", "cancelled", "full"]},
            "note": TEXT}),
        "Workshop": _object({
            "id": {"type": "string", "description": "Identifiant stable (slug)."},
            "title": {"type": "string"}, "description": TEXT,
            "level": {"type": "string", "enum": list(LEVELS)}, "audience": TEXT,
            "organiser": _object({"name": {"type": "string"}, "structure": _nullable(
                "string", description="La structure (voir /structures), ou null : un événement "
                                      "du réseau.")}),
            "subneeds": {"type": "array", "items": {"type": "string"}},
            "place": _object({
                "kind": {"type": "string", "enum": ["partner", "other", "online"]},
                "name": TEXT, "address": TEXT, "postcode": TEXT, "city": TEXT,
                "latitude": _nullable("number"), "longitude": _nullable("number"),
                "quartier": TEXT, "online_url": _nullable("string", format="uri")}),
            "free": {"type": "boolean"}, "price": TEXT,
            "registration": _object({"mode": {"type": "string", "enum": list(REGISTRATIONS)},
                                     "contact": TEXT}),
            "capacity": _nullable("integer"),
            "url": {"type": "string", "format": "uri"},
            "sessions": {"type": "array", "items": {"$ref": f"{REF}WorkshopSession"}}}),
    }


def openapi_parts() -> tuple[dict, dict]:
    """The paths and schemas of these routes, for /api/v1/openapi.json."""
    day = {"type": "string", "format": "date"}
    shared = ("page", "page_size", "need", "subneed", "quartier", "free")
    parameters = [item for item in _filters() if item["name"] in shared] + [
        _query("level", {"type": "string", "enum": list(LEVELS)}, "Niveau de l'atelier."),
        _query("from", day, "Premier jour (aujourd'hui par défaut)."),
        _query("to", day, f"Dernier jour ({DEFAULT_DAYS} jours après « from » par défaut ; "
                          f"la période s'arrête {MAX_DAYS} jours après « from »)."),
    ]
    page = _object({"count": {"type": "integer", "minimum": 0}, "page": {"type": "integer"},
                    "page_size": {"type": "integer"}, "next": _nullable("string", format="uri"),
                    "previous": _nullable("string", format="uri"),
                    "results": {"type": "array", "items": {"$ref": f"{REF}Workshop"}}})
    listing = _operation("workshops", "Ateliers et leurs séances", page, parameters, listed=True)
    one = _operation("workshop", "Un atelier et ses séances de l'année", {"$ref": f"{REF}Workshop"},
                     [{"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}],
                     not_found=True)
    for item in (listing, one):
        item["get"]["tags"] = ["Ateliers"]
    return {"/workshops": listing, "/workshops/{slug}": one}, _schemas()
