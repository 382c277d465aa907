"""Addresses to coordinates with geopy; the French national address service (BAN) by default.

The geocoder is configurable (GEOCODER, GEOCODER_DOMAIN, GEOCODER_SCHEME, GEOCODER_TIMEOUT) so
that tests and other deployments can point it elsewhere. A geocoder that cannot be reached
raises GeocoderUnavailable: callers keep working without coordinates and say so.

A visitor waits for one short try and no more: no retry, and a failed address is not asked
again for GEOCODER_FAILURE_TTL seconds, so that a slow or down service is not hammered by the
workers (each would otherwise wait the full timeout again).
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from functools import lru_cache

from flask import current_app
from geopy.adapters import URLLibAdapter
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
        float(config.get("GEOCODER_TIMEOUT", 2)),
    )


@lru_cache(maxsize=8)
def _geocoder(service: str, domain: str, scheme: str, timeout: float):
    cls = get_geocoder_for_service(service)
    # urllib makes exactly one attempt (the requests adapter would retry behind our back).
    return cls(domain=domain, scheme=scheme, timeout=timeout, user_agent="portail-aide-lille",
               adapter_factory=URLLibAdapter)


_failures: dict[tuple, float] = {}  # (settings, query) -> monotonic time until which we give up
_failures_lock = threading.Lock()
MAX_FAILURES = 2048


def _recently_failed(key: tuple) -> bool:
    with _failures_lock:
        until = _failures.get(key)
        if until is not None and until <= time.monotonic():
            del _failures[key]
            until = None
    return until is not None


def _remember_failure(key: tuple, ttl: float) -> None:
    with _failures_lock:
        if len(_failures) >= MAX_FAILURES:
            now = time.monotonic()
            for old in [k for k, until in _failures.items() if until <= now] or list(_failures)[:1]:
                del _failures[old]
        _failures[key] = time.monotonic() + ttl


def clear_cache() -> None:
    """Forget every answer and failure (tests)."""
    _lookup.cache_clear()
    with _failures_lock:
        _failures.clear()


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
    settings = _settings()
    key = (settings, query)
    if _recently_failed(key):
        raise GeocoderUnavailable("failed recently; not asked again yet")
    try:
        return _lookup(settings, query)
    except GeocoderUnavailable:
        _remember_failure(key, float(current_app.config.get("GEOCODER_FAILURE_TTL", 60)))
        raise
