"""The national sync: read the territory's rows from data·inclusion, stage them like an imported
file, and apply what needs no human decision (the rest waits on the review page).

Reading comes first and completely (portal.imports.national): an API that fails half-way raises
NationalApiError before anything is staged. Staging and applying go through the file import's
operations, so the same validation, geocoding, deduplication and review apply. Like every
operation this flushes and never commits: the command commits once at the end.

A nightly sync re-reads the whole territory, so its batch holds every row still in doubt: it
supersedes the earlier sync batches still waiting for a review (they are cancelled when all their
waiting rows are in the new one). A sync that brings nothing new keeps no batch at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from portal.imports import constants as c
from portal.imports import national
from portal.imports.models import ImportBatch
from portal.imports.operations import apply_batch, cancel_batch, stage_data_inclusion

REVIEW_PATH = "/admin/imports"


@dataclass
class SyncResult:
    """What a sync read, what its batch holds (rows by kind) and what applying it did."""

    fetched: national.Fetched
    batch_id: int | None  # the batch to review (an earlier one when nothing was new)
    counts: dict = field(default_factory=dict)
    applied: dict = field(default_factory=dict)
    left_out: list[tuple[int, str, str, list]] = field(default_factory=list)  # (line, label, kind, errors)
    notes: list = field(default_factory=list)
    waiting: int = 0  # rows left for an administrator to decide on the review page
    dry_run: bool = False
    kept: bool = True  # False when nothing was new and no batch was kept


def _waiting_keys(batch: ImportBatch) -> set[tuple[str, str]]:
    """The rows an automatic apply leaves (or left) for a person: the probable matches not
    decided already."""
    return {(row.source, row.source_id) for row in batch.rows
            if row.kind == c.PROBABLE and row.applied_at is None and row.decision is None}


def _open_sync_batches(session, but: ImportBatch) -> list[ImportBatch]:
    return list(session.scalars(
        select(ImportBatch).where(ImportBatch.origin == c.SYNC, ImportBatch.status.in_((c.STAGED, c.PARTIAL)),
                                  ImportBatch.id != but.id).order_by(ImportBatch.id.desc())))


def sync_data_inclusion(session, *, insee_codes=None, dry_run: bool = False, user=None) -> SyncResult:
    """Fetch the communes' structures and services, stage them, and apply what is certain."""
    fetched = national.fetch(insee_codes)
    # A dry run stages inside a savepoint to count, then forgets everything it wrote.
    nested = session.begin_nested() if dry_run else None
    try:
        batch = stage_data_inclusion(session, fetched.structures, fetched.services, origin=c.SYNC, user=user)
        counts = dict(batch.counts or {})
        result = SyncResult(
            fetched=fetched, batch_id=None if dry_run else batch.id, counts=counts,
            notes=list(batch.notes or []), waiting=int(counts.get(c.PROBABLE, 0)), dry_run=dry_run,
            left_out=[(row.line, row.label, row.kind, list(row.errors or [])) for row in batch.rows
                      if row.kind in (c.ERROR, c.OUTSIDE, c.NOT_GEOCODED)],
        )
        if not dry_run:
            nothing_new = not counts.get(c.NEW) and not counts.get(c.UPDATE)
            _apply(session, batch, result, user, nothing_new=nothing_new)
        session.flush()
    finally:
        if nested is not None:
            nested.rollback()
    return result


def _apply(session, batch: ImportBatch, result: SyncResult, user, *, nothing_new: bool) -> None:
    """Apply what is certain, or drop the batch when it brings nothing; retire the sync batches
    it supersedes."""
    waiting = _waiting_keys(batch)
    earlier = _open_sync_batches(session, batch)
    if nothing_new:
        # No doubt, or every doubt already on the review page in an earlier sync batch: keep no
        # new batch (the earlier one stays the one to review).
        covering = None if waiting else batch
        for old in earlier:
            if covering is None and waiting <= _waiting_keys(old):
                covering = old
        if covering is not None:
            session.delete(batch)
            result.batch_id, result.kept = (None if covering is batch else covering.id), False
            result.applied = {"unchanged": result.counts.get("identical", 0)}
            return
    report = apply_batch(session, batch, user=user)
    result.applied, result.waiting = report.counts, len(report.waiting)
    still = _waiting_keys(batch)
    # What this batch applied is no longer a doubt in an earlier one either.
    settled = {(row.source, row.source_id) for row in batch.rows if row.applied_at is not None}
    for old in earlier:
        if _waiting_keys(old) - settled <= still:
            cancel_batch(old)
