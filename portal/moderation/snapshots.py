"""A partner's whole listing as plain JSON data: take it, compare two, write one back.

Shape of a snapshot (every value JSON-native, so it can be stored in a revision)::

    {"partner": {"name", "kind", "presentation", "address", "address_extra", "postcode", "city",
                 "phone", "email", "website", "accessibility", "accessibility_note",
                 "languages": [codes], "closed_on_public_holidays": bool,
                 "pro_phone", "pro_contact", "pro_email", "pro_procedure", "pro_documents"},
     "services": [{"key": "12" (str of the id; "n1", "n2"… for a service not created yet),
                   "id": 12 or None, "name", "description", "audiences", "fees", "fees_detail",
                   "modes", "access_modes", "documents", "languages", "status",
                   "accepts_orientations": bool, "subneeds": [sub-need slugs],
                   "place": {…}, "stops": [{…}]}],  # where it is given: see places.py
     "slots": [{"weekday": 0-6, "opens": "HH:MM", "closes": "HH:MM"}],
     "exceptions": [{"day": "YYYY-MM-DD", "opens": "HH:MM" or None, "closes": …, "label"}],
     "closures": [{"start": "YYYY-MM-DD", "end": "YYYY-MM-DD", "message"}]}

The "pro_*" fields are for signed-in professionals only (see Partner): they travel in snapshots
like the others, for the members and the moderators, and nowhere public. Snapshots stored before
a field existed lack it: a missing field is left as it is when a snapshot is applied, and is
read as its default when compared (`LATER_DEFAULTS`).
"""

from __future__ import annotations

import copy
import json
from datetime import date, time

from sqlalchemy import select

from portal.directory import geocoding
from portal.directory.constants import ARCHIVED
from portal.directory.models import Closure, OpeningException, OpeningSlot, Partner, Service, SubNeed
from portal.directory.operations import place_partner
from portal.extensions import db
from portal.moderation import places
from portal.moderation.constants import ADDRESS_NOT_FOUND, GEOCODER_UNAVAILABLE

PARTNER_FIELDS = (
    "name", "kind", "presentation", "address", "address_extra", "postcode", "city", "phone",
    "email", "website", "accessibility", "accessibility_note", "languages",
    "closed_on_public_holidays",
    "pro_phone", "pro_contact", "pro_email", "pro_procedure", "pro_documents",
)
SERVICE_FIELDS = (
    "name", "description", "subneeds", "audiences", "fees", "fees_detail", "modes",
    "access_modes", "documents", "languages", "status", "accepts_orientations",
)
# Fields added after snapshots were first stored, with the value an older snapshot stands for.
LATER_DEFAULTS = {
    "pro_phone": "", "pro_contact": "", "pro_email": "", "pro_procedure": "", "pro_documents": "",
    "accepts_orientations": False,
}
ADDRESS_FIELDS = ("address", "postcode", "city")


def hm(value: time | None) -> str | None:
    """A time as a snapshot stores it ("09:30"), or None."""
    return None if value is None else value.strftime("%H:%M")


def _time(value: str | None) -> time | None:
    return None if value in (None, "") else time.fromisoformat(value)


def service_data(service: Service) -> dict:
    """One live service as snapshot data."""
    data = {"key": str(service.id), "id": service.id}
    for name in SERVICE_FIELDS:
        value = getattr(service, name) if name != "subneeds" else [s.slug for s in service.subneeds]
        data[name] = list(value) if isinstance(value, list) else value
    data["place"] = places.place_data(service)
    data["stops"] = places.stops_data(service)
    return data


def snapshot_of(partner: Partner) -> dict:
    """The live listing of a partner, as snapshot data."""
    fields = {name: getattr(partner, name) for name in PARTNER_FIELDS}
    fields["languages"] = list(fields["languages"] or [])
    return {
        "partner": fields,
        "services": [service_data(s) for s in partner.services],
        "slots": sorted(
            ({"weekday": s.weekday, "opens": hm(s.opens), "closes": hm(s.closes)} for s in partner.slots),
            key=lambda s: (s["weekday"], s["opens"]),
        ),
        "exceptions": sorted(
            ({"day": e.day.isoformat(), "opens": hm(e.opens), "closes": hm(e.closes), "label": e.label}
             for e in partner.exceptions),
            key=lambda e: (e["day"], e["opens"] or ""),
        ),
        "closures": sorted(
            ({"start": c.start_date.isoformat(), "end": c.end_date.isoformat(), "message": c.message}
             for c in partner.closures),
            key=lambda c: c["start"],
        ),
    }


