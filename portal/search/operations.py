"""Writes of the search domain: the anonymous search log, and its purge."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete

from portal.extensions import db
from portal.search.models import SearchLog


def log_search(text: str, filters: dict, results: int, duration_ms: float) -> None:
    """Record what was searched and how it went; never who searched (no IP, no cookie)."""
    db.session.add(SearchLog(query=text[:200], filters=filters, results=results,
                             duration_ms=round(duration_ms, 2)))
    db.session.flush()


def purge_search_log(before: datetime) -> int:
    """Delete the searches logged before `before`; returns how many were deleted."""
    result = db.session.execute(delete(SearchLog).where(SearchLog.created_at < before))
    db.session.flush()
    return result.rowcount
