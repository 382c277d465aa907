"""Geocoding through a real HTTP geocoder on loopback, and its failure."""

from __future__ import annotations

import socket

import pytest

from portal.directory import geocoding
from tests.geocoder_stub import config_for, running_geocoder


@pytest.fixture(autouse=True)
def fresh_cache():
    geocoding._lookup.cache_clear()
    yield
    geocoding._lookup.cache_clear()


def test_an_address_in_lille_is_found(app, monkeypatch):
    with running_geocoder() as server:
        monkeypatch.setitem(app.config, "GEOCODER_DOMAIN", config_for(server)["GEOCODER_DOMAIN"])
        monkeypatch.setitem(app.config, "GEOCODER_SCHEME", "http")
        place = geocoding.geocode("12 rue Pierre Legrand")
    assert place is not None
    assert place.label == "Rue Pierre Legrand 59800 Lille"
    assert (round(place.latitude, 4), round(place.longitude, 4)) == (50.6283, 3.0887)
    # The territory is added when the person did not type it.
    assert server.queries == ["12 rue Pierre Legrand Lille"]


def test_an_unknown_address_is_none(app, monkeypatch):
    with running_geocoder() as server:
        for key, value in config_for(server).items():
            monkeypatch.setitem(app.config, key, value)
        assert geocoding.geocode("1 chemin des Nuages 59000") is None
        assert geocoding.geocode("   ") is None
    assert server.queries == ["1 chemin des Nuages 59000"]


def test_an_unreachable_geocoder_raises_a_clear_error(app, monkeypatch):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setitem(app.config, "GEOCODER_DOMAIN", f"127.0.0.1:{port}")
    monkeypatch.setitem(app.config, "GEOCODER_SCHEME", "http")
    monkeypatch.setitem(app.config, "GEOCODER_TIMEOUT", 1)
    with pytest.raises(geocoding.GeocoderUnavailable):
        geocoding.geocode("12 rue Gambetta")
