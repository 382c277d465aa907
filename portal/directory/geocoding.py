"""Addresses to coordinates with geopy; the French national address service (BAN) by default.

The geocoder is configurable (GEOCODER, GEOCODER_DOMAIN, GEOCODER_SCHEME, GEOCODER_TIMEOUT) so
that tests and other deployments can point it elsewhere. A geocoder that cannot be reached
raises GeocoderUnavailable: callers keep working without coordinates and say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from flask import current_app
from geopy.exc import GeopyError
from geopy.geocoders import get_geocoder_for_service

LOCAL_HINT = re.compile(r"\b(lille|lomme|hellemmes|59\d{3})\b", re.IGNORECASE)


class GeocoderUnavailable(RuntimeError):
    """The geocoding service could not be reached or answered with an error."""


@dataclass(frozen=True)
class Place:
    """A geocoded address."""

    label: str
    latitude: float
    longitude: float


def _settings() -> tuple[str, str, str, float]:
    config = current_app.config
    return (
        config.get("GEOCODER", "banfrance"),
        config.get("GEOCODER_DOMAIN", "api-adresse.data.gouv.fr"),
        config.get("GEOCODER_SCHEME", "https"),
        float(config.get("GEOCODER_TIMEOUT", 3)),
    )


@lru_cache(maxsize=8)
def _geocoder(service: str, domain: str, scheme: str, timeout: float):
    cls = get_geocoder_for_service(service)
    return cls(domain=domain, scheme=scheme, timeout=timeout, user_agent="portail-aide-lille")


@lru_cache(maxsize=2048)
def _lookup(settings: tuple[str, str, str, float], query: str) -> Place | None:
    try:
        location = _geocoder(*settings).geocode(query, exactly_one=True)
    except GeopyError as error:
        raise GeocoderUnavailable(str(error)) from error
    if location is None:
        return None
    return Place(location.address, location.latitude, location.longitude)


def geocode(address: str) -> Place | None:
    """Coordinates of an address in Lille; None when the address is not found."""
    query = " ".join(address.split())[:200]
    if not query:
        return None
    if not LOCAL_HINT.search(query):
        # People type "12 rue Gambetta": the territory is implied.
        query = f"{query} Lille"
    return _lookup(_settings(), query)
