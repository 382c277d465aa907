"""A per-worker cache of rendered search results for anonymous visitors.

Popular searches ("colis", "caf", "douche") are asked again and again. Only the form and its
results are kept, never the page around them: that holds what differs between visitors (the
host asked for, flashed messages). A fragment is kept until the index changes (its stamp is
part of the key) and for one minute at most, because its "open now" badges follow the clock.
The search log is still written for every search.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

SIZE = 512
_pages: OrderedDict[tuple, tuple[str, int]] = OrderedDict()
_lock = threading.Lock()


def get(key: tuple) -> tuple[str, int] | None:
    """The cached (results html, number of results) for a key, or None."""
    with _lock:
        found = _pages.get(key)
        if found is not None:
            _pages.move_to_end(key)
        return found


def put(key: tuple, html: str, total: int) -> None:
    """Keep rendered results, forgetting the least recently used beyond SIZE."""
    with _lock:
        _pages[key] = (html, total)
        _pages.move_to_end(key)
        while len(_pages) > SIZE:
            _pages.popitem(last=False)


def clear() -> None:
    """Forget every entry (tests)."""
    with _lock:
        _pages.clear()
