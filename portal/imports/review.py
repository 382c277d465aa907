"""What the report and the review pages show: problems in words, rows by kind, and for a row
matching a listing, each field side by side with what applying it would do."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.directory.models import Partner
from portal.i18n import _, _l
from portal.imports import constants as c
from portal.imports.models import ImportBatch, ImportRow
from portal.imports.staging import Context, incoming, record_from
from seed import importer, merge

SAME, WRITE, PROPOSE, KEEP = "same", "write", "propose", "keep"

# The parts of a service (seed.merge.SERVICE_FIELDS) as the review names them.
SERVICE_FIELD_LABELS = {
    "description": _l("description"), "fees": _l("tarif"), "fees_detail": _l("précisions sur le tarif"),
    "audiences": _l("publics"), "modes": _l("modes d'accueil"), "access_modes": _l("modes d'accès"),
    "subneeds": _l("besoins précis"), "stops": _l("lieux de passage"),
}


def field_name(batch: ImportBatch, name: str) -> str:
    name = name.removeprefix("service.")
    if batch.format == c.CSV and name in c.FIELDS:
        return str(c.FIELDS[name])
    return name


def where(batch: ImportBatch, problem: dict) -> str:
    """« ligne 12 », or for a data·inclusion JSON file « structure n° 12 » / « service n° 3 »."""
    line = problem.get("line")
    service = str(problem.get("field", "")).startswith("service.") or problem.get("field") == "structure_id"
    if batch.format == c.CSV or batch.file_name.lower().endswith(".csv"):
        return _("ligne %(num)s des services", num=line) if service and batch.format != c.CSV \
            else _("ligne %(num)s", num=line)
    return _("service n° %(num)s", num=line) if service else _("structure n° %(num)s", num=line)


def describe(batch: ImportBatch, problem: dict) -> str:
    """« ligne 12, courriel : « jean@ » n'est pas une adresse e-mail valide »."""
    reason = c.ERRORS.get(problem.get("code"), c.ERRORS["invalid"])
    text = str(reason) % {"value": problem.get("value", "")}
    field = problem.get("field")
    if field:
        return _("%(where)s, %(field)s : %(reason)s", where=where(batch, problem),
                 field=field_name(batch, field), reason=text)
    return _("%(where)s : %(reason)s", where=where(batch, problem), reason=text)


def note_text(note: dict) -> str:
    message = c.NOTES.get(note.get("code"))
    if message is None:
        return str(note.get("code"))
    params = {k: v for k, v in note.items() if k != "code"}
    return str(message) % params if "%(" in str(message) else str(message)


@dataclass
class FieldLine:
    """One field of a row matching a listing: the file's value, the listing's, what applying
    the row would do (SAME, WRITE, PROPOSE: a person set it, KEEP), and where the listing's
    value comes from."""

    name: str
    label: str
    incoming: str
    existing: str
    action: str
    source: dict | None
    detail: str = ""


def _shown(value) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def comparison(ctx: Context, row: ImportRow, partner: Partner) -> list[FieldLine]:
    """Field by field, the row against the listing it matches (see FieldLine)."""
    record = record_from(row.values["record"])
    values, new = ctx.place_values(record, row.values["quartier_id"])
    wanted = incoming(record, values, new, partner)
    steps = importer.plan_for(ctx.session, partner, wanted)
    sources = partner.field_sources or {}
    lines = []
    for name in merge.FIELDS:
        theirs, ours = wanted["partner"].get(name), getattr(partner, name)
        if theirs == ours:
            action = SAME
        elif name in steps.write["partner"]:
            action = WRITE
        elif name in steps.propose["partner"]:
            action = PROPOSE
        else:
            action = KEEP
        label = str(c.FIELDS[name]) if name in c.FIELDS else _("Type de lieu")
        lines.append(FieldLine(name, label, _shown(theirs), _shown(ours), action, sources.get(name)))
    for service in wanted["services"]:
        written, proposed = steps.write["services"].get(service), steps.propose["services"].get(service)
        action = WRITE if written is not None else PROPOSE if proposed is not None else None
        existing = next((s for s in partner.services if s.name == service), None)
        if existing is None:
            lines.append(FieldLine("service", _("Service"), service, "", action or KEEP, None))
            continue
        # Same name, maybe other contents: say which of them differ.
        detail = ", ".join(str(SERVICE_FIELD_LABELS.get(name, name)) for name in (written or proposed or {}))
        lines.append(FieldLine("service", _("Service"), service, service, action or SAME, None, detail))
    return lines


def rows_by_kind(session: Session, batch: ImportBatch) -> dict[str, list[ImportRow]]:
    rows = session.scalars(select(ImportRow).where(ImportRow.batch_id == batch.id)
                           .order_by(ImportRow.line, ImportRow.id)).all()
    grouped: dict[str, list[ImportRow]] = {kind: [] for kind in c.KINDS}
    for row in rows:
        grouped[row.kind].append(row)
    return grouped
