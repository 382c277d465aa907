"""Keeping the search index true to the database: changes, rebuild-and-swap, drift check.

The database is the source of truth: an index that does not exist yet is simply not updated
(``search reindex`` builds it), and ``check`` reports any difference between the two. What a
document holds is in `documents`; how generations are stored and locked is in `generations`.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session
from whoosh import index as whoosh_index

from portal.directory.models import Service
from portal.search.core.schema import SCHEMA_VERSION
from portal.search.store.documents import build_document, database_stamps, quartier_names, services_query
from portal.search.store.generations import (
    CURRENT,
    current_dir,
    index_root,
    is_outdated,
    new_generation,
    open_index,
    remove_old_generations,
    replace_file,
    schema_version,
    touch_stamp,
    write_documents,
    write_lock,
    writing,
)


def apply_changes(
    session: Session,
    *,
    service_ids: Iterable[int] = (),
    partner_ids: Iterable[int] = (),
    root: Path | None = None,
) -> int:
    """Bring these services and every service of these partners up to date in the index.

    Anything no longer published (or deleted) is removed. Returns the number of documents
    written; nothing happens when no index was built yet, or when it holds documents of an older
    shape (the next search rebuilds it from the database).

    A changed service rewrites every document of its partner, so that a partner's documents
    stay side by side (how the engine counts partners, see `core.bits.Bits.count_partners`).
    """
    root = root or index_root()
    service_ids, partner_ids = set(service_ids), set(partner_ids)
    if not (service_ids or partner_ids) or current_dir(root) is None or is_outdated(root):
        return 0
    if service_ids:
        partner_ids |= set(session.scalars(
            select(Service.partner_id).where(Service.id.in_(service_ids))))
    services = session.scalars(
        services_query().where(Service.partner_id.in_(partner_ids))).unique().all()
    quartiers = quartier_names(session)
    with write_lock(root):
        ix = open_index(root)
        if ix is None:
            return 0
        try:
            with writing(ix) as writer:
                for partner_id in partner_ids:
                    writer.delete_by_term("partner", str(partner_id))
                for service_id in service_ids:
                    writer.delete_by_term("service_id", str(service_id))
                for service in services:
                    writer.update_document(**build_document(service, quartiers))
        finally:
            ix.close()
        touch_stamp(root)
    return len(services)


def _iter_documents(session: Session, batch: int = 500) -> Iterator[dict]:
    ids = session.scalars(
        select(Service.id).where(Service.is_live).order_by(Service.partner_id, Service.id)).all()
    quartiers = quartier_names(session)
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        for service in session.scalars(services_query().where(Service.id.in_(chunk))).unique():
            yield build_document(service, quartiers)
        session.expunge_all()


@dataclass
class RebuildReport:
    documents: int
    seconds: float
    generation: str
    caught_up: int

    def __str__(self) -> str:
        return (
            f"{self.documents} services indexés en {self.seconds:.1f} s "
            f"({self.generation}) ; {self.caught_up} rattrapés pendant la reconstruction."
        )


def rebuild(session: Session, root: Path | None = None) -> RebuildReport:
    """Build a new generation beside the live one, catch up, then swap it in atomically.

    Searches keep using the old generation until the swap; changes committed during the build
    are caught up (under the write lock) from a drift check of the new generation.
    """
    root = root or index_root()
    started = time.perf_counter()
    path = new_generation(root)
    try:
        count = write_documents(path, _iter_documents(session))
        with write_lock(root):
            session.rollback()  # see what was committed while we were building
            drift = check(session, path)
            fixed = _fix(session, path, drift)
            previous = current_dir(root)
            replace_file(root / CURRENT, path.name)
            touch_stamp(root)
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)
        raise
    remove_old_generations(root, keep={path.name, previous.name if previous else ""})
    return RebuildReport(count, time.perf_counter() - started, path.name, fixed)


# -- drift -------------------------------------------------------------------------------------


@dataclass
class Drift:
    """How the index differs from the database."""

    missing: list[int] = field(default_factory=list)  # published in the database, not indexed
    extra: list[int] = field(default_factory=list)  # indexed, but deleted or unpublished
    outdated: list[int] = field(default_factory=list)  # indexed from an older version

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.outdated)

    def __str__(self) -> str:
        if self.ok:
            return "Index à jour."
        parts = []
        for label, ids in (("absents de l'index", self.missing), ("en trop", self.extra),
                           ("périmés", self.outdated)):
            if ids:
                shown = ", ".join(map(str, ids[:20])) + (" …" if len(ids) > 20 else "")
                parts.append(f"{len(ids)} services {label} : {shown}")
        return "\n".join(parts)


class IndexUnreadable(RuntimeError):
    """The live index is missing or its files are damaged: only a rebuild can help."""


def indexed_stamps(path: Path) -> dict[int, str]:
    try:
        ix = whoosh_index.open_dir(str(path))
        try:
            with ix.reader() as reader:
                return {int(doc["service_id"]): doc.get("stamp", "") for _, doc in reader.iter_docs()}
        finally:
            ix.close()
    except Exception as error:  # Whoosh reports damage with anything from OSError to struct.error
        raise IndexUnreadable(f"{path.name}: {error!r}") from None


def check(session: Session, path: Path | None = None) -> Drift:
    """Compare the index with the database (ids and versions); IndexUnreadable if it cannot be read."""
    path = path or current_dir(index_root())
    database = database_stamps(session)
    if path is None:
        return Drift(missing=sorted(database))
    if schema_version(path) != SCHEMA_VERSION:
        raise IndexUnreadable(f"{path.name}: documents of an older shape")
    indexed = indexed_stamps(path)
    return Drift(
        missing=sorted(set(database) - set(indexed)),
        extra=sorted(set(indexed) - set(database)),
        outdated=sorted(i for i in set(database) & set(indexed) if database[i] != indexed[i]),
    )


def _fix(session: Session, path: Path, drift: Drift) -> int:
    """Apply a drift report to the index at `path` (caller holds the write lock)."""
    if drift.ok:
        return 0
    targets = drift.missing + drift.outdated
    partner_ids = set(session.scalars(select(Service.partner_id).where(Service.id.in_(targets))))
    services = session.scalars(
        services_query().where(Service.partner_id.in_(partner_ids))).unique().all()
    quartiers = quartier_names(session)
    ix = whoosh_index.open_dir(str(path))
    try:
        with writing(ix) as writer:
            for service_id in drift.extra:
                writer.delete_by_term("service_id", str(service_id))
            for partner_id in partner_ids:  # rewritten side by side (see `apply_changes`)
                writer.delete_by_term("partner", str(partner_id))
            for service in services:
                writer.update_document(**build_document(service, quartiers))
    finally:
        ix.close()
    return len(drift.extra) + len(services)


def repair(session: Session, root: Path | None = None) -> Drift:
    """Check, then fix what differs in the live index; IndexUnreadable when there is none to fix
    or it cannot be read (then only `rebuild` helps)."""
    root = root or index_root()
    with write_lock(root):
        path = current_dir(root)
        if path is None:
            raise IndexUnreadable(f"no search index in {root}")
        drift = check(session, path)
        if not drift.ok:
            _fix(session, path, drift)
            touch_stamp(root)
    return drift
