"""Our models as the API's JSON objects: plain dicts, with only what the public pages show.

What a field may say is decided here, field by field: nothing is copied from a model wholesale,
so a column added later (a professional-only one, say) reaches no program by accident. The
shapes are described for developers in portal/api/openapi.py; the two move together.
"""

from __future__ import annotations

from datetime import date, datetime, time

from portal.directory import hours
from portal.directory.models import Need, Partner, Place, Quartier, Service
from portal.mail import absolute_url

# Quartier id -> slug, and sub-need id -> need slug: reference data, read once per request.
Lookup = dict[int, str]


def _text(value: str | None) -> str | None:
    """A text, or null when there is none (an empty field says nothing)."""
    value = (value or "").strip()
    return value or None


def _clock(value: time | None) -> str | None:
    return value.strftime("%H:%M") if value is not None else None


def _moment(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


def opening_hours(partner: Partner, schedule: hours.Schedule, today: date) -> dict:
    """The hours in a simple form: weekly slots (weekday 0 is Monday; a slot whose closing time
    is not after its opening runs past midnight), upcoming dated exceptions and closures, and
    the same in the OpenStreetMap `opening_hours` syntax (closures left out)."""
    exceptions = [e for e in partner.exceptions if e.day >= today]
    closures = [c for c in partner.closures if c.end_date >= today]
    upcoming = hours.Schedule(slots=schedule.slots,
                              exceptions=tuple(e for e in schedule.exceptions if e.day >= today),
                              closed_on_public_holidays=schedule.closed_on_public_holidays)
    return {
        "weekly": [{"weekday": s.weekday, "opens": _clock(s.opens), "closes": _clock(s.closes)}
                   for s in partner.slots],
        "closed_on_public_holidays": partner.closed_on_public_holidays,
        "exceptions": [{"date": e.day.isoformat(), "opens": _clock(e.opens), "closes": _clock(e.closes),
                        "label": _text(e.label)} for e in exceptions],
        "closures": [{"start": c.start_date.isoformat(), "end": c.end_date.isoformat(),
                      "message": _text(c.message)} for c in closures],
        "osm": hours.format_osm(upcoming) or None,
    }


def structure(partner: Partner, *, quartiers: Lookup, service_ids: list[int], at: datetime) -> dict:
    """A published partner. Never its professional-only fields, contact address, members,
    trust, import memory or pending changes."""
    schedule = partner.schedule
    return {
        "id": partner.slug,
        "name": partner.name,
        "kind": partner.kind,
        "presentation": _text(partner.presentation),
        "address": _text(partner.address),
        "address_extra": _text(partner.address_extra),
        "postcode": _text(partner.postcode),
        "city": _text(partner.city),
        "latitude": partner.latitude,
        "longitude": partner.longitude,
        "quartier": quartiers.get(partner.quartier_id) if partner.quartier_id else None,
        "phone": _text(partner.phone),
        "email": _text(partner.email),
        "website": _text(partner.website),
        "accessibility": partner.accessibility,
        "accessibility_note": _text(partner.accessibility_note),
        "languages": list(partner.languages or []),
        "labels": list(partner.labels or []),
        "opening_hours": opening_hours(partner, schedule, at.date()),
        "open_now": schedule.is_open(at),
        "confirmed_at": _moment(partner.last_confirmed_at),
        "updated_at": _moment(partner.updated_at),
        "url": absolute_url("directory.partner", slug=partner.slug),
        "services": service_ids,
    }


def _place(place: Place, quartiers: Lookup) -> dict:
    return {
        "name": _text(place.name),
        "address": _text(place.address),
        "postcode": _text(place.postcode),
        "city": _text(place.city),
        "latitude": place.latitude,
        "longitude": place.longitude,
        "quartier": quartiers.get(place.quartier_id) if place.quartier_id else None,
        "weekday": place.weekday,
        "opens": _clock(place.opens),
        "closes": _clock(place.closes),
    }


def service(item: Service, *, quartiers: Lookup, needs_of: Lookup, at: datetime) -> dict:
    """A live service, with where it is really given (`Service.places`) and whether it is open
    now (`Service.schedule`). Never whether it takes orientation requests."""
    partner = item.partner
    later = max((m for m in (item.updated_at, partner.updated_at) if m is not None), default=None)
    return {
        "id": item.id,
        "structure": partner.slug,
        "name": item.name,
        "description": _text(item.description),
        "needs": list(dict.fromkeys(needs_of[s.id] for s in item.subneeds)),
        "subneeds": [s.slug for s in item.subneeds],
        "audiences": list(item.audiences or []),
        "fees": item.fees,
        "fees_detail": _text(item.fees_detail),
        "documents": _text(item.documents),
        "modes": list(item.modes or []),
        "access_modes": list(item.access_modes or []),
        "languages": list(item.languages or []),
        "places": [_place(p, quartiers) for p in item.places],
        "remote_only": item.is_remote_only,
        "is_free": item.is_free,
        "is_walk_in": item.is_walk_in,
        "open_now": item.schedule.is_open(at),
        "updated_at": _moment(later),
        "url": absolute_url("directory.partner", slug=partner.slug),
    }


def need(item: Need) -> dict:
    """A need and its sub-needs (French labels, as stored), with the data·inclusion thématiques
    each sub-need maps to."""
    return {
        "id": item.slug,
        "label": item.label,
        "description": _text(item.description),
        "url": absolute_url("directory.need", slug=item.slug),
        "subneeds": [{
            "id": sub.slug,
            "label": sub.label,
            "description": _text(sub.description),
            "thematiques": list(sub.thematiques or []),
            "url": absolute_url("directory.subneed", need_slug=item.slug, slug=sub.slug),
        } for sub in item.subneeds],
    }


def quartier(item: Quartier, *, with_geometry: bool = False) -> dict:
    """A quartier with its centre; its polygon (a GeoJSON geometry, WGS84) only when asked."""
    data = {
        "id": item.slug,
        "name": item.name,
        "code": item.code,
        "commune": item.commune,
        "postcode": item.postcode,
        "centroid": {"latitude": item.centroid_lat, "longitude": item.centroid_lon},
        "url": absolute_url("directory.quartier", slug=item.slug),
    }
    if with_geometry:
        data["geometry"] = item.geometry
    return data
