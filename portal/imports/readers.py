"""Readers of the files an administrator imports, into the records seed.importer already
knows (`seed.sources.PlaceRecord`), each with the problems of its line. Pure: bytes in.

- data·inclusion v1 JSON: a list of structures, ``{"structures": [...], "services": [...]}``,
  or two files (structures, services); data·inclusion v1 CSV (the schema's column names). Every
  row is validated with the package's pydantic models.
- a spreadsheet CSV whose columns the administrator designates (`mapping`: field -> column).

Line numbers are those an administrator sees: the line in a CSV file (the header is line 1),
the position in a JSON list (the first structure is number 1).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from data_inclusion.schema import v1

from portal.directory.text import fold
from portal.imports import checks
from portal.imports.checks import Problem
from portal.imports.decoding import FileRefused, csv_rows, decode
from seed.sources import AUDIENCE_CODES, PlaceRecord, ServiceRecord

DI_SOURCE = "data-inclusion"
SHEET_SOURCE = "tableur"
STRUCTURE_REQUIRED = ("id", "nom")
LIST_FIELDS = ("thematiques", "publics", "modes_accueil", "modes_mobilisation", "mobilisable_par",
               "reseaux_porteurs", "zone_eligibilite")
# data·inclusion v1 publics → our audience codes (the reverse of the export's table).
PUBLICS = {"familles": "familles-enfants", "jeunes": "jeunes-16-26", "seniors": "seniors-65",
           "personnes-en-situation-de-handicap": "personnes-handicapees",
           "beneficiaires-des-minimas-sociaux": "beneficiaires-rsa",
           "personnes-en-situation-durgence": "sans-domicile", **AUDIENCE_CODES}
ACCUEIL = {"en-presentiel": "en-presentiel", "a-distance": "a-distance"}
MOBILISATION = {"se-presenter": "sans-rdv", "telephoner": "telephone"}


@dataclass
class Line:
    """One place read from the file: its record (None when the line is refused) and problems."""

    line: int
    label: str
    record: PlaceRecord | None
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Parsed:
    lines: list[Line]
    notes: list[dict] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    orphans: list[Problem] = field(default_factory=list)  # services whose structure is missing


def _text(value: object) -> str:
    return " ".join(str(value).split()) if value not in (None, "") else ""


def header_key(header: list[str]) -> str:
    """The same columns, whatever their case and accents, give the same key."""
    folded = "|".join(fold(h).strip() for h in header)
    return hashlib.sha256(folded.encode()).hexdigest()[:64]


# data·inclusion -----------------------------------------------------------------------------

def _load_json(data: bytes) -> tuple[object, list[dict]]:
    text = decode(data)
    try:
        return json.loads(text.text), text.notes
    except json.JSONDecodeError as error:
        raise FileRefused("bad-json", line=error.lineno, value=error.msg) from None


def _load_csv(data: bytes) -> tuple[list[tuple[int, dict]], list[dict], list[str]]:
    text = decode(data)
    header, rows, _sep = csv_rows(text.text)
    if not rows:
        raise FileRefused("no-rows")
    parsed = []
    for line, row in rows:
        values: dict[str, object] = {k: (v if v != "" else None) for k, v in row.items()}
        for name in LIST_FIELDS:
            if values.get(name):
                values[name] = checks.split_codes(values[name])
        parsed.append((line, values))
    return parsed, text.notes, header


def _numbered(items: object) -> list[tuple[int, object]]:
    if not isinstance(items, list):
        raise FileRefused("json-shape")
    return list(enumerate(items, start=1))


def _split_payload(payload: object) -> tuple[list, list]:
    """(structures, services) of one JSON document."""
    if isinstance(payload, list):
        if payload and all(isinstance(p, dict) and "structure_id" in p for p in payload):
            return [], payload
        return payload, []
    if isinstance(payload, dict) and ("structures" in payload or "services" in payload):
        return payload.get("structures") or [], payload.get("services") or []
    if isinstance(payload, dict) and isinstance(payload.get("items"), list):  # one API page
        return _split_payload(payload["items"])
    raise FileRefused("json-shape")


def read_data_inclusion_files(files: list[tuple[str, bytes]]) -> Parsed:
    """One or two files (JSON or CSV, structures and/or services) of the v1 schema."""
    structures: list[tuple[int, object]] = []
    services: list[tuple[int, object]] = []
    notes: list[dict] = []
    for name, data in files:
        if name.lower().endswith(".csv") or data.lstrip(b"\xef\xbb\xbf \r\n\t")[:1] not in (b"[", b"{"):
            rows, file_notes, header = _load_csv(data)
            target = services if "structure_id" in header else structures
            target.extend(rows)
        else:
            payload, file_notes = _load_json(data)
            found_structures, found_services = _split_payload(payload)
            structures.extend(_numbered(found_structures))
            services.extend(_numbered(found_services))
        notes.extend(file_notes)
    if not structures:
        raise FileRefused("no-rows")
    return from_data_inclusion(structures, services, notes)


def read_data_inclusion(structures: list[dict], services: list[dict]) -> Parsed:
    """Rows already parsed (the national sync); numbered from 1 in each list."""
    return from_data_inclusion(list(enumerate(structures, 1)), list(enumerate(services, 1)), [])


def from_data_inclusion(structures: list[tuple[int, object]], services: list[tuple[int, object]],
                        notes: list[dict]) -> Parsed:
    lines: list[Line] = []
    by_id: dict[str, Line] = {}
    for number, row in structures:
        if not isinstance(row, dict):
            lines.append(Line(number, "", None, [Problem(number, "", "not-an-object")]))
            continue
        structure, problems = checks.check_data_inclusion(v1.Structure, number, row)
        label = _text(row.get("nom"))
        ident = _text(row.get("id"))
        if ident and ident in by_id:
            problems.append(Problem(number, "id", "duplicate-id", ident))
        line = Line(number, label, None if problems else _structure_record(structure), problems)
        lines.append(line)
        if ident and ident not in by_id:
            by_id[ident] = line
    orphans: list[Problem] = []
    for number, row in services:
        if not isinstance(row, dict):
            orphans.append(Problem(number, "", "not-an-object"))
            continue
        owner = by_id.get(_text(row.get("structure_id")))
        if owner is None:
            orphans.append(Problem(number, "structure_id", "unknown-structure",
                                   _text(row.get("structure_id"))))
            continue
        service, problems = checks.check_data_inclusion(v1.Service, number, row)
        # A refused service is reported on its structure's line; the structure still comes in.
        owner.problems.extend(Problem(p.line, f"service.{p.field}", p.code, p.value) for p in problems)
        if service is not None and owner.record is not None:
            owner.record.services.append(_service_record(service))
    for line in lines:
        if line.record is not None and any(p.field.startswith("service.") for p in line.problems):
            line.record = None  # a structure is taken whole or not at all, so the report is exact
    return Parsed(lines, notes, orphans=orphans)


def _structure_record(s: v1.Structure) -> PlaceRecord:
    return PlaceRecord(
        source=DI_SOURCE, source_id=s.id, name=_text(s.nom), siret=s.siret or "",
        address=_text(s.adresse), address_extra=_text(s.complement_adresse),
        postcode=s.code_postal or "", city=_text(s.commune), latitude=s.latitude,
        longitude=s.longitude, phone=_text(s.telephone), email=(s.courriel or "").lower(),
        website=str(s.site_web) if s.site_web else "", presentation=(s.description or "").strip(),
        osm_hours=_text(s.horaires_accueil), updated=s.date_maj.isoformat(),
    )


def _service_record(s: v1.Service) -> ServiceRecord:
    frais = s.frais.value if s.frais else ""
    return ServiceRecord(
        name=_text(s.nom), description=(s.description or "").strip(),
        thematiques=tuple(sorted(t.value for t in s.thematiques or ())),
        fees=frais if frais in ("gratuit", "payant") else "",
        fees_detail=_text(s.frais_precisions),
        audiences=tuple(sorted({PUBLICS[p.value] for p in s.publics or () if p.value in PUBLICS})),
        access_modes=_access_modes(s),
    )


def _access_modes(s: v1.Service) -> tuple[str, ...]:
    """Our access modes: the ways the schema names, and "orientation" when professionals
    mobilise the service (the export's reverse mapping)."""
    modes = {MOBILISATION[m.value] for m in s.modes_mobilisation or () if m.value in MOBILISATION}
    if any(p.value == "professionnels" for p in s.mobilisable_par or ()):
        modes.add("orientation")
    return tuple(sorted(modes))


# Spreadsheets -------------------------------------------------------------------------------

def read_header(data: bytes) -> tuple[list[str], list[dict]]:
    """The columns of a spreadsheet CSV (for the mapping form), and the encoding note."""
    text = decode(data)
    header, rows, _sep = csv_rows(text.text)
    if not rows:
        raise FileRefused("no-rows")
    return header, text.notes


def read_mapped_csv(data: bytes, mapping: dict[str, str]) -> Parsed:
    """A spreadsheet CSV whose columns are designated by `mapping` (field -> column)."""
    if not mapping.get("name"):
        raise FileRefused("no-name-column")
    text = decode(data)
    header, rows, sep = csv_rows(text.text)
    if not rows:
        raise FileRefused("no-rows")
    notes = text.notes + [{"code": "separator", "value": "tabulation" if sep == "\t" else sep}]
    lines = []
    for number, row in rows:
        values = {f: row.get(column, "").strip() for f, column in mapping.items() if column}
        problems = checks.check_place(number, values)
        record = None if problems else _sheet_record(values)
        lines.append(Line(number, values.get("name", ""), record, problems))
    return Parsed(lines, notes, header)


def _sheet_record(values: dict[str, str]) -> PlaceRecord:
    ident = values.get("source_id") or "h-" + hashlib.sha256("|".join(
        fold(values.get(k, "")) for k in ("name", "address", "postcode")).encode()).hexdigest()[:20]
    thematiques = tuple(checks.split_codes(values.get("thematiques", "")))
    subneeds = tuple(checks.split_codes(values.get("subneeds", "")))
    services = []
    if thematiques or subneeds or values.get("service"):
        services.append(ServiceRecord(
            name=values.get("service") or "Accueil et accompagnement",
            description=values.get("presentation", ""), thematiques=thematiques, subneeds=subneeds,
            fees="non-precise"))
    lat = checks.coordinate(values.get("latitude", ""), 90)
    lon = checks.coordinate(values.get("longitude", ""), 180)
    return PlaceRecord(
        source=SHEET_SOURCE, source_id=ident[:100], name=values["name"],
        siret=values.get("siret", "").replace(" ", ""), address=values.get("address", ""),
        address_extra=values.get("address_extra", ""), postcode=values.get("postcode", ""),
        city=values.get("city", ""), latitude=lat, longitude=lon, phone=values.get("phone", ""),
        email=values.get("email", "").lower(), website=values.get("website", ""),
        presentation=values.get("presentation", ""), services=services,
    )
