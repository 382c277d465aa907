"""Keep the index true to the database through SQLAlchemy session events.

``after_flush`` notes which services and partners a transaction touched; ``after_commit``
re-reads them from the database (in a fresh session) and rewrites their documents, removing
anything no longer published; a rollback forgets the notes. Re-reading instead of trusting the
flushed objects makes over-collection harmless: an unchanged service is rewritten identically.
A failure to write the index never fails the user's commit: it is logged, and
``flask --app portal search check`` reports the drift.

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
from portal.search.store import state
from portal.search.store.generations import current_dir, index_root

log = logging.getLogger(__name__)
PENDING = "search_pending"


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


def _after_rollback(session: Session) -> None:
    session.info.pop(PENDING, None)


def _after_commit(session: Session) -> None:
    pending = session.info.pop(PENDING, None)
    if not pending or not _enabled():
        return
    root = index_root()
    if current_dir(root) is None:  # no index yet: `search reindex` will build it
        return
    try:
        with Session(db.engine) as fresh:
            services = set(pending["services"])
            if pending["subneeds"]:
                services.update(fresh.scalars(
                    select(service_subneed.c.service_id).where(
                        service_subneed.c.subneed_id.in_(pending["subneeds"]))
                ))
            idx.apply_changes(fresh, service_ids=services, partner_ids=pending["partners"], root=root)
    except Exception:  # the commit itself succeeded; `search check` will show the drift
        log.exception("search index update failed")
