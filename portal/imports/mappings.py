"""Column mappings of spreadsheets: guessed from the header, saved by name, offered again for
a file with the same columns, and the two steps of a spreadsheet import. Flushes only."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.directory.text import fold
from portal.imports import constants as c
from portal.imports import readers
from portal.imports.models import ColumnMapping, ImportBatch
from portal.imports.staging import stage


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


def guess(header: list[str]) -> dict[str, str]:
    """The columns whose names say what they hold ("Code postal" -> postcode)."""
    by_name = {_squash(h): h for h in header if h}
    found: dict[str, str] = {}
    for name, words in c.GUESSES.items():
        column = next((by_name[w] for w in words if w in by_name), None)
        if column and column not in found.values():
            found[name] = column
    return found


def saved_for(session: Session, header: list[str]) -> ColumnMapping | None:
    """The mapping saved last for a file with the same columns."""
    return session.scalars(select(ColumnMapping).where(ColumnMapping.header_key == readers.header_key(header))
                           .order_by(ColumnMapping.updated_at.desc(), ColumnMapping.id.desc())).first()


def by_name(session: Session, name: str) -> ColumnMapping | None:
    return session.scalar(select(ColumnMapping).where(ColumnMapping.name == name.strip()))


def save(session: Session, name: str, header: list[str], columns: dict[str, str]) -> ColumnMapping:
    """Create or replace the mapping called `name`."""
    mapping = by_name(session, name) or ColumnMapping(name=name.strip()[:100])
    mapping.header_key = readers.header_key(header)
    mapping.columns = {k: v for k, v in columns.items() if v}
    session.add(mapping)
    session.flush()
    return mapping


def upload_sheet(session: Session, file_name: str, data: bytes, *, user=None) -> ImportBatch:
    """First step of a spreadsheet import: keep the file until its columns are designated.
    Raises decoding.FileRefused when it cannot be read."""
    header, notes = readers.read_header(data)
    batch = ImportBatch(file_name=file_name[:255], format=c.CSV, origin=c.FILE, created_by=user,
                        status=c.MAPPING, notes=notes, upload=data, counts={"header": header})
    session.add(batch)
    session.flush()
    return batch


def stage_mapped(session: Session, batch: ImportBatch, columns: dict[str, str]) -> ImportBatch:
    """Second step: read the kept file with the designated columns and stage its rows."""
    parsed = readers.read_mapped_csv(batch.upload or b"", columns)
    return stage(session, parsed, fmt=c.CSV, origin=batch.origin, file_name=batch.file_name,
                 user=batch.created_by, batch=batch)
