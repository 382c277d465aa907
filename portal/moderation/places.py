"""Where a service is given, as snapshot data: its own place and its stops.

In a snapshot's service (see snapshots.py)::

    "place": {"name", "address", "postcode", "city", "latitude", "longitude"}  # address "" : at the partner's
    "stops": [{"place_name", "address", "postcode", "city", "latitude", "longitude",
               "weekday": 0-6 or None, "opens": "HH:MM" or None, "closes": …}]

Coordinates travel with the text (they are found when the text is typed); the quartier is
never stored in a snapshot: it is derived from the coordinates and the official polygons when
the snapshot is written back. A snapshot taken before services had places has neither key:
it reads as "at the partner's address".
"""

from __future__ import annotations

from datetime import time

from portal.directory import geo
from portal.directory.models import Service, ServiceStop
from portal.i18n import _l

PLACE_KEYS = ("name", "address", "postcode", "city", "latitude", "longitude")
STOP_KEYS = ("place_name", "address", "postcode", "city", "latitude", "longitude", "weekday",
             "opens", "closes")
WEEKDAYS = (_l("Lundi"), _l("Mardi"), _l("Mercredi"), _l("Jeudi"), _l("Vendredi"), _l("Samedi"),
            _l("Dimanche"))
NO_PLACE = {"name": "", "address": "", "postcode": "", "city": "", "latitude": None, "longitude": None}


def _hm(value: time | None) -> str | None:
    return None if value is None else value.strftime("%H:%M")


def _time(value: str | None) -> time | None:
    return None if value in (None, "") else time.fromisoformat(value)


def place_data(service: Service) -> dict:
    """The service's own place (empty address: at the partner's)."""
    return {"name": service.place_name or "", "address": service.place_address or "",
            "postcode": service.place_postcode or "", "city": service.place_city or "",
            "latitude": service.place_latitude, "longitude": service.place_longitude}


def stop_data(stop: ServiceStop) -> dict:
    return {"place_name": stop.place_name or "", "address": stop.address or "",
            "postcode": stop.postcode or "", "city": stop.city or "", "latitude": stop.latitude,
            "longitude": stop.longitude, "weekday": stop.weekday, "opens": _hm(stop.opens),
            "closes": _hm(stop.closes)}


def stops_data(service: Service) -> list[dict]:
    return [stop_data(s) for s in service.stops]


def place_of(data: dict) -> dict:
    """A snapshot service's place, with every key (old snapshots have none)."""
    return {**NO_PLACE, **(data.get("place") or {})}


def stops_of(data: dict) -> list[dict]:
    return [{k: stop.get(k) for k in STOP_KEYS} for stop in data.get("stops") or []]


def write_place(service: Service, place: dict) -> None:
    """Set the service's own place; the quartier follows the coordinates."""
    place = {**NO_PLACE, **place}
    if place_data(service) == place:
        return
    service.place_name, service.place_address = place["name"], place["address"]
    service.place_postcode, service.place_city = place["postcode"], place["city"]
    service.place_latitude, service.place_longitude = place["latitude"], place["longitude"]
    service.place_quartier_id = geo.quartier_id_at(place["latitude"], place["longitude"])


def write_stops(service: Service, stops: list[dict]) -> None:
    """Replace the service's stops when they differ; each stop's quartier follows its point."""
    wanted = [{k: s.get(k) for k in STOP_KEYS} for s in stops]
    if stops_data(service) == wanted:
        return
    service.stops = [
        ServiceStop(place_name=s["place_name"] or "", address=s["address"] or "",
                    postcode=s["postcode"] or "", city=s["city"] or "", latitude=s["latitude"],
                    longitude=s["longitude"],
                    quartier_id=geo.quartier_id_at(s["latitude"], s["longitude"]),
                    weekday=s["weekday"], opens=_time(s["opens"]), closes=_time(s["closes"]))
        for s in wanted
    ]


def _address(name: str, address: str, postcode: str, city: str) -> str:
    town = " ".join(p for p in (postcode, city) if p)
    return ", ".join(p for p in (name, address, town) if p)


def place_text(place: dict) -> str:
    """A place as one line ("Mairie de quartier, 1 rue X, 59000 Lille"); "" at the partner's."""
    place = {**NO_PLACE, **(place or {})}
    if not place["address"]:
        return ""
    return _address(place["name"], place["address"], place["postcode"], place["city"])


def stop_text(stop: dict) -> str:
    """A stop as one line: "Lundi 09:00-12:00 : Marché, place X, 59000 Lille"."""
    when = ""
    if stop.get("weekday") is not None:
        when = str(WEEKDAYS[stop["weekday"]])
    if stop.get("opens") and stop.get("closes"):
        when = f"{when} {stop['opens']}-{stop['closes']}".strip()
    where = _address(stop.get("place_name") or "", stop.get("address") or "",
                     stop.get("postcode") or "", stop.get("city") or "")
    return f"{when} : {where}" if when else where
