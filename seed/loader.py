"""Reference data: the needs taxonomy and the 12 official quartiers. Idempotent upserts."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from shapely.geometry import shape
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.directory import geo
from portal.directory.models import Need, Quartier, SubNeed
from portal.directory.text import slugify
from seed.taxonomy import NEEDS

DATA_DIR = Path(__file__).resolve().parent / "data"
QUARTIERS_FILE = DATA_DIR / "lille_quartiers.geojson"
THEMATIQUES_FILE = DATA_DIR / "data_inclusion_thematiques_v1.csv"


def assign(obj: object, values: Mapping[str, object]) -> bool:
    """Set only the attributes whose value differs (so that an unchanged row is not written
    again); return True if anything changed."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def load_needs(session: Session) -> dict[str, int]:
    """Create or update the 12 needs and their sub-needs from seed.taxonomy, in taxonomy order."""
    counts = {"needs": 0, "subneeds": 0, "created": 0, "updated": 0}
    needs = {n.slug: n for n in session.scalars(select(Need))}
    subneeds = {s.slug: s for s in session.scalars(select(SubNeed))}
    for position, spec in enumerate(NEEDS):
        need = needs.get(spec.slug)
        if need is None:
            need = Need(slug=spec.slug)
            session.add(need)
            counts["created"] += 1
        if assign(
            need,
            {"label": spec.label, "description": spec.description, "pictogram": spec.pictogram,
             "position": position},
        ) and need.id is not None:
            counts["updated"] += 1
        counts["needs"] += 1
        for sub_position, sub_spec in enumerate(spec.subneeds):
            sub = subneeds.get(sub_spec.slug)
            if sub is None:
                sub = SubNeed(slug=sub_spec.slug)
                need.subneeds.append(sub)
                counts["created"] += 1
            elif sub.need is not need:
                sub.need = need  # a sub-need moved to another need in the taxonomy
            if assign(
                sub,
                {"label": sub_spec.label, "description": sub_spec.description,
                 "position": sub_position, "thematiques": list(sub_spec.thematiques)},
            ) and sub.id is not None:
                counts["updated"] += 1
            counts["subneeds"] += 1
    session.flush()
    return counts


def read_quartiers(path: Path = QUARTIERS_FILE) -> list[dict]:
    """The quartier features of the official GeoJSON, as plain dicts ready for the model."""
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    rows = []
    for feature in features:
        props = feature["properties"]
        geometry = feature["geometry"]
        # A representative point always lies inside the polygon, unlike a centroid.
        point = shape(geometry).representative_point()
        rows.append(
            {
                "slug": slugify(props["quartier"]),
                "name": props["quartier"],
                "code": str(props["code_quar"]),
                "commune": props["commune"],
                "postcode": str(props["code_post"]),
                "geometry": geometry,
                "centroid_lat": round(point.y, 6),
                "centroid_lon": round(point.x, 6),
            }
        )
    return rows


def load_quartiers(session: Session, path: Path = QUARTIERS_FILE) -> dict[str, int]:
    """Create or update the 12 quartiers (keyed by their official code) and reset the geo cache."""
    counts = {"quartiers": 0, "created": 0, "updated": 0}
    existing = {q.code: q for q in session.scalars(select(Quartier))}
    for row in read_quartiers(path):
        quartier = existing.get(row["code"])
        if quartier is None:
            session.add(Quartier(**row))
            counts["created"] += 1
        elif assign(quartier, row):
            counts["updated"] += 1
        counts["quartiers"] += 1
    session.flush()
    geo.clear_cache()
    return counts


def load_reference(session: Session) -> dict[str, int]:
    """Load the needs taxonomy and the quartiers; running it again changes nothing."""
    needs = load_needs(session)
    quartiers = load_quartiers(session)
    return {
        "needs": needs["needs"],
        "subneeds": needs["subneeds"],
        "quartiers": quartiers["quartiers"],
        "created": needs["created"] + quartiers["created"],
        "updated": needs["updated"] + quartiers["updated"],
    }
