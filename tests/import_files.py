"""Import files for the tests, built from the shipped open data (seed/data/open) in the
data·inclusion v1 shape, and small spreadsheets."""

from __future__ import annotations

import json

from portal.imports.checks import THEMATIQUES
from seed.sources import DI_SERVICES_FILE, DI_STRUCTURES_FILE, OPEN_DIR, _prose, _siret, _text

FEES = {"gratuit": "gratuit", "payant": "payant", "gratuit-sous-conditions": "payant"}


def shipped_data_inclusion_v1() -> tuple[list[dict], list[dict]]:
    """The shipped data·inclusion structures and services (2022–23 schema) as v1 rows."""
    structures = json.loads((OPEN_DIR / DI_STRUCTURES_FILE).read_text(encoding="utf-8"))
    services = json.loads((OPEN_DIR / DI_SERVICES_FILE).read_text(encoding="utf-8"))
    v1_structures = []
    for row in structures:
        v1_structures.append({
            "source": _text(row.get("source")) or "data-inclusion", "id": _text(row["id"]),
            "nom": _text(row["nom"]), "date_maj": (_text(row.get("date_maj")) or "2023-02-06")[:10],
            "description": _prose(row.get("presentation_resume")) or None,
            "siret": _siret(row.get("pivot")) or None, "commune": _text(row.get("commune")) or None,
            "code_postal": _text(row.get("code_postal")) or None,
            "adresse": _text(row.get("adresse")) or None,
            "complement_adresse": _text(row.get("complement_adresse")) or None,
            "latitude": row.get("latitude"), "longitude": row.get("longitude"),
            "telephone": _text(row.get("telephone")) or None,
            "courriel": _text(row.get("courriel")) or None,
            "site_web": _text(row.get("site_web")) or None,
        })
    v1_services = []
    for row in services:
        frais = [FEES[f] for f in row.get("frais") or [] if f in FEES]
        v1_services.append({
            "source": _text(row.get("source")) or "data-inclusion", "id": _text(row["id"]),
            "structure_id": _text(row["structure_id"]), "nom": _text(row["nom"]),
            "description": _text(row.get("presentation_resume")) or "Service sans description.",
            "date_maj": "2022-11-29",
            # The 2022 vocabulary had codes the v1 one no longer has.
            "thematiques": [t for t in row.get("thematiques") or () if t in THEMATIQUES] or None,
            "frais": frais[0] if frais else None,
        })
    return v1_structures, v1_services


def csv_bytes(rows: list[list[str]], sep: str = ";", newline: str = "\r\n",
              encoding: str = "utf-8") -> bytes:
    """A spreadsheet export: cells joined by `sep` (quoted when needed), lines by `newline`."""
    def cell(value: str) -> str:
        return f'"{value.replace(chr(34), chr(34) * 2)}"' if sep in value or '"' in value else value
    return newline.join(sep.join(cell(v) for v in row) for row in rows).encode(encoding) + newline.encode()
