"""Keep the index true to the database through SQLAlchemy session events.

``after_flush`` notes which services and partners a transaction touched; ``after_commit``
re-reads them from the database (in a fresh session) and rewrites their documents, removing
anything no longer published; a rollback forgets the notes. Re-reading instead of trusting the
flushed objects makes over-collection harmless: an unchanged service is rewritten identically.
A failure to write the index never fails the user's commit: it is logged, and the ids stay in
the transaction's journal file (written before the commit, see `journal`), which the next
search replays (`catch_up`); a crash between the commit and the index update is caught up the
same way. ``flask --app portal search check`` reports any drift left.

`create_app` installs the listeners (`listen`); an application follows commits unless its
``SEARCH_SYNC`` setting is off (tests inside a rolled-back transaction, whose data another
connection cannot see).
"""

from __future__ import annotations

import logging

from flask import current_app, has_app_context
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from portal.directory.models import (
    Closure,
    Need,
    OpeningException,
    OpeningSlot,
    Partner,
    Service,
    SubNeed,
    service_subneed,
)
from portal.extensions import db
from portal.search.store import index as idx
from portal.search.store import journal, state
from portal.search.store.generations import current_dir, index_root

log = logging.getLogger(__name__)
PENDING = "search_pending"
JOURNAL = "search_journal"


def listen() -> None:
    """Install the session listeners (once per process)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_rollback", _after_rollback)


def _enabled() -> bool:
    return has_app_context() and bool(current_app.config.get("SEARCH_SYNC", True))


def _after_flush(session: Session, _flush_context) -> None:
    if not _enabled():
        return
    pending = session.info.setdefault(PENDING, {"services": set(), "partners": set(), "subneeds": set()})
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Service):
            pending["services"].add(obj.id)
        elif isinstance(obj, Partner):
            pending["partners"].add(obj.id)
        elif isinstance(obj, SubNeed):
            pending["subneeds"].add(obj.id)
        elif isinstance(obj, Need):
            pending["subneeds"].update(s.id for s in obj.subneeds)
        elif isinstance(obj, (OpeningSlot, OpeningException, Closure)):
            state.invalidate_opening_hours()
    if any(pending.values()):
        _write_journal(session, pending)


def _write_journal(session: Session, pending: dict[str, set[int]]) -> None:
    """Note the touched ids on disk before the commit, in case the index update never comes."""
    try:
        entry = session.info.get(JOURNAL)
        if entry is None:
            root = index_root()
            if current_dir(root) is None:  # no index yet: `search reindex` will build it
                return
            entry = session.info[JOURNAL] = journal.start(root)
        entry.write(pending)
    except Exception:  # never fail the user's write for the index's sake
        log.exception("search index journal not written")


def _after_rollback(session: Session) -> None:
    session.info.pop(PENDING, None)
    entry = session.info.pop(JOURNAL, None)
    if entry is not None:
        entry.finish(done=True)


def _apply(fresh: Session, pending: dict[str, set[int]], root) -> None:
    services = set(pending.get("services", ()))
    if pending.get("subneeds"):
        services.update(fresh.scalars(
            select(service_subneed.c.service_id).where(
                service_subneed.c.subneed_id.in_(pending["subneeds"]))
        ))
    idx.apply_changes(fresh, service_ids=services, partner_ids=pending.get("partners", ()), root=root)


def _after_commit(session: Session) -> None:
    pending = session.info.pop(PENDING, None)
    entry = session.info.pop(JOURNAL, None)
    done = False
    try:
        if not pending or not _enabled():
            done = True
            return
        root = index_root()
        if current_dir(root) is None:  # no index yet: `search reindex` will build it
            done = True
            return
        with Session(db.engine) as fresh:
            _apply(fresh, pending, root)
        done = True
    except Exception:  # the commit itself succeeded; the journal keeps the changes for later
        log.exception("search index update failed")
    finally:
        if entry is not None:
            entry.finish(done=done)


def catch_up(root) -> int:
    """Replay the changes that a failed or interrupted index update left behind (any process)."""
    replayed = 0
    for entry in journal.orphans(root):
        done = False
        try:
            pending = entry.read()
            log.warning("search index: catching up changes an interrupted update left (%s)",
                        entry.path.name)
            if current_dir(root) is not None:
                with Session(db.engine) as fresh:
                    _apply(fresh, pending, root)
            done = True
            replayed += 1
        except Exception:
            log.exception("search index: catching up failed")
        finally:
            entry.finish(done=done)
    return replayed
