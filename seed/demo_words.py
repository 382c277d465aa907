"""Word lists of the demo generator, read from the data files in seed/data/demo/.

The prose lives in TOML so that it can be read and corrected without touching code:
`places.toml` (quartiers, real street names), `names.toml` (invented organisation names),
`profiles.toml` (the kinds of partners), `services.toml` (what services say, their fees and
access), `calendar.toml` (exceptional days, closures), `elsewhere.toml` (services given at
another place or at several places in turn). `tests/test_demo_seed.py` checks every
code and slug they use against the directory's vocabularies and the taxonomy. Order matters:
the generator draws from these lists in the order written, so the same files give the same demo.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data" / "demo"


def _read(name: str) -> dict:
    with (DATA_DIR / f"{name}.toml").open("rb") as handle:
        return tomllib.load(handle)


@dataclass(frozen=True)
class Profile:
    """A kind of demo partner: how it is named, what it offers, when it is open."""

    key: str
    kind: str
    weight: int
    names: tuple[str, ...]
    subneeds: tuple[str, ...]
    services: tuple[int, int]
    hours: tuple[str, ...]
    presentation: str
    access: tuple[tuple[str, ...], ...] = (("sans-rdv",), ("sur-rdv",), ("sans-rdv", "telephone"))
    labels: tuple[tuple[str, float], ...] = ()
    extra_languages: float = 0.25
    public_holidays_open: bool = False

    @classmethod
    def from_data(cls, data: dict) -> Profile:
        values = dict(data)
        for name in ("names", "subneeds", "services", "hours"):
            values[name] = tuple(values[name])
        if "access" in values:
            values["access"] = tuple(tuple(modes) for modes in values["access"])
        values["labels"] = tuple((label["code"], label["share"]) for label in values.get("labels", ()))
        return cls(**values)


_places = _read("places")
_names = _read("names")
_services = _read("services")
_calendar = _read("calendar")

# quartier slug -> (short name used in partner names, "de …" form, postcode, city)
QUARTIER_WORDS: dict[str, tuple[str, str, str, str]] = {
    slug: (q["short"], q["de"], q["postcode"], q["city"]) for slug, q in _places["quartiers"].items()
}
QUARTIER_WEIGHTS: dict[str, int] = {slug: q["weight"] for slug, q in _places["quartiers"].items()}
STREETS: dict[str, tuple[str, ...]] = {slug: tuple(q["streets"]) for slug, q in _places["quartiers"].items()}
ADDRESS_EXTRAS: tuple[str, ...] = tuple(_places["places"]["address_extras"])

NAMES: tuple[str, ...] = tuple(_names["names"])
VALUES: tuple[str, ...] = tuple(_names["values"])
OTHER_LANGUAGES: tuple[str, ...] = tuple(_names["other_languages"])
ACCESSIBILITY_NOTES: dict[str, tuple[str, ...]] = {
    code: tuple(notes) for code, notes in _names["accessibility_notes"].items()
}

PROFILES: tuple[Profile, ...] = tuple(Profile.from_data(p) for p in _read("profiles")["profiles"])

# sub-need slug -> ((service name, description), …), what to bring
SERVICE_TEXTS: dict[str, tuple[tuple[tuple[str, str], ...], str]] = {
    slug: (tuple((o["name"], o["description"]) for o in s["offers"]), s["documents"])
    for slug, s in _services["services"].items()
}
# Fees that differ from "gratuit": sub-need -> ((fees, detail), …), one is drawn per service.
FEES: dict[str, tuple[tuple[str, str], ...]] = {
    slug: tuple((code, detail) for code, detail in pairs) for slug, pairs in _services["fees"].items()
}
ACCESS_OVERRIDES: dict[str, tuple[str, ...]] = {
    slug: tuple(modes) for slug, modes in _services["access_overrides"].items()
}
REMOTE_FRIENDLY: frozenset[str] = frozenset(_services["offers"]["remote_friendly"])
AUDIENCES: dict[str, tuple[str, ...]] = {need: tuple(a) for need, a in _services["audiences"].items()}

# Services given elsewhere than their partner's address (elsewhere.toml): permanences held in
# another quartier's mairie, itinerant services with their stops.
ELSEWHERE: dict = _read("elsewhere")

EXCEPTION_LABELS: tuple[str, ...] = tuple(_calendar["exception_labels"])
CLOSURE_MESSAGES: tuple[str, ...] = tuple(_calendar["closure_messages"])
MONTHS_FR: tuple[str, ...] = tuple(_calendar["months"])
