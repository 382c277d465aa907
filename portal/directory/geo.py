"""Where things are: quartier of a point (official polygons), distances."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from geopy.distance import distance as geodesic_distance
from shapely.geometry import Point, shape
from shapely.prepared import prep
from sqlalchemy import select

from portal.directory.models import Quartier
from portal.extensions import db


@dataclass(frozen=True)
class _Area:
    quartier_id: int
    prepared: object
    polygon: object


@lru_cache(maxsize=4)
def _areas(cache_key: str) -> tuple[_Area, ...]:
    """Prepared polygons of all quartiers (cached per database; polygons are reference data)."""
    rows = db.session.execute(select(Quartier.id, Quartier.geometry)).all()
    areas = []
    for quartier_id, geometry in rows:
        polygon = shape(geometry)
        areas.append(_Area(quartier_id, prep(polygon), polygon))
    return tuple(areas)


def clear_cache() -> None:
    """Forget the cached polygons (after the quartiers were reloaded)."""
    _areas.cache_clear()


def quartier_id_at(latitude: float | None, longitude: float | None) -> int | None:
    """Id of the quartier containing the point, or None outside the territory."""
    if latitude is None or longitude is None:
        return None
    point = Point(longitude, latitude)  # GeoJSON order: x = longitude, y = latitude
    for area in _areas(str(db.engine.url)):
        if area.prepared.covers(point):
            return area.quartier_id
    return None


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Geodesic distance in kilometres between two (latitude, longitude) points."""
    return geodesic_distance(a, b).km
