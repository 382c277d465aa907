"""Writes of the search domain: the anonymous search log."""

from __future__ import annotations

from portal.extensions import db
from portal.search.models import SearchLog


def log_search(text: str, filters: dict, results: int, duration_ms: float) -> None:
    """Record what was searched and how it went; never who searched (no IP, no cookie)."""
    db.session.add(SearchLog(query=text[:200], filters=filters, results=results,
                             duration_ms=round(duration_ms, 2)))
    db.session.flush()
