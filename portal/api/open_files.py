"""The open files we publish (the data·inclusion structures and services, the lieux de médiation
numérique), and how their rows become JSON and CSV, written as they are generated.

JSON: a plain list of rows, as data·inclusion publishes them (so that each one validates with
the official package). CSV: UTF-8, comma-separated, a header of the schema's field names; a
list is written as its values joined by "|" (the separator the médiation numérique schema
names; data·inclusion's models take lists, which a CSV cell cannot hold otherwise); an empty
value is an empty cell.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from data_inclusion.schema.v1 import Service, Structure

from portal.api import exports, mednum
from portal.i18n import _l

LIST_SEPARATOR = "|"
CHUNK_ROWS = 200


@dataclass(frozen=True)
class OpenFile:
    """One export: its name (the file name without extension), what it holds, its columns."""

    dataset: str
    name: str
    title: object
    description: object
    fields: tuple[str, ...]
    rows: Callable[[exports.Report | None], Iterator[dict]]
    summary: Callable[[], exports.Summary]


FILES: tuple[OpenFile, ...] = (
    OpenFile("data-inclusion", "structures", _l("Structures (schéma data·inclusion)"),
             _l("Les lieux d'aide publiés : adresse, contacts publics, horaires, réseaux."),
             tuple(Structure.model_fields), exports.structure_rows, exports.partners_summary),
    OpenFile("data-inclusion", "services", _l("Services (schéma data·inclusion)"),
             _l("Les services proposés : thématiques, publics, frais, modes d'accueil et de "
                "mobilisation, score de qualité."),
             (*Service.model_fields, "score_qualite"), exports.service_rows,
             exports.services_summary),
    OpenFile("mediation-numerique", "lieux", _l("Lieux de médiation numérique"),
             _l("Les lieux où l'on aide au numérique (France Services, Aidants Connect, "
                "Conseillers numériques…), au schéma national de la médiation numérique."),
             mednum.FIELDS, mednum.lieu_rows, mednum.summary),
)


def open_file(dataset: str, name: str) -> OpenFile | None:
    return next((f for f in FILES if (f.dataset, f.name) == (dataset, name)), None)


JSON_START, JSON_END = "[", "\n]\n"


def json_item(row: dict, index: int) -> str:
    """One row of the JSON list, after the separator from the previous one (one row a line)."""
    return ("\n" if index == 0 else ",\n") + json.dumps(row, ensure_ascii=False)


def json_chunks(rows: Iterable[dict]) -> Iterator[bytes]:
    """A JSON list written row by row (UTF-8)."""
    yield JSON_START.encode("utf-8")
    for index, row in enumerate(rows):
        yield json_item(row, index).encode("utf-8")
    yield JSON_END.encode("utf-8")


def csv_cells(row: dict, fields: tuple[str, ...]) -> list[str]:
    return [cell(row.get(name)) for name in fields]


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)


def csv_chunks(rows: Iterable[dict], fields: tuple[str, ...]) -> Iterator[bytes]:
    """A CSV file written a few rows at a time: the header, then one line a row."""
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(fields)
    count = 0
    for row in rows:
        writer.writerow(csv_cells(row, fields))
        count += 1
        if count % CHUNK_ROWS == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def csv_writer(stream):
    """The CSV dialect of our files: commas, double quotes when needed, CRLF line ends."""
    return csv.writer(stream, lineterminator="\r\n")
