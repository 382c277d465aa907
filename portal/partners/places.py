"""Where a service is given, as the partner types it: at the partner's address, at another place,
at several places in turn (stops), or only at a distance.

The service form shows one choice (forms.WHERE); a snapshot stores it as the service's "place",
its "stops" and its reception modes (see portal.moderation.places). A typed address is placed on
the map when the form is saved: an address already known keeps its point, a new one is asked
to the geocoder. A stop the geocoder cannot place is kept without a point; the other place is
only kept so when the partner says so, after being told why.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from portal.directory import geocoding
from portal.directory.constants import REMOTE
from portal.i18n import _
from portal.moderation import places
from portal.moderation.snapshots import hm
from portal.partners import forms

PRESENT = "en-presentiel"
DOWN = ("geocoder unavailable",)


def _key(address: str, postcode: str, city: str) -> tuple[str, str, str]:
    return (" ".join(address.lower().split()), postcode, " ".join(city.lower().split()))


def form_values(service: dict | None) -> dict:
    """The place part of the service form, filled from a snapshot's service (None: new one)."""
    service = service or {}
    place, stops = places.place_of(service), places.stops_of(service)
    modes = list(service.get("modes") or [])
    if modes == [REMOTE]:
        where = forms.REMOTE_ONLY
    elif stops:
        where = forms.STOPS
    elif place["address"]:
        where = forms.ELSEWHERE
    else:
        where = forms.HERE
    rows = [{"place_name": s["place_name"], "address": s["address"], "postcode": s["postcode"],
             "city": s["city"], "weekday": "" if s["weekday"] is None else str(s["weekday"]),
             "opens": s["opens"] or "", "closes": s["closes"] or ""} for s in stops]
    rows += [{}] * forms.STOP_ROWS
    return {"where": where, "place_name": place["name"], "place_address": place["address"],
            "place_postcode": place["postcode"], "place_city": place["city"],
            "also_remote": where != forms.REMOTE_ONLY and REMOTE in modes, "stops": rows}


def modes_for(old: list[str], where: str, also_remote: bool) -> list[str]:
    """Reception modes after the choice: "a-distance" alone for remote only, else the modes the
    service had (in person at least), with "a-distance" as ticked (the order kept when nothing
    changed)."""
    if where == forms.REMOTE_ONLY:
        new = [REMOTE]
    else:
        kept = [m for m in old if m != REMOTE] or [PRESENT]
        new = kept + ([REMOTE] if also_remote else [])
    return list(old) if sorted(new) == sorted(old) else new


@dataclass
class Located:
    """The place and stops as typed, with their points; `problem` says why the other place
    could not be placed (the form shows it next to the address)."""

    place: dict
    stops: list[dict]
    problem: str = ""


def _known_points(service: dict | None) -> dict[tuple, tuple | None]:
    service = service or {}
    points = {}
    # An address already saved without a point was accepted so: it is not asked again.
    for where in [*places.stops_of(service), places.place_of(service)]:
        if where["address"]:
            point = None if where["latitude"] is None else (where["latitude"], where["longitude"])
            points[_key(where["address"], where["postcode"], where["city"])] = point
    return points


def _point(address: str, postcode: str, city: str, known: dict) -> tuple[tuple | None, str]:
    """(latitude, longitude) or None, and the problem when the geocoder gave none."""
    key = _key(address, postcode, city)
    if key in known:
        return known[key], ""
    unavailable = _("Le service qui situe les adresses sur la carte ne répond pas pour le moment.")
    if DOWN in known:  # one wait per save is enough
        return None, unavailable
    try:
        found = geocoding.geocode(f"{address} {postcode} {city}")
    except geocoding.GeocoderUnavailable:
        known[DOWN] = ()
        return None, unavailable
    if found is None:
        return None, _("Cette adresse est introuvable : vérifiez-la (numéro, rue, code postal).")
    known[key] = (found.latitude, found.longitude)
    return known[key], ""


def locate(form: forms.ServiceForm, service: dict | None) -> Located:
    """What the form says about where the service is given, with points on the map."""
    known = _known_points(service)
    where = form.where.data
    place, stops, problem = dict(places.NO_PLACE), [], ""
    if where == forms.ELSEWHERE:
        place.update(name=form.place_name.data or "", address=form.place_address.data or "",
                     postcode=form.place_postcode.data or "", city=form.place_city.data or "")
        point, problem = _point(place["address"], place["postcode"], place["city"], known)
        if point is not None:
            place["latitude"], place["longitude"] = point
        elif form.place_unlocated.data:
            problem = ""
    elif where == forms.STOPS:
        for entry in form.stops:
            row = entry.form
            if row.is_empty:
                continue
            stop = {"place_name": row.place_name.data or "", "address": row.address.data or "",
                    "postcode": row.postcode.data or "", "city": row.city.data or "",
                    "latitude": None, "longitude": None, "weekday": int(row.weekday.data),
                    "opens": hm(row.opens.parsed), "closes": hm(row.closes.parsed)}
            point, _problem = _point(stop["address"], stop["postcode"], stop["city"], known)
            if point is not None:
                stop["latitude"], stop["longitude"] = point
            stops.append(stop)
        stops.sort(key=lambda s: (s["weekday"], s["opens"]))
    return Located(place, stops, problem)


def write(service: dict, form: forms.ServiceForm, located: Located) -> None:
    """Put the place, stops and modes of the form into a snapshot's service (in place)."""
    service["modes"] = modes_for(list(service.get("modes") or []), form.where.data,
                                 bool(form.also_remote.data))
    before = (places.place_of(service), places.stops_of(service))
    after = (copy.deepcopy(located.place), copy.deepcopy(located.stops))
    # A service never given elsewhere keeps no empty keys: saving it unchanged changes nothing.
    if before != after or "place" in service or "stops" in service:
        service["place"], service["stops"] = after
