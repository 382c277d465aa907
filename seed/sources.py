"""Readers of the open-data files in seed/data/open, turned into one common record shape.

Each reader returns every row of its file (the whole metropolis); placing rows in Lille,
deduplicating and writing are the importer's job.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from portal.directory.text import fold
from portal.edge import without_controls

OPEN_DIR = Path(__file__).resolve().parent / "data" / "open"
FRANCE_SERVICES_FILE = "france_services_20221201_mel.csv"
CNFS_FILES = ("cnfs_lieux_20220721_mel.json", "cnfs_lieux_20221202_mel.json")  # oldest first
DI_STRUCTURES_FILE = "data_inclusion_structures_20230206_mel.json"
DI_SERVICES_FILE = "data_inclusion_services_20221129_mel.json"

# Import priority: a lower number wins when records of one organisation are merged.
PRIORITY = {"france-services": 0, "data-inclusion": 1, "conseiller-numerique": 2}
FS_DAYS = ("h_lundi", "h_mardi", "h_mercredi", "h_jeudi", "h_vendredi", "h_samedi")
LABEL_CODES = {"cnfs": "conseiller-numerique", "france services": "france-services",
               "aidants connect": "aidants-connect", "pass numerique": "pass-numerique"}
AUDIENCE_CODES = {
    "tous-publics": "tous-publics", "familles-enfants": "familles-enfants",
    "jeunes": "jeunes-16-26", "jeunes-16-26": "jeunes-16-26", "seniors-65": "seniors-65",
    "retraites": "seniors-65", "personnes-handicapees": "personnes-handicapees",
    "beneficiaires-rsa": "beneficiaires-rsa", "demandeurs-demploi": "demandeurs-emploi",
    "personnes-de-nationalite-etrangere": "personnes-exilees", "sans-domicile-fixe": "sans-domicile",
    "femmes": "femmes", "etudiants": "etudiants",
}
FEE_CODES = {"gratuit", "gratuit-sous-conditions", "payant", "adhesion", "pass-numerique"}
_SPLIT = re.compile(r"\s*(?:;|,\s)\s*")


@dataclass
class ServiceRecord:
    """A service as read from a source, before it is linked to sub-needs."""

    name: str
    description: str = ""
    thematiques: tuple[str, ...] = ()
    fees: str = ""
    fees_detail: str = ""
    audiences: tuple[str, ...] = ()
    access_modes: tuple[str, ...] = ()
    subneeds: tuple[str, ...] = ()  # explicit sub-need slugs, when the source is unambiguous
    context: str = ""  # text about the organisation, used when the service itself says little


@dataclass
class PlaceRecord:
    """One row of one source, in a common shape."""

    source: str
    source_id: str
    name: str
    siret: str = ""
    address: str = ""
    address_extra: str = ""
    postcode: str = ""
    city: str = ""
    latitude: float | None = None
    longitude: float | None = None
    phone: str = ""
    email: str = ""
    website: str = ""
    presentation: str = ""
    typologie: str = ""
    labels: set[str] = field(default_factory=set)
    day_hours: tuple[str, ...] = ()  # France Services: free text, Monday to Saturday
    osm_hours: str = ""
    itinerant: bool = False
    updated: str = ""
    services: list[ServiceRecord] = field(default_factory=list)

    @property
    def key(self) -> tuple[int, str]:
        """Sort key: best source first, then the most recently updated row."""
        return (PRIORITY[self.source], "".join(chr(0x10FFFF - ord(c)) for c in self.updated))


def _clean(value):
    """A parsed row with no control characters in its texts (PostgreSQL refuses NUL)."""
    if isinstance(value, str):
        return without_controls(value)
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _read_json(path: Path) -> list[dict]:
    return _clean(json.loads(path.read_text(encoding="utf-8")))


def _text(value: object) -> str:
    return " ".join(str(value).split()) if value not in (None, "") else ""


def _prose(value: object) -> str:
    """Presentation text without the HTML and markdown marks some sources leave in it."""
    text = re.sub(r"<!--.*?-->|<[^>]+>", " ", str(value or ""), flags=re.S)
    text = re.sub(r"\*\*|\\(?=[-.])|^#+\s*", "", text, flags=re.M)
    paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paragraphs if p)


def _siret(value: object) -> str:
    digits = re.sub(r"\D", "", str(value or ""))
    # A real SIRET has 14 digits; sources use 00000000000000 as "unknown".
    return digits if len(digits) == 14 and digits.strip("0") else ""


def _labels(value: object) -> set[str]:
    return {LABEL_CODES[f] for f in (fold(p).strip() for p in _SPLIT.split(_text(value))) if f in LABEL_CODES}


def _coord(value: object) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _fees_from_text(text: str) -> str:
    folded = fold(text)
    if "payant" in folded:
        return "payant"
    return "gratuit" if "gratuit" in folded else ""


def mednum_services(value: object, fees: str, rdv: str, context: str = "") -> list[ServiceRecord]:
    """Services of the mednum list ("Prendre en main un ordinateur;…") of a place."""
    names = [n for n in _SPLIT.split(_text(value)) if n]
    description = "Accompagnement individuel ou en atelier par un conseiller numérique."
    return [
        ServiceRecord(
            name=name, description=description, fees=fees or "gratuit",
            access_modes=("sur-rdv",) if rdv else (), context=context,
        )
        for name in names
    ]


def read_france_services(open_dir: Path = OPEN_DIR) -> list[PlaceRecord]:
    """France Services sites of the ANCT list."""
    with (open_dir / FRANCE_SERVICES_FILE).open(encoding="utf-8", newline="") as handle:
        rows = _clean(list(csv.DictReader(handle)))
    places = []
    for row in rows:
        places.append(
            PlaceRecord(
                source="france-services",
                source_id=_text(row["id_fs"]),
                name=_text(row["lib_fs"]),
                address=_text(row["adresse"]),
                address_extra=_text(row["complement_adresse"]),
                postcode=_text(row["code_postal"]),
                city=_text(row["lib_com"]),
                latitude=_coord(row["latitude"]),
                longitude=_coord(row["longitude"]),
                phone=_text(row["telephone"]),
                email=_text(row["mail"]),
                presentation=_text(row["commentaire"]),
                labels={"france-services"},
                day_hours=tuple(_text(row[day]) for day in FS_DAYS),
                itinerant=fold(_text(row["itinerance"])) == "oui",
                updated="2022-12-01",
                services=[],  # the standard France Services offer is added by the importer
            )
        )
    return places


def _mednum_place(row: dict, source: str, **extra: object) -> PlaceRecord:
    fees = _fees_from_text(_text(row.get("conditions_access")))
    rdv = _text(row.get("prise_rdv"))
    return PlaceRecord(
        source=source,
        source_id=_text(row["id"]),
        name=_text(row["nom"]),
        siret=_siret(row.get("pivot")),
        address=_text(row.get("adresse")),
        address_extra=_text(row.get("complement_adresse")),
        postcode=_text(row.get("code_postal")),
        city=_text(row.get("commune")),
        latitude=_coord(row.get("latitude")),
        longitude=_coord(row.get("longitude")),
        phone=_text(row.get("telephone")),
        email=_text(row.get("courriel")),
        website=_text(row.get("site_web")),
        labels=_labels(row.get("labels_nationaux")),
        osm_hours=_text(row.get("horaires")),
        updated=_text(row.get("date_maj")),
        services=mednum_services(row.get("services"), fees, rdv),
        **extra,
    )


def read_cnfs(open_dir: Path = OPEN_DIR) -> list[PlaceRecord]:
    """Conseiller numérique places; for one id, the later snapshot replaces the earlier one."""
    by_id: dict[str, PlaceRecord] = {}
    for name in CNFS_FILES:
        for row in _read_json(open_dir / name):
            by_id[_text(row["id"])] = _mednum_place(row, "conseiller-numerique")
    return list(by_id.values())


def _di_service(row: dict, context: str, presentation: str) -> ServiceRecord:
    frais = [f for f in (row.get("frais") or []) if f in FEE_CODES]
    description = _text(row.get("presentation_resume"))
    fees = frais[0] if frais else _fees_from_text(f"{description} {presentation}")
    return ServiceRecord(
        name=_text(row["nom"]),
        description=description,
        thematiques=tuple(row.get("thematiques") or ()),
        fees=fees,
        fees_detail=_text(row.get("frais_autres")),
        audiences=tuple(dict.fromkeys(
            AUDIENCE_CODES[p] for p in (row.get("profils") or ()) if p in AUDIENCE_CODES
        )),
        access_modes=("sur-rdv",) if _text(row.get("prise_rdv")) else (),
        context=context,
    )


def read_data_inclusion(open_dir: Path = OPEN_DIR) -> list[PlaceRecord]:
    """data·inclusion structures with their services.

    Structures that data·inclusion republished from the conseiller numérique data keep that
    producer as their source, so that they meet their original rows when deduplicated.
    """
    structures = _read_json(open_dir / DI_STRUCTURES_FILE)
    services_by_structure: dict[str, list[dict]] = {}
    for row in _read_json(open_dir / DI_SERVICES_FILE):
        services_by_structure.setdefault(row["structure_id"], []).append(row)
    places = []
    for row in structures:
        producer = _text(row.get("source"))
        source = "conseiller-numerique" if producer == "conseiller-numerique" else "data-inclusion"
        presentation = _prose(row.get("presentation_detail")) or _prose(row.get("presentation_resume"))
        place = _mednum_place(row, source, typologie=_text(row.get("typologie")),
                              presentation=presentation)
        context = _text(row.get("presentation_resume"))
        rows = services_by_structure.get(place.source_id, [])
        if rows:
            place.services = [_di_service(s, context, presentation) for s in rows]
        else:
            for service in place.services:
                service.context = context
        places.append(place)
    return places


def read_all(open_dir: Path = OPEN_DIR) -> list[PlaceRecord]:
    """Every row of every source."""
    return read_france_services(open_dir) + read_cnfs(open_dir) + read_data_inclusion(open_dir)
