"""The calendar feeds (.ics): they parse, hold one event per session in Europe/Paris time with
its VTIMEZONE, say cancellations, and answer 404 for what does not exist."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from icalendar import Calendar

from portal.directory import presenters
from portal.extensions import db
from portal.workshops.models import WorkshopDate
from portal.workshops.recurrence import PARIS
from tests.factories import make_partner, make_workshop, subneed

FIVES = (50.6283, 3.0887)


@pytest.fixture()
def feeds(app, monkeypatch):
    """A weekly workshop across the DST change of 28 March 2027, one date cancelled, seen on
    1 March 2027; a one-off in Fives; a pending workshop."""
    monkeypatch.setattr(presenters, "now", lambda: datetime(2027, 3, 1, 9, tzinfo=PARIS))
    wazemmes = make_partner(name="Centre social de Wazemmes", slug="centre-wazemmes")
    fives = make_partner(name="Maison de Fives", slug="maison-fives", at=FIVES)
    weekly = make_workshop(wazemmes, slug="tablette", title="Tablette pas à pas",
                           subneeds=[subneed("apprendre-a-utiliser-un-ordinateur")],
                           first_day=date(2027, 3, 16), frequency="weekly", until=date(2027, 4, 6))
    db.session.add(WorkshopDate(workshop=weekly, day=date(2027, 3, 23), state="cancelled"))
    make_workshop(fives, slug="mails-fives", title="Mails à Fives", first_day=date(2027, 3, 18),
                  starts=time(9, 30), ends=time(11))
    make_workshop(wazemmes, slug="en-attente", title="En attente", status="pending", first_day=date(2027, 3, 17))
    db.session.flush()


def parsed(client, path: str) -> Calendar:
    response = client.get(path)
    assert response.status_code == 200, path
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert "max-age" in response.headers["Cache-Control"]
    return Calendar.from_ical(response.data)


def events(calendar: Calendar) -> dict[str, object]:
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_the_network_feed_holds_every_visible_session_in_paris_time(client, feeds):
    calendar = parsed(client, "/planning/reseau.ics")
    assert str(calendar["X-WR-CALNAME"]).startswith("Ateliers du réseau")
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    found = events(calendar)
    assert sorted(found) == sorted([
        "tablette-2027-03-16@portal.test", "tablette-2027-03-23@portal.test",
        "tablette-2027-03-30@portal.test", "tablette-2027-04-06@portal.test",
        "mails-fives-2027-03-18@portal.test"])
    before, after = found["tablette-2027-03-16@portal.test"], found["tablette-2027-03-30@portal.test"]
    for event in (before, after):
        assert event["DTSTART"].params["TZID"] == "Europe/Paris"
        assert event["DTEND"].params["TZID"] == "Europe/Paris"
        assert event["DTSTART"].dt.strftime("%H:%M") == "14:00"
        assert str(event["SUMMARY"]) == "Tablette pas à pas"
        assert str(event["URL"]) == "http://portal.test/ateliers/tablette"
        assert "10 rue Gambetta" in str(event["LOCATION"])
        assert "DTSTAMP" in event
    # After the clocks go forward (28 March), 14:00 in Paris is 12:00 UTC, before it 13:00 UTC.
    assert after["DTSTART"].dt.utcoffset().total_seconds() == 7200
    assert before["DTSTART"].dt.utcoffset().total_seconds() == 3600
    cancelled = found["tablette-2027-03-23@portal.test"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert str(cancelled["SUMMARY"]).startswith("Annulé")
    assert str(before["STATUS"]) == "CONFIRMED"
    assert "En attente" not in client.get("/planning/reseau.ics").get_data(as_text=True)


def test_the_feeds_by_partner_need_and_quartier(client, feeds):
    by_partner = events(parsed(client, "/planning/partenaire/maison-fives.ics"))
    assert list(by_partner) == ["mails-fives-2027-03-18@portal.test"]
    by_need = events(parsed(client, "/planning/besoin/numerique.ics"))
    assert sorted(by_need) == [f"tablette-2027-{d}@portal.test" for d in ("03-16", "03-23", "03-30", "04-06")]
    by_quartier = parsed(client, "/planning/quartier/fives.ics")
    assert list(events(by_quartier)) == ["mails-fives-2027-03-18@portal.test"]
    assert "Fives" in str(by_quartier["X-WR-CALNAME"])
    assert events(parsed(client, "/planning/besoin/alimentation.ics")) == {}


def test_the_feed_of_one_workshop_and_its_page_both_resolve(app, client, feeds):
    found = events(parsed(client, "/ateliers/tablette.ics"))
    assert len(found) == 4
    adapter = app.url_map.bind("portal.test")
    assert adapter.match("/ateliers/tablette.ics")[0] == "workshops.feed_workshop"
    assert adapter.match("/ateliers/tablette") == ("workshops.workshop", {"slug": "tablette"})


@pytest.mark.parametrize("path", ["/planning/partenaire/inconnu.ics", "/planning/besoin/inconnu.ics",
                                  "/planning/quartier/atlantide.ics", "/ateliers/inconnu.ics",
                                  "/ateliers/en-attente.ics"])
def test_unknown_or_unpublished_is_404(client, feeds, path):
    assert client.get(path).status_code == 404


def test_an_unpublished_partner_has_no_feed(client, feeds):
    make_partner(slug="brouillon", status="draft")
    assert client.get("/planning/partenaire/brouillon.ics").status_code == 404


def test_an_unchanged_feed_answers_304(client, feeds):
    first = client.get("/planning/reseau.ics")
    again = client.get("/planning/reseau.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
