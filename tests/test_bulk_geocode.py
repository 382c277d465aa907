"""Bulk geocoding of imported addresses through the BAN's CSV endpoint (a loopback stub), and its
one-by-one fallback."""

from __future__ import annotations

import socket
import time

import pytest

from portal.directory.geocoding import GeocoderUnavailable
from portal.imports import bulk_geocode
from tests.geocoder_stub import config_for, running_geocoder

GAMBETTA = (50.6280, 3.0530)
LEGRAND = (50.6283, 3.0887)
DUNKERQUE = (50.6424, 2.9950)


@pytest.fixture()
def stub(app, monkeypatch):
    with running_geocoder() as server:
        for key, value in config_for(server).items():
            monkeypatch.setitem(app.config, key, value)
        yield server


def test_known_addresses_come_back_in_order_and_unknown_ones_as_none(stub):
    found = bulk_geocode.geocode([
        ("12 rue Pierre Legrand", "59800", "Lille"),
        ("3 impasse de l'Épinette", "59000", "Lille"),   # unknown street: only the commune, low score
        ("", "", ""),                                      # nothing to look for
        ("150 avenue de Dunkerque", "59160", "Lomme"),
        ("4 chemin des Nuages", "59000", "Nulle-Part"),    # nothing at all
        ("27 rue Gambetta", "59000", "Lille"),
    ])
    assert found == [LEGRAND, None, None, DUNKERQUE, None, GAMBETTA]
    # One file for the whole list, in the BAN's form: the query columns and the postcode filter;
    # the empty row was not sent and the accents arrived intact.
    assert len(stub.csv_requests) == 1
    form = stub.csv_requests[0]
    assert form["columns"] == ["adresse", "ville"]
    assert form["postcode"] == ["code_postal"]
    sent = form["data"][0].decode("utf-8").splitlines()
    assert len(sent) == 1 + 5
    assert "3 impasse de l'Épinette" in sent[2]


def test_a_wrong_postcode_is_not_used_as_a_filter(stub):
    found = bulk_geocode.geocode([("27 rue Gambetta", "5900", "Lille"), ("150 avenue de Dunkerque", "", "Lomme")])
    assert found == [GAMBETTA, DUNKERQUE]
    form = stub.csv_requests[0]
    assert "postcode" not in form
    assert form["columns"] == ["adresse", "code_postal", "ville"]


def test_a_long_list_goes_in_chunks_and_keeps_its_order(stub, app, monkeypatch):
    monkeypatch.setitem(app.config, "GEOCODER_BULK_CHUNK", 1000)
    book = [("1 rue Gambetta", "59000", "Lille"), ("2 rue Pierre Legrand", "59800", "Lille"),
            ("3 rue Inconnue", "59000", "Nulle-Part"), ("4 avenue de Dunkerque", "59160", "Lomme")]
    expected = [GAMBETTA, LEGRAND, None, DUNKERQUE]
    rows = [book[i % 4] for i in range(2500)]
    found = bulk_geocode.geocode(rows)
    assert found == [expected[i % 4] for i in range(2500)]
    assert [len(form["data"][0].splitlines()) - 1 for form in stub.csv_requests] == [1000, 1000, 500]


def test_a_geocoder_that_is_down_raises(app, monkeypatch):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setitem(app.config, "GEOCODER", "banfrance")
    monkeypatch.setitem(app.config, "GEOCODER_DOMAIN", f"127.0.0.1:{port}")
    monkeypatch.setitem(app.config, "GEOCODER_SCHEME", "http")
    with pytest.raises(GeocoderUnavailable):
        bulk_geocode.geocode([("27 rue Gambetta", "59000", "Lille")])


def test_a_geocoder_that_does_not_answer_in_time_raises(app, monkeypatch):
    with running_geocoder(delay=5) as server:
        for key, value in config_for(server).items():
            monkeypatch.setitem(app.config, key, value)
        monkeypatch.setitem(app.config, "GEOCODER_BULK_TIMEOUT", 0.3)
        started = time.monotonic()
        with pytest.raises(GeocoderUnavailable):
            bulk_geocode.geocode([("27 rue Gambetta", "59000", "Lille")])
        assert time.monotonic() - started < 3


def test_without_a_bulk_endpoint_addresses_are_asked_one_by_one_with_a_rate_limit(stub, app, monkeypatch):
    # The one-by-one path, spoken to the same stub through its /search endpoint.
    monkeypatch.setitem(app.config, "GEOCODER_RATE_LIMIT", 0.2)
    started = time.monotonic()
    found = bulk_geocode._one_by_one([("27 rue Gambetta", "59000", "Lille"),
                                      ("4 chemin des Nuages", "59000", "Nulle-Part"),
                                      ("150 avenue de Dunkerque", "59160", "Lomme")])
    assert found == [GAMBETTA, None, DUNKERQUE]
    assert stub.queries == ["27 rue Gambetta 59000 Lille", "4 chemin des Nuages 59000 Nulle-Part",
                            "150 avenue de Dunkerque 59160 Lomme"]
    assert time.monotonic() - started >= 0.4
    assert stub.csv_requests == []


def test_another_geocoder_is_not_sent_a_file(app, monkeypatch):
    calls = []
    monkeypatch.setitem(app.config, "GEOCODER", "nominatim")
    monkeypatch.setattr(bulk_geocode, "_one_by_one", lambda rows: calls.append(rows) or [None] * len(rows))
    monkeypatch.setattr(bulk_geocode, "_bulk", lambda rows: pytest.fail("bulk endpoint used"))
    assert bulk_geocode.geocode([("27 rue Gambetta", "59000", "Lille")]) == [None]
    assert calls == [[("27 rue Gambetta", "59000", "Lille")]]
