"""Partner pages carry valid schema.org JSON-LD."""

from __future__ import annotations

import json
import re
from datetime import time

from portal.extensions import db
from tests.factories import make_partner, make_service, subneed

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def jsonld_of(page: str) -> dict:
    blocks = JSONLD.findall(page)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_partner_jsonld_describes_place_hours_and_services(client):
    partner = make_partner(name="Maison des solidarités </script> Fives", phone="03 20 12 34 56",
                           kind="association", weekly=[(0, time(9), time(12)), (2, time(14), time(17))])
    make_service(partner, [subneed("colis-alimentaire"), subneed("repas-chaud")], name="Colis du mardi")
    make_service(partner, [subneed("apprendre-le-francais")], name="Cours de français")
    db.session.commit()
    page = client.get(f"/partenaires/{partner.slug}").get_data(as_text=True)
    data = jsonld_of(page)

    assert data["@context"] == "https://schema.org"
    assert "NGO" in data["@type"]
    assert data["name"] == "Maison des solidarités </script> Fives"
    assert data["url"] == f"http://portal.test/partenaires/{partner.slug}"
    assert data["address"]["@type"] == "PostalAddress"
    assert data["address"]["postalCode"] == "59000"
    assert data["address"]["addressLocality"] == "Lille"
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 50.6257, "longitude": 3.0483}
    assert data["telephone"] == "03 20 12 34 56"
    assert [(s["dayOfWeek"], s["opens"], s["closes"]) for s in data["openingHoursSpecification"]] == [
        ("https://schema.org/Monday", "09:00", "12:00"),
        ("https://schema.org/Wednesday", "14:00", "17:00"),
    ]
    services = {o["itemOffered"]["name"]: o["itemOffered"] for o in data["makesOffer"]}
    assert services.keys() == {"Colis du mardi", "Cours de français"}
    colis = " ".join(services["Colis du mardi"]["category"])
    assert "alimentation" in colis and "Colis alimentaire" in colis and "Repas chaud" in colis
    french = " ".join(services["Cours de français"]["category"])
    assert "emploi-formation" in french and "Apprendre le français" in french


def test_public_offices_get_a_specific_type(client):
    partner = make_partner(kind="france-services")
    db.session.commit()
    data = jsonld_of(client.get(f"/partenaires/{partner.slug}").get_data(as_text=True))
    assert data["@type"] == "GovernmentOffice"
