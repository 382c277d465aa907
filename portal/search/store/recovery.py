"""An index found missing, empty, unreadable or outdated is logged at error level and rebuilt.

The database is the truth and the index a cache of it, so the cure is always a rebuild. The
first request to notice does it, under a lock that others do not wait for: they answer at once
that the search is being repaired. A rebuild that did not cure the problem is not tried again
for a minute, so that a damaged disk does not turn every search into a rebuild.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.directory.models import Service
from portal.extensions import db
from portal.search.store import index as idx
from portal.search.store.generations import is_outdated, open_index, try_lock

log = logging.getLogger(__name__)

LOCK = "repair.lock"
RETRY_AFTER_SECONDS = 60.0
_last_rebuilds: dict[str, float] = {}
_guard = threading.Lock()


def database_has_live_services() -> bool:
    """Whether the database holds anything the index should find (read in a session of its own)."""
    with Session(db.engine) as fresh:
        return fresh.scalar(select(Service.id).where(Service.is_live).limit(1)) is not None


def is_a_problem(problem: str | None) -> bool:
    """An unreadable or outdated index always is; a missing or empty one only if there is
    something to find."""
    if problem is None:
        return False
    return problem in ("unreadable", "outdated") or database_has_live_services()


def _healthy(root: Path) -> bool:
    """Whether the live index opens, has the current shape and holds documents (someone else
    may have just rebuilt it)."""
    try:
        if is_outdated(root):
            return False
        ix = open_index(root)
        if ix is None:
            return False
        try:
            return ix.doc_count() > 0
        finally:
            ix.close()
    except Exception:
        return False


def rebuild_now(root: Path, problem: str) -> bool:
    """Log the problem and rebuild the index unless another worker is on it or it was just tried.
    Returns True when the index was rebuilt (by us or meanwhile by someone else)."""
    key = str(root)
    with _guard:
        last = _last_rebuilds.get(key)
    if last is not None and time.monotonic() - last < RETRY_AFTER_SECONDS:
        log.error("search index %s in %s: the last rebuild did not cure it", problem, root)
        return False
    with try_lock(root, LOCK) as got:
        if not got:
            log.warning("search index %s in %s: a rebuild is under way", problem, root)
            return False
        if problem != "unreadable" and _healthy(root):
            return True
        log.error("search index %s in %s: rebuilding it from the database", problem, root)
        with _guard:
            _last_rebuilds[key] = time.monotonic()
        try:
            with Session(db.engine) as fresh:
                report = idx.rebuild(fresh, root)
        except Exception:
            log.exception("search index rebuild failed in %s", root)
            return False
    log.warning("search index rebuilt: %s", report)
    return True
