"""What each process keeps between searches: the open searcher, its result cache, who is open."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from portal.directory import queries
from portal.extensions import db
from portal.search.core import engine
from portal.search.core.analysis import Synonyms
from portal.search.core.bits import Bits
from portal.search.store.generations import is_outdated, open_index, stamp_key

log = logging.getLogger(__name__)

OPEN_TTL_SECONDS = 60
DEFAULT_CACHE_SIZE = 512

OpenPartners = Callable[[datetime], frozenset[int]]


class State:
    """The open searcher of one index folder, what is derived from it, and the result cache."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.lock = threading.RLock()
        self.key: object = object()
        self.bits: Bits | None = None
        self.retired: list = []
        self.cache: OrderedDict[tuple, engine.Outcome] = OrderedDict()
        # What is wrong with the files, if anything: "missing", "empty", "unreadable" or
        # "outdated" (documents of an older shape, see `schema.SCHEMA_VERSION`).
        self.problem: str | None = None

    def current(self) -> Bits | None:
        key = stamp_key(self.root)
        if key != self.key:
            self._reopen(key)
        return self.bits

    def _reopen(self, key) -> None:
        for old in self.retired:  # closed one refresh later, after in-flight searches
            old.close()
        self.retired = [self.bits] if self.bits else []
        self.bits, self.key, self.problem = None, key, None
        self.cache.clear()
        try:
            if is_outdated(self.root):
                self.problem = "outdated"
                return
            ix = open_index(self.root)
            if ix is None:
                self.problem = "missing"
                return
            try:
                self.bits = Bits(ix.searcher())
            finally:
                ix.close()
        except Exception as error:  # damaged files: the caller logs it and has the index rebuilt
            log.debug("search index unreadable: %r", error)
            self.problem = "unreadable"
            return
        if not self.bits.size:
            self.problem = "empty"

    def search(self, req: engine.SearchRequest, synonyms: Synonyms, at: datetime,
               open_partners: OpenPartners, cache_size: int = DEFAULT_CACHE_SIZE) -> engine.SearchResult:
        """Run a search on the live index; finished results are kept (LRU, `cache_size`) until
        the index or the synonyms change, and the "open now" part follows the clock."""
        req = req.normalised()
        minute = int(at.timestamp() // OPEN_TTL_SECONDS)
        with self.lock:
            bits = self.current()
            if bits is None:
                return engine.empty()
            open_bits = bits.open_docs(open_partners, at, minute)
            key = (req, synonyms.version, id(synonyms), minute if req.open_now else None)
            outcome = self.cache.get(key)
            if outcome is None:
                try:
                    outcome = engine.run(bits, req, synonyms, open_bits)
                except Exception:  # damage that only shows when read: reopen from the files next time
                    log.exception("search failed on the index in %s", self.root)
                    self.problem, self.key = "unreadable", object()
                    return engine.empty(unavailable=True)
                if cache_size:
                    self.cache[key] = outcome
                    while len(self.cache) > cache_size:
                        self.cache.popitem(last=False)
            else:
                self.cache.move_to_end(key)
        return engine.with_open_now(outcome, open_bits)

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
    """Close every open searcher (at shutdown, or to start again from the files)."""
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
    minute = int(at.timestamp() // OPEN_TTL_SECONDS)
    key = (str(db.engine.url), minute)
    found = _open_cache.get(key)
    if found is None:
        partners = db.session.scalars(queries.open_partner_candidates()).all()
        found = frozenset(p.id for p in partners if p.schedule.is_open(at))
        _open_cache.clear()
        _open_cache[key] = found
    return found
