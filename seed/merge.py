"""Three-way merge of an open-data import with what people wrote in a listing.

For every value it manages, an import knows three states: what the previous import wrote
(the baseline, kept in `Partner.imported`), what the listing holds now, and what the source
says today:

- the listing still holds the baseline: nobody changed it, the import writes the new value;
- the listing holds something else: a person set it (an approved edit, an administrator). The
  import never overwrites it; when the source changed too, the new source value becomes a
  proposal that an administrator reviews;
- the listing was imported before baselines were kept: if a person ever edited or confirmed
  it, every difference becomes a proposal; otherwise its current values serve as baseline.

Values are plain JSON data, shaped like `Partner.imported`::

    {"partner": {field: value for field in FIELDS},
     "location": [latitude, longitude],
     "slots": [[weekday, "HH:MM", "HH:MM"], …],      # absent when the source has no hours
     "services": {name: {field: value for field in SERVICE_FIELDS}}}

A service's "stops" (an itinerant service's places, weekdays and hours) have the shape of a
snapshot's (see portal.moderation.places), so that a proposal carries them as they are.

A listing's publication state and a service's are not merged: the import publishes what it
creates and never publishes again what a person withdrew or archived.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from portal.directory.models import Partner, Service
from portal.moderation import places
from portal.moderation.snapshots import hm

FIELDS = (
    "name", "kind", "presentation", "address", "address_extra", "postcode", "city", "phone",
    "email", "website",
)
ADDRESS_FIELDS = ("address", "address_extra", "postcode", "city")
SERVICE_FIELDS = (
    "description", "fees", "fees_detail", "audiences", "modes", "access_modes", "subneeds", "stops",
)

WRITE, PROPOSE, KEEP = "write", "propose", "keep"


class _Missing:
    """No baseline is known for this value (imported before baselines were kept)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING = _Missing()


def decide(base: object, current: object, new: object) -> str:
    """What the import does with one value: WRITE it, PROPOSE it, or KEEP the listing's."""
    if current == new:
        return KEEP
    if base is MISSING:
        return PROPOSE
    if current == base:
        return WRITE
    return PROPOSE if new != base else KEEP


def service_values(service: Service) -> dict:
    return {
        "description": service.description,
        "fees": service.fees,
        "fees_detail": service.fees_detail,
        "audiences": list(service.audiences or []),
        "modes": list(service.modes or []),
        "access_modes": list(service.access_modes or []),
        "subneeds": sorted(s.slug for s in service.subneeds),
        "stops": places.stops_data(service),
    }


def current_values(partner: Partner) -> dict:
    """The listing as it is now, in the shape of `Partner.imported`."""
    return {
        "partner": {name: getattr(partner, name) for name in FIELDS},
        "location": [partner.latitude, partner.longitude],
        "slots": sorted([s.weekday, hm(s.opens), hm(s.closes)] for s in partner.slots),
        "services": {s.name: service_values(s) for s in partner.services},
    }


@dataclass
class Plan:
    """What to do with one listing: values to write, values to propose, the next baseline."""

    write: dict = field(default_factory=lambda: {"partner": {}, "services": {}})
    propose: dict = field(default_factory=lambda: {"partner": {}, "services": {}})
    baseline: dict = field(default_factory=dict)

    @property
    def writes_anything(self) -> bool:
        # "location" and "slots" are present only when they are written (slots may be empty).
        return bool(self.write["partner"] or self.write["services"]
                    or set(self.write) - {"partner", "services"})

    @property
    def proposes_anything(self) -> bool:
        return bool(self.propose["partner"] or self.propose["services"] or "slots" in self.propose)

    def postpone_proposals(self, previous: dict | None) -> None:
        """The proposal could not be recorded now: keep the old baseline for its values, so
        that the next import proposes them again."""
        previous = previous or {}
        for name in self.propose["partner"]:
            _put(self.baseline, ("partner", name), _get(previous, ("partner", name)))
        if "slots" in self.propose:
            _put(self.baseline, ("slots",), _get(previous, ("slots",)))
        for service, values in self.propose["services"].items():
            for name in values:
                _put(self.baseline, ("services", service, name),
                     _get(previous, ("services", service, name)))


def _get(data: dict | None, path: tuple) -> object:
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return MISSING
        data = data[key]
    return data


def _put(data: dict, path: tuple, value: object) -> None:
    *parents, last = path
    for key in parents:
        data = data.setdefault(key, {})
    if value is MISSING:
        data.pop(last, None)
    else:
        data[last] = copy.deepcopy(value)


def plan(baseline: dict | None, current: dict, new: dict) -> Plan:
    """Compare the three states of one listing (see the module's docstring)."""
    result = Plan(baseline=copy.deepcopy(baseline or {}))

    def one(path: tuple, target: dict, key: str) -> None:
        base, now, wanted = _get(baseline, path), _get(current, path), _get(new, path)
        decision = decide(base, now, wanted)
        if decision == WRITE:
            target["write"][key] = wanted
        elif decision == PROPOSE:
            target["propose"][key] = wanted
        _put(result.baseline, path, wanted)

    partner = {"write": result.write["partner"], "propose": result.propose["partner"]}
    for name in FIELDS:
        one(("partner", name), partner, name)

    # The position follows the address: it moves only when the listing's address is the
    # source's (a person who changed the address had it geocoded again).
    address_now = {n: current["partner"][n] for n in ADDRESS_FIELDS}
    address_after = {**address_now, **{n: v for n, v in result.write["partner"].items()
                                       if n in ADDRESS_FIELDS}}
    if address_after == {n: new["partner"][n] for n in ADDRESS_FIELDS}:
        if current["location"] != new["location"]:
            result.write["location"] = new["location"]
        _put(result.baseline, ("location",), new["location"])

    if "slots" in new:
        hours = {"write": result.write, "propose": result.propose}
        one(("slots",), hours, "slots")

    for service_name, wanted in new["services"].items():
        now = current["services"].get(service_name)
        base = _get(baseline, ("services", service_name))
        if now is None:
            if base is MISSING and baseline is not None and "services" in baseline:
                # Never seen before: a new service of the source.
                result.write["services"][service_name] = dict(wanted)
            elif base is MISSING:
                result.propose["services"][service_name] = dict(wanted)
            # Otherwise a person removed or renamed it: it is not brought back.
            _put(result.baseline, ("services", service_name), wanted)
            continue
        written: dict = {}
        proposed: dict = {}
        for name in SERVICE_FIELDS:
            one(("services", service_name, name), {"write": written, "propose": proposed}, name)
        if written:
            result.write["services"][service_name] = written
        if proposed:
            result.propose["services"][service_name] = proposed
    return result