def same(a: dict, b: dict) -> bool:
    """Whether two snapshots hold the same listing."""
    return json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True, default=str)


def _slot_text(slot: dict) -> str:
    return f"{slot['opens']}-{slot['closes']}"


def _exception_text(exc: dict) -> str:
    hours = f"{exc['opens']}-{exc['closes']}" if exc.get("opens") else "fermé"
    return f"{exc['day']} : {hours}" + (f" ({exc['label']})" if exc.get("label") else "")


def _closure_text(closure: dict) -> str:
    text = f"{closure['start']} → {closure['end']}"
    return text + (f" : {closure['message']}" if closure.get("message") else "")


def diff_snapshots(before: dict, after: dict) -> list[dict]:
    """Field-by-field changes from `before` to `after`; services are matched by key (their id).

    A new service gives one ``service.added`` entry whose ``after`` holds its fields; a service
    missing from `after` counts as archived (services are never deleted).
    """
    changes: list[dict] = []
    for name in PARTNER_FIELDS:
        if name not in after["partner"] and name in LATER_DEFAULTS:
            continue  # an older snapshot: applying it leaves the field as it is
        old, new = _read(before["partner"], name), after["partner"].get(name)
        if old != new:
            changes.append({"field": name, "label_code": name, "before": old, "after": new})
    old_services = {s["key"]: s for s in before["services"]}
    new_keys = {s["key"] for s in after["services"]}
    for service in after["services"]:
        old = old_services.get(service["key"])
        if old is None:
            fields = {k: v for k, v in service.items() if k not in ("key", "id")}
            changes.append({"field": f"services.{service['key']}", "label_code": "service.added",
                            "service": service["name"], "before": None, "after": fields})
            continue
        for name in SERVICE_FIELDS:
            if name not in service and name in LATER_DEFAULTS:
                continue
            if _read(old, name) != service.get(name):
                changes.append({"field": f"services.{service['key']}.{name}",
                                "label_code": f"service.{name}", "service": service["name"],
                                "before": _read(old, name), "after": service.get(name)})
        changes += _place_changes(service, old)
    for key, old in old_services.items():
        if key not in new_keys and old["status"] != ARCHIVED:
            changes.append({"field": f"services.{key}.status", "label_code": "service.status",
                            "service": old["name"], "before": old["status"], "after": ARCHIVED})
    for day in range(7):
        old = [_slot_text(s) for s in before["slots"] if s["weekday"] == day]
        new = [_slot_text(s) for s in after["slots"] if s["weekday"] == day]
        if old != new:
            changes.append({"field": f"slots.{day}", "label_code": f"slots.{day}",
                            "before": old, "after": new})
    for name, text in (("exceptions", _exception_text), ("closures", _closure_text)):
        old, new = [text(x) for x in before[name]], [text(x) for x in after[name]]
        if old != new:
            changes.append({"field": name, "label_code": name, "before": old, "after": new})
    return changes


def _read(values: dict, name: str):
    """A field of a snapshot's partner or service; a field added since it was stored reads as
    its default."""
    return values.get(name, LATER_DEFAULTS.get(name))


def _place_changes(service: dict, old: dict) -> list[dict]:
    """Where the service is given: its own place and its stops, each one diff entry."""
    changes = []
    for name, read in (("place", places.place_of), ("stops", places.stops_of)):
        before, after = read(old), read(service)
        if before != after:
            changes.append({"field": f"services.{service['key']}.{name}",
                            "label_code": f"service.{name}", "service": service["name"],
                            "before": before, "after": after})
    return changes


