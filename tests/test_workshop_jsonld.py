"""An event page carries valid schema.org Event JSON-LD: one Event per coming session."""

from __future__ import annotations

import json
import re
from datetime import date, datetime

import pytest

from portal.directory import presenters
from portal.directory.hours import PARIS
from portal.extensions import db
from portal.workshops.models import WorkshopDate
from tests.factories import make_partner, make_workshop

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
# What Google's Event structured data requires, and what it recommends.
REQUIRED = {"@context", "@type", "name", "startDate", "location"}
RECOMMENDED = {"description", "endDate", "eventStatus", "eventAttendanceMode", "organizer"}


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr(presenters, "now", lambda: datetime(2027, 1, 4, 9, tzinfo=PARIS))


def events_of(client, slug: str) -> list[dict]:
    response = client.get(f"/ateliers/{slug}")
    assert response.status_code == 200
    blocks = JSONLD.findall(response.get_data(as_text=True))
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert isinstance(data, list) and data
    for event in data:
        assert REQUIRED <= event.keys() and RECOMMENDED <= event.keys(), event.keys()
        assert event["@context"] == "https://schema.org" and event["@type"] == "Event"
        assert ISO.match(event["startDate"]) and ISO.match(event["endDate"])
        assert event["endDate"] > event["startDate"]
        assert event["inLanguage"] == "fr"
        assert event["url"] == f"http://portal.test/ateliers/{slug}"
    return data


def test_a_session_in_a_place_is_an_offline_event_with_its_address(client, app):
    partner = make_partner(name="Centre social </script> Wazemmes", slug="cs-wazemmes")
    make_workshop(partner, slug="tablette", title="Tablette <pas à pas>", description="Les gestes de base.")
    db.session.commit()
    (event,) = events_of(client, "tablette")
    assert event["name"] == "Tablette <pas à pas>"
    assert event["description"] == "Les gestes de base."
    assert event["startDate"] == "2027-01-05T14:00:00+01:00"
    assert event["endDate"] == "2027-01-05T16:00:00+01:00"
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    place = event["location"]
    assert place["@type"] == "Place" and place["name"] == "Centre social </script> Wazemmes"
    assert place["address"] == {"@type": "PostalAddress", "streetAddress": "10 rue Gambetta",
                                "postalCode": "59000", "addressLocality": "Lille", "addressCountry": "FR"}
    assert place["geo"]["@type"] == "GeoCoordinates"
    assert event["organizer"] == {"@type": "Organization", "name": "Centre social </script> Wazemmes",
                                  "url": "http://portal.test/partenaires/cs-wazemmes"}
    assert event["isAccessibleForFree"] is True and "offers" not in event


def test_summer_sessions_carry_the_summer_offset_and_a_cancelled_one_says_so(client, app):
    weekly = make_workshop(make_partner(), slug="ete", frequency="weekly", first_day=date(2027, 3, 16),
                           until=date(2027, 6, 29))
    weekly.dates.append(WorkshopDate(day=date(2027, 3, 23), state="cancelled", note="Salle fermée."))
    db.session.commit()
    events = events_of(client, "ete")
    assert len(events) == 12  # the next twelve sessions
    starts = [e["startDate"] for e in events]
    assert starts[0] == "2027-03-16T14:00:00+01:00"
    assert "2027-04-06T14:00:00+02:00" in starts  # after the change to summer time, still 14:00
    assert events[1]["eventStatus"] == "https://schema.org/EventCancelled"
    assert {e["eventStatus"] for e in events[2:]} == {"https://schema.org/EventScheduled"}


def test_a_june_session_is_at_plus_two_hours(client, app):
    make_workshop(make_partner(), slug="juin", first_day=date(2027, 6, 15))
    db.session.commit()
    (event,) = events_of(client, "juin")
    assert event["startDate"] == "2027-06-15T14:00:00+02:00"


def test_an_online_event_has_a_virtual_location_and_its_organiser(client, app):
    make_workshop(None, slug="visio", organiser="CCAS de Lille", online_url="https://visio.exemple.fr/a")
    db.session.commit()
    (event,) = events_of(client, "visio")
    assert event["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert event["location"] == {"@type": "VirtualLocation", "url": "https://visio.exemple.fr/a"}
    assert event["organizer"] == {"@type": "Organization", "name": "CCAS de Lille"}


def test_a_paid_workshop_has_an_offer_in_euros(client, app):
    make_workshop(make_partner(), slug="payant", is_free=False, price="2,50 € la séance", full=True)
    db.session.commit()
    (event,) = events_of(client, "payant")
    assert event["isAccessibleForFree"] is False
    offer = event["offers"]
    assert offer["@type"] == "Offer" and offer["price"] == "2.50" and offer["priceCurrency"] == "EUR"
    assert offer["availability"] == "https://schema.org/SoldOut"
    assert offer["description"] == "2,50 € la séance"


def test_a_past_workshop_still_describes_its_last_session(client, app, monkeypatch):
    make_workshop(make_partner(), slug="passe", first_day=date(2026, 12, 1))
    db.session.commit()
    (event,) = events_of(client, "passe")
    assert event["startDate"] == "2026-12-01T14:00:00+01:00"


def test_the_json_cannot_close_its_script_element(client, app):
    make_workshop(make_partner(), slug="piege", title="</script><script>alert(1)</script>")
    db.session.commit()
    html = client.get("/ateliers/piege").get_data(as_text=True)
    block = JSONLD.findall(html)[0]
    assert "</script" not in block and "<script>alert" not in html
