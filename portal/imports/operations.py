"""Writes of the imports: stage a file or a sync's rows as a batch, record the administrator's
decisions, apply a batch. Every function flushes; the view or the command commits.

Nothing reaches the listings before `apply_batch`. Applying goes through seed.importer, the
code `flask init` uses for the shipped open data: a new place becomes a published listing
(never "confirmed": only a person confirms), a known one is brought up to date by the
three-way merge (a value a person set is never overwritten: the source's value becomes a
proposal in the moderation queue), and each field written remembers its source and date.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.db import utcnow
from portal.directory.models import Partner
from portal.imports import constants as c
from portal.imports import readers
from portal.imports.models import ImportBatch, ImportRow
from portal.imports.staging import Context, candidate_of, incoming, record_from, stage
from seed import importer


def stage_file(session: Session, files: list[tuple[str, bytes]], *, fmt: str,
               mapping: dict[str, str] | None = None, user=None) -> ImportBatch:
    """Read, validate, geocode and match an uploaded file (or two data·inclusion files) and
    store it as a batch awaiting review. Raises decoding.FileRefused for an unreadable file."""
    if fmt == c.CSV:
        name, data = files[0]
        parsed = readers.read_mapped_csv(data, mapping or {})
    else:
        parsed = readers.read_data_inclusion_files(files)
    names = " + ".join(name for name, _ in files)
    return stage(session, parsed, fmt=fmt, origin=c.FILE, file_name=names, user=user)


def stage_data_inclusion(session: Session, structures: list[dict], services: list[dict], *,
                         origin: str, user=None) -> ImportBatch:
    """Stage data·inclusion v1 rows already parsed (the national sync: origin "sync").

    Each structure is validated with the package's models (its services too, joined by
    `structure_id`), geocoded when it has no point, placed in a quartier (rows outside the
    territory are kept as OUTSIDE, listed, never written), matched against the listings and
    sorted: NEW, UPDATE, PROBABLE, REPEATED, IDENTICAL, or ERROR with its problems. Flushes, does not
    commit; returns the batch (see `batch.counts`).
    """
    parsed = readers.read_data_inclusion(structures, services)
    return stage(session, parsed, fmt=c.DATA_INCLUSION, origin=origin,
                 file_name="API data·inclusion" if origin == c.SYNC else "", user=user)


def set_decisions(batch: ImportBatch, decisions: dict[int, str]) -> None:
    """Record the administrator's choice for rows of the batch (row id -> constants.DECISIONS);
    a choice a row's kind does not offer is ignored."""
    for row in batch.rows:
        choice = decisions.get(row.id)
        if row.applied_at is None and choice in c.CHOICES.get(row.kind, ()):
            row.decision = choice


@dataclass
class ApplyReport:
    """What applying a batch did, by row result."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    proposed: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: int = 0
    waiting: list[str] = field(default_factory=list)  # probable matches left for the review page
    notes: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {"created": len(self.created), "updated": len(self.updated),
                "proposed": len(self.proposed), "unchanged": self.unchanged,
                "skipped": self.skipped, "waiting": len(self.waiting)}

    @property
    def writes_anything(self) -> bool:
        return bool(self.created or self.updated or self.proposed)


def _source_label(batch: ImportBatch, row: ImportRow) -> str:
    """What a field's provenance says: the kind of source and the file's name, or the API."""
    if batch.origin == c.SYNC:
        return f"{row.source} (API)"
    if batch.file_name:
        return f"{row.source} : {batch.file_name}"[:100]
    return row.source


def _apply_row(ctx: Context, batch: ImportBatch, row: ImportRow, decision: str,
               report: ApplyReport) -> str:
    """Apply one decided row; returns constants.RESULTS code."""
    session = ctx.session
    if decision == c.SKIP:
        report.skipped += 1
        return c.SKIPPED
    record = record_from(row.values["record"])
    quartier_id = row.values["quartier_id"]
    values, new = ctx.place_values(record, quartier_id)
    partner = session.get(Partner, row.partner_id) if row.partner_id else None
    if decision in (c.CREATE, c.KEEP_BOTH) or partner is None:
        taken = session.scalar(select(Partner).where(
            Partner.source == record.source, Partner.source_id == record.source_id))
        if taken is not None:  # applied meanwhile by another batch: bring it up to date instead
            partner = taken
        else:
            partner = importer.create_partner(session, values, new, ctx.subneeds, _source_label(batch, row))
            session.flush()
            ctx.index.add(candidate_of(partner))
            row.partner_id = partner.id
            report.created.append(partner.name)
            return c.CREATED
    sub = importer.ImportReport()
    changed = importer.update_partner(session, partner, incoming(record, values, new, partner),
                                      ctx.subneeds, sub, _source_label(batch, row))
    if record.siret and not partner.siret:
        partner.siret = record.siret
    report.notes.extend(sub.notes)
    row.partner_id = partner.id
    if sub.proposed:
        report.proposed.append(partner.name)
        return c.PROPOSED
    if changed:
        report.updated.append(partner.name)
        return c.UPDATED
    report.unchanged += 1
    return c.UNCHANGED


def apply_batch(session: Session, batch: ImportBatch, *, user=None) -> ApplyReport:
    """Apply a staged batch in the caller's transaction and return what it did.

    Each row follows the decision recorded by `set_decisions` (or carried over from an earlier
    batch: a probable match skipped before and unchanged since), else the default of its kind
    (constants.DEFAULT_DECISIONS): new places inside the territory are created, updates of a
    place already imported from the same source (or with the same SIRET) go through the
    three-way merge, rows repeating an earlier line are skipped (that line says it), identical
    rows need nothing; a probable match without a decision keeps waiting for the review page.
    The sync and `flask import --yes` call it without decisions. Flushes, does not commit.
    """
    report = ApplyReport()
    ctx = Context(session)
    now = utcnow()
    for row in batch.rows:
        if row.applied_at is not None or row.kind not in (*c.REVIEWABLE, c.IDENTICAL):
            continue
        if row.kind == c.IDENTICAL:
            report.unchanged += 1
            row.decision, row.result, row.applied_at = c.SKIP, c.UNCHANGED, now
            continue
        decision = row.decision or c.DEFAULT_DECISIONS.get(row.kind)
        if decision is None:
            report.waiting.append(row.label)
            continue
        row.decision = decision
        row.result = _apply_row(ctx, batch, row, decision, report)
        row.applied_at = now
        session.flush()
    batch.status = c.PARTIAL if report.waiting else c.APPLIED
    totals = dict(batch.applied or {})
    for key, count in report.counts.items():
        totals[key] = count if key == "waiting" else totals.get(key, 0) + count
    batch.applied = totals
    batch.applied_at, batch.applied_by = now, user
    session.flush()
    return report



def cancel_batch(batch: ImportBatch) -> None:
    """Give up a batch: rows not yet applied will never be."""
    batch.status = c.CANCELLED
    batch.upload = None