def _subneeds(slugs: list[str]) -> list[SubNeed]:
    if not slugs:
        return []
    found = {s.slug: s for s in db.session.scalars(select(SubNeed).where(SubNeed.slug.in_(slugs)))}
    # A sub-need removed from the taxonomy since the snapshot was taken is dropped quietly.
    return [found[slug] for slug in slugs if slug in found]


def _apply_services(partner: Partner, services: list[dict]) -> None:
    existing = {s.id: s for s in partner.services}
    mentioned: set[int] = set()
    for position, data in enumerate(services):
        service = existing.get(data.get("id")) if data.get("id") is not None else None
        if service is None and data.get("id") is not None:
            other = db.session.get(Service, data["id"])
            if other is not None and other.partner_id != partner.id:
                raise ValueError(f"service {data['id']} does not belong to partner {partner.id}")
        if service is None:
            service = Service(partner=partner, name=data["name"])
            db.session.add(service)
        else:
            mentioned.add(service.id)
        for name in SERVICE_FIELDS:
            if name == "subneeds":
                service.subneeds = _subneeds(data.get("subneeds", []))
            elif name in data:
                setattr(service, name, copy.deepcopy(data[name]))
        if "place" in data:
            places.write_place(service, places.place_of(data))
        if "stops" in data:
            places.write_stops(service, places.stops_of(data))
        service.position = position
    for service_id, service in existing.items():
        if service_id not in mentioned:
            service.status = ARCHIVED


def _apply_hours(partner: Partner, snapshot: dict, live: dict) -> None:
    if snapshot["slots"] != live["slots"]:
        partner.slots = [OpeningSlot(weekday=s["weekday"], opens=_time(s["opens"]), closes=_time(s["closes"]))
                         for s in snapshot["slots"]]
    if snapshot["exceptions"] != live["exceptions"]:
        partner.exceptions = [
            OpeningException(day=date.fromisoformat(e["day"]), opens=_time(e.get("opens")),
                             closes=_time(e.get("closes")), label=e.get("label", ""))
            for e in snapshot["exceptions"]
        ]
    if snapshot["closures"] != live["closures"]:
        partner.closures = [
            Closure(start_date=date.fromisoformat(c["start"]), end_date=date.fromisoformat(c["end"]),
                    message=c.get("message", ""))
            for c in snapshot["closures"]
        ]


def _relocate(partner: Partner) -> list[str]:
    """Geocode the new address; on failure the old position stays and a flag says why."""
    query = f"{partner.address} {partner.postcode} {partner.city}"
    try:
        place = geocoding.geocode(query)
    except geocoding.GeocoderUnavailable:
        return [GEOCODER_UNAVAILABLE]
    if place is None:
        return [ADDRESS_NOT_FOUND]
    place_partner(partner, place.latitude, place.longitude)
    return []


def apply_snapshot(partner: Partner, snapshot: dict, live: dict | None = None) -> tuple[dict, list[str]]:
    """Write a snapshot onto the live listing and bump its version.

    `live` is the listing's current snapshot when the caller already has it. Services are
    created, updated or archived (never deleted); a service id that belongs to another partner
    raises ValueError. A changed address is geocoded again and the quartier recomputed.
    Returns the live snapshot afterwards (new services now have ids) and the flags
    (constants.FLAGS codes) noticed on the way. Flushes, does not commit.
    """
    live = live if live is not None else snapshot_of(partner)
    partner.mark_sources([f for f in PARTNER_FIELDS if f in snapshot["partner"]
                          and snapshot["partner"][f] != live["partner"].get(f)], "saisie", date.today())
    for name in PARTNER_FIELDS:
        if name in snapshot["partner"]:  # a field added since the snapshot was taken stays
            setattr(partner, name, copy.deepcopy(snapshot["partner"][name]))
    _apply_services(partner, snapshot["services"])
    _apply_hours(partner, snapshot, live)
    flags: list[str] = []
    if any(live["partner"].get(f) != snapshot["partner"].get(f) for f in ADDRESS_FIELDS):
        flags = _relocate(partner)
    partner.version = partner.version + 1
    db.session.flush()
    return snapshot_of(partner), flags
