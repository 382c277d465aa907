"""What each process keeps between searches: the open searcher, its result cache, who is open."""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import datetime
from pathlib import Path

from portal.search.bits import Bits
from portal.search.generations import open_index, stamp_key

OPEN_TTL_SECONDS = 60


class State:
    """The open searcher of one index folder, what is derived from it, and the result cache."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.lock = threading.RLock()
        self.key: object = object()
        self.bits: Bits | None = None
        self.retired: list = []
        self.cache: OrderedDict = OrderedDict()

    def current(self) -> Bits | None:
        key = stamp_key(self.root)
        if key != self.key:
            self._reopen(key)
        return self.bits

    def _reopen(self, key) -> None:
        for old in self.retired:  # closed one refresh later, after in-flight searches
            old.close()
        self.retired = [self.bits] if self.bits else []
        self.bits, self.key = None, key
        self.cache.clear()
        ix = open_index(self.root)
        if ix is not None:
            self.bits = Bits(ix.searcher())
            ix.close()

    def close(self) -> None:
        for item in [*self.retired, self.bits]:
            if item is not None:
                item.close()
        self.retired, self.bits, self.key = [], None, object()
        self.cache.clear()


_states: dict[str, State] = {}
_states_lock = threading.Lock()
_open_cache: dict[tuple, frozenset[int]] = {}


def state_for(root: Path) -> State:
    """The one state of this index folder in this process."""
    with _states_lock:
        return _states.setdefault(str(root), State(root))


def close_all() -> None:
    """Close every open searcher (tests, shutdown)."""
    with _states_lock:
        for state in _states.values():
            with state.lock:
                state.close()
        _states.clear()


def invalidate_opening_hours() -> None:
    """Forget which partners are open (hours changed in this process)."""
    _open_cache.clear()


def open_partner_ids(at: datetime) -> frozenset[int]:
    """Published partners open at that instant, from the database (cached for a minute)."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from portal.directory.models import Partner
    from portal.directory.queries import is_published_partner
    from portal.extensions import db

    minute = int(at.timestamp() // OPEN_TTL_SECONDS)
    key = (str(db.engine.url), minute)
    found = _open_cache.get(key)
    if found is None:
        partners = db.session.scalars(
            select(Partner)
            .where(is_published_partner())
            .options(selectinload(Partner.slots), selectinload(Partner.exceptions),
                     selectinload(Partner.closures))
        ).all()
        found = frozenset(p.id for p in partners if p.schedule.is_open(at))
        _open_cache.clear()
        _open_cache[key] = found
    return found
