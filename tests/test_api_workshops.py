"""The workshops in the API: what residents see, their sessions in Lille time, and the filters."""

from __future__ import annotations

from datetime import date, time

import pytest

from portal.extensions import db
from portal.workshops.models import WorkshopDate
from tests.factories import make_partner, make_workshop, subneed

FROM = "from=2027-03-01&to=2027-04-30"


@pytest.fixture()
def network(app):
    fives = make_partner(slug="centre-fives", at=(50.6290, 3.0860))  # Fives
    weekly = make_workshop(fives, slug="smartphone-fives", title="Prendre en main son smartphone",
                           subneeds=[subneed("apprendre-a-utiliser-son-telephone")], level="decouverte",
                           first_day=date(2027, 3, 2), until=date(2027, 4, 6), frequency="weekly",
                           starts=time(14), ends=time(16))
    weekly.dates = [WorkshopDate(day=date(2027, 3, 16), state="cancelled", note="Salle indisponible")]
    make_workshop(None, slug="caf-en-ligne", title="Questions CAF en ligne", first_day=date(2027, 3, 18),
                  level="intermediaire", is_free=False, price="2 €",
                  subneeds=[subneed("demarche-en-ligne-avec-quelqu-un")])
    make_workshop(fives, slug="en-attente", status="pending", first_day=date(2027, 3, 4))
    make_workshop(make_partner(status="draft"), slug="partenaire-brouillon", first_day=date(2027, 3, 5))
    db.session.commit()


def test_the_list_holds_visible_workshops_with_their_sessions_in_lille_time(client, network):
    body = client.get(f"/api/v1/workshops?{FROM}").get_json()
    assert [item["id"] for item in body["results"]] == ["smartphone-fives", "caf-en-ligne"]
    smartphone = body["results"][0]
    # Before and after the change to summer time (28 March 2027): 14:00 on the wall clock.
    starts = [s["start"] for s in smartphone["sessions"]]
    assert starts[0] == "2027-03-02T14:00:00+01:00" and starts[-1] == "2027-04-06T14:00:00+02:00"
    assert len(starts) == 6
    cancelled = [s for s in smartphone["sessions"] if s["status"] == "cancelled"]
    assert cancelled == [{"start": "2027-03-16T14:00:00+01:00", "end": "2027-03-16T16:00:00+01:00",
                          "status": "cancelled", "note": "Salle indisponible"}]
    assert smartphone["place"]["quartier"] == "fives" and smartphone["organiser"]["structure"] == "centre-fives"
    assert smartphone["url"].endswith("/ateliers/smartphone-fives")
    caf = body["results"][1]
    assert caf["organiser"] == {"name": "CCAS de Lille", "structure": None}
    assert caf["place"]["kind"] == "online" and caf["place"]["online_url"].startswith("https://")
    assert caf["free"] is False and caf["price"] == "2 €"


@pytest.mark.parametrize(("query", "expected"), [
    ("level=decouverte", ["smartphone-fives"]),
    ("free=true", ["smartphone-fives"]),
    ("need=numerique", ["smartphone-fives", "caf-en-ligne"]),
    ("subneed=demarche-en-ligne-avec-quelqu-un", ["caf-en-ligne"]),
    ("quartier=fives", ["smartphone-fives"]),
    ("quartier=wazemmes", []),
])
def test_the_filters_narrow_the_list(client, network, query, expected):
    body = client.get(f"/api/v1/workshops?{FROM}&{query}").get_json()
    assert [item["id"] for item in body["results"]] == expected
    assert body["count"] == len(expected)


def test_a_span_is_cut_to_a_year_and_an_inverted_one_is_empty(client, network):
    body = client.get("/api/v1/workshops?from=2026-02-20&to=2029-01-01").get_json()
    assert body["count"] == 0  # 20 February 2026 + 366 days ends before the first session
    body = client.get("/api/v1/workshops?from=2026-03-03&to=2029-01-01").get_json()
    assert [item["id"] for item in body["results"]] == ["smartphone-fives"]
    assert len(body["results"][0]["sessions"]) == 1  # 2 March 2027 only
    assert client.get("/api/v1/workshops?from=2027-04-30&to=2027-03-01").get_json()["count"] == 0
    assert client.get("/api/v1/workshops?from=9999-12-30").status_code == 200


@pytest.mark.parametrize(("query", "field"), [
    ("level=expert", "level"), ("from=demain", "from"), ("to=2027-02-30", "to"),
    ("quartier=atlantide", "quartier"), ("free=peut-etre", "free"),
])
def test_a_parameter_the_api_cannot_understand_is_refused_by_name(client, network, query, field):
    response = client.get(f"/api/v1/workshops?{query}")
    assert response.status_code == 400
    assert response.get_json()["field"] == field


def test_one_workshop_and_a_hidden_one(client, network):
    assert client.get("/api/v1/workshops/smartphone-fives").get_json()["title"] == "Prendre en main son smartphone"
    for hidden in ("en-attente", "partenaire-brouillon", "inconnu"):
        assert client.get(f"/api/v1/workshops/{hidden}").status_code == 404
