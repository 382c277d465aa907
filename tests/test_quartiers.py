"""A partner's quartier comes from its coordinates and the official polygons."""

import json

from sqlalchemy import select

from portal.directory import geo
from portal.directory.models import Quartier
from portal.directory.operations import place_partner
from portal.extensions import db
from seed.loader import DATA_DIR
from tests.factories import make_partner, quartier

EXPECTED = {
    "bois-blancs": "Bois-Blancs",
    "faubourg-de-bethune": "Faubourg de Béthune",
    "fives": "Fives",
    "hellemmes": "Hellemmes",
    "lille-centre": "Lille-Centre",
    "lille-moulins": "Lille-Moulins",
    "lille-sud": "Lille-Sud",
    "lomme": "Lomme",
    "saint-maurice-pellevoisin": "Saint-Maurice Pellevoisin",
    "vauban-esquermes": "Vauban-Esquermes",
    "vieux-lille": "Vieux-Lille",
    "wazemmes": "Wazemmes",
}


def _cnfs_point(name: str) -> tuple[float, float]:
    """Coordinates of a conseiller numérique place, as published in the latest snapshot."""
    rows = json.loads((DATA_DIR / "open" / "cnfs_lieux_20221202_mel.json").read_text("utf-8"))
    row = next(r for r in rows if r["nom"] == name)
    return row["latitude"], row["longitude"]


def _slug_at(latitude: float, longitude: float) -> str | None:
    quartier_id = geo.quartier_id_at(latitude, longitude)
    return None if quartier_id is None else db.session.get(Quartier, quartier_id).slug


def test_the_twelve_official_quartiers_are_loaded(app):
    rows = db.session.scalars(select(Quartier)).all()
    assert {q.slug: q.name for q in rows} == EXPECTED
    lomme = quartier("lomme")
    assert (lomme.commune, lomme.postcode, lomme.code) == ("Lomme", "59160", "200")
    # The stored centre point of each quartier lies inside its own polygon.
    for q in rows:
        assert _slug_at(q.centroid_lat, q.centroid_lon) == q.slug


def test_lomme_town_hall_row_is_placed_by_its_coordinates_not_its_postcode(app):
    # The row says "LILLE 59160" (Lomme's postcode) but its point is in Saint-Maurice Pellevoisin.
    assert _slug_at(*_cnfs_point("COMMUNE ASSOCIEE DE LOMME")) == "saint-maurice-pellevoisin"


def test_interfaces_points(app):
    # France Services "Interfaces Lille Faubourg de Béthune": its published point, although
    # named after Faubourg de Béthune, falls just inside the official Wazemmes polygon.
    assert _slug_at(50.622455, 3.044642) == "wazemmes"
    # The Interfaces conseiller numérique point (70 rue Léon Blum) is in Faubourg de Béthune.
    assert _slug_at(*_cnfs_point("INTERFACES")) == "faubourg-de-bethune"


def test_points_in_associated_communes_and_outside(app):
    assert _slug_at(50.626812, 3.109494) == "hellemmes"  # CCAS d'Hellemmes
    assert _slug_at(50.645955, 3.007077) == "lomme"  # Croix-Rouge, rue Destombes
    assert _slug_at(50.6942, 3.1746) is None  # Roubaix
    assert _slug_at(50.659969, 3.050771) is None  # Saint-André (postcode 59350)
    assert _slug_at(None, None) is None


def test_moving_a_partner_changes_its_quartier(app):
    partner = make_partner()
    assert partner.quartier_id == quartier("wazemmes").id
    place_partner(partner, 50.633443, 3.117488)  # rue du Docteur Huart, Hellemmes
    assert partner.quartier_id == quartier("hellemmes").id
    place_partner(partner, 50.6942, 3.1746)  # moved out of Lille
    assert partner.quartier_id is None
