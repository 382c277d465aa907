"""Writes of the directory. Every write that places a partner goes through here."""

from __future__ import annotations

from portal.directory import geo
from portal.directory.models import Partner


def place_partner(partner: Partner, latitude: float | None, longitude: float | None) -> None:
    """Set a partner's coordinates and derive its quartier from the official polygons."""
    partner.latitude = latitude
    partner.longitude = longitude
    partner.quartier_id = geo.quartier_id_at(latitude, longitude)
