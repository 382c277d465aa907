"""Which existing listing an incoming place probably is.

First the sure links: the same (source, identifier) as a listing, or as a row an earlier
import applied to a listing (a merged row keeps pointing at the listing it went into), then
the same SIRET. Otherwise a score out of 100 from rapidfuzz on the distinctive words of the
names (seed.normalise.name_core, accents and noise words removed), the addresses, the distance
between the points, and shared phone, e-mail or website. Candidates are blocked before they are
scored — the grid cells around the point (about 500 m), the same SIRET, phone or e-mail — so
that matching thousands of rows stays linear.

Thresholds (calibrated on the shipped open data, see tests/test_import_dedup.py): a total of
PROBABLE or more is "probably the same" and waits for a decision when the names agree (SAME_NAME)
near the same place, or when a phone, e-mail or website is shared (see `probable`). On the
shipped data this finds every organisation seed.importer merges across sources (Interfaces,
Konexio, Croix-Rouge, Emmaüs Connect, the Bibliothèque municipale…) even without their SIRET.
Two organisations at one address (a mairie de quartier hosting several) share the address and
the point but not the name: they are not matched, unless they share a contact, and then only
an administrator decides.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from portal.directory import geo
from portal.directory.text import fold
from seed import normalise as norm
from seed.sources import PlaceRecord

PROBABLE = 70.0
SAME_NAME = 90.0  # the distinctive words of one name are (nearly) all in the other's
NAME_FLOOR = 60.0  # below this, names are too different unless a contact is shared
CELL = 0.0045  # degrees of latitude, about 500 m; longitude cells are as wide in metres at Lille
NEAR_M, CLOSE_M = 150.0, 500.0
NEAR_CELL = 0.00135  # about 150 m (NEAR_M)
WEIGHTS = {"name": 0.55, "address": 0.2, "distance": 0.25}
CONTACT_BONUS = 20.0
# The name score of two names whose numbers differ, whatever their words.
OTHER_NUMBER = 50.0


@dataclass(frozen=True)
class Candidate:
    """An existing listing, as plain values."""

    id: int
    name: str
    address: str
    postcode: str
    latitude: float | None
    longitude: float | None
    phone: str = ""
    email: str = ""
    website: str = ""
    siret: str = ""
    source: str = ""
    source_id: str = ""


@dataclass(frozen=True)
class Match:
    partner_id: int
    score: float
    how: str  # "source", "link", "siret" or "score"
    details: dict = field(default_factory=dict, compare=False)


def _website(url: str) -> str:
    return url.lower().split("//")[-1].removeprefix("www.").split("/")[0]


def _contacts(phone: str, email: str, website: str) -> set[str]:
    return {v for v in (norm.tidy_phone(phone), email.lower().strip(), _website(website)) if v}


def _core(name: str) -> str:
    return " ".join(sorted(norm.name_core(name)))


def _numbers(core: str) -> set[str]:
    return {word for word in core.split() if word.isdigit()}


def _keys(record: PlaceRecord) -> tuple[str, str, str]:
    return _core(record.name), fold(record.name), norm.address_key(record.address, record.postcode)


def _cell(latitude: float, longitude: float, size: float = CELL) -> tuple[int, int]:
    return (math.floor(latitude / size), math.floor(longitude * math.cos(math.radians(50.6)) / size))


class CandidateIndex:
    """Existing listings blocked by grid cell, SIRET, contact and source identifier."""

    def __init__(self, candidates: list[Candidate], links: dict[tuple[str, str], int] | None = None,
                 cell: float = CELL):
        self.links = links or {}
        # Places closer than one cell are always compared; a smaller cell compares fewer.
        self.cell = cell
        self.by_id: dict[int, Candidate] = {}
        self.by_source: dict[tuple[str, str], int] = {}
        self.by_siret: dict[str, list[int]] = defaultdict(list)
        self.by_cell: dict[tuple[int, int], list[int]] = defaultdict(list)
        self.by_contact: dict[str, list[int]] = defaultdict(list)
        self.cores: dict[int, str] = {}
        self.folded: dict[int, str] = {}
        self.addresses: dict[int, str] = {}
        self.contacts: dict[int, set[str]] = {}
        for candidate in candidates:
            self.add(candidate)

    def add(self, c: Candidate) -> None:
        """Index one listing (also one created during a batch: a later row may be the same)."""
        self.by_id[c.id] = c
        if c.source_id:
            self.by_source[(c.source, c.source_id)] = c.id
        self.cores[c.id] = _core(c.name)
        self.folded[c.id] = fold(c.name)
        self.addresses[c.id] = norm.address_key(c.address, c.postcode)
        self.contacts[c.id] = _contacts(c.phone, c.email, c.website)
        if c.siret:
            self.by_siret[c.siret].append(c.id)
        if c.latitude is not None and c.longitude is not None:
            self.by_cell[_cell(c.latitude, c.longitude, self.cell)].append(c.id)
        for value in self.contacts[c.id]:
            self.by_contact[value].append(c.id)

    def _nearby(self, record: PlaceRecord, contacts: set[str]) -> set[int]:
        found: set[int] = set()
        if record.latitude is not None and record.longitude is not None:
            row, col = _cell(record.latitude, record.longitude, self.cell)
            for dr in (-1, 0, 1):
                for dc in (-1, 0, 1):
                    found.update(self.by_cell.get((row + dr, col + dc), ()))
        for value in contacts:
            found.update(self.by_contact.get(value, ()))
        return found

    def score(self, record: PlaceRecord, candidate_id: int, contacts: set[str] | None = None,
              keys: tuple[str, str, str] | None = None) -> dict:
        """The parts of the score of one pair, and the total (out of 100). `keys` are the
        record's folded name core, folded name and address key, when already computed."""
        c = self.by_id[candidate_id]
        contacts = _contacts(record.phone, record.email, record.website) if contacts is None else contacts
        core_a, folded_a, address_a = keys or _keys(record)
        core_b = self.cores[candidate_id]
        if core_a and core_b:
            name = fuzz.token_set_ratio(core_a, core_b)
        else:
            name = fuzz.WRatio(folded_a, self.folded[candidate_id])
        numbers_a, numbers_b = _numbers(core_a), _numbers(core_b)
        if numbers_a and numbers_b and numbers_a != numbers_b:
            name = min(name, OTHER_NUMBER)  # "Antenne 1" and "Antenne 2" are two places
        address = 0.0
        if record.address and c.address and record.postcode == c.postcode:
            address = fuzz.token_sort_ratio(address_a, self.addresses[candidate_id])
        shared = bool(contacts & self.contacts[candidate_id])
        metres = None
        closeness = 0.0
        if (name >= NAME_FLOOR or shared) and None not in (record.latitude, record.longitude,
                                                             c.latitude, c.longitude):
            # A flat-earth estimate first: the geodesic distance costs more and matters only near.
            a, b = (record.latitude, record.longitude), (c.latitude, c.longitude)
            rough = math.hypot(a[0] - b[0], (a[1] - b[1]) * math.cos(math.radians(b[0]))) * 111_200
            if rough <= 2 * CLOSE_M:
                metres = 1000 * geo.distance_km(a, b)
                closeness = 100.0 if metres <= NEAR_M else 50.0 if metres <= CLOSE_M else 0.0
        total = (WEIGHTS["name"] * name + WEIGHTS["address"] * address + WEIGHTS["distance"] * closeness
                 + (CONTACT_BONUS if shared else 0.0))
        return {"name": round(name), "address": round(address), "metres": metres and round(metres),
                "shared_contact": shared, "total": round(min(total, 100.0), 1)}

    @staticmethod
    def probable(parts: dict) -> bool:
        """Worth an administrator's look: the same name nearby (or at the same address), or a
        shared phone, e-mail or website with a name or a place in common. A name that only
        shares a common word ("solidaire") with a neighbour is not enough."""
        near = parts["metres"] is not None and parts["metres"] <= CLOSE_M
        same_address = parts["address"] >= 90
        if parts["total"] < PROBABLE:
            return False
        if parts["shared_contact"]:
            return parts["name"] >= NAME_FLOOR or near or same_address
        return parts["name"] >= SAME_NAME and (near or same_address)

    def best(self, record: PlaceRecord) -> Match | None:
        """The listing this record most probably is, or None."""
        key = (record.source, record.source_id)
        if key in self.by_source:
            return Match(self.by_source[key], 100.0, "source")
        if key in self.links and self.links[key] in self.by_id:
            return Match(self.links[key], 100.0, "link")
        if record.siret and len(self.by_siret.get(record.siret, ())) == 1:
            return Match(self.by_siret[record.siret][0], 100.0, "siret")
        contacts = _contacts(record.phone, record.email, record.website)
        keys = _keys(record)
        best: Match | None = None
        for candidate_id in sorted(self._nearby(record, contacts)):
            c = self.by_id[candidate_id]
            if record.siret and c.siret and record.siret != c.siret:
                continue  # two establishments, whatever their names
            parts = self.score(record, candidate_id, contacts, keys)
            if self.probable(parts) and (best is None or parts["total"] > best.score):
                best = Match(candidate_id, parts["total"], "score", parts)
        return best
