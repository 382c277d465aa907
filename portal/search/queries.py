"""Read queries of the search domain: the search log, for the back office."""

from __future__ import annotations

from sqlalchemy import Select, func, select

from portal.search.models import SearchLog


def recent_searches() -> Select:
    """Every logged search, newest first."""
    return select(SearchLog).order_by(SearchLog.created_at.desc(), SearchLog.id.desc())


def _same_query():
    # "Bouffe " and "bouffe" are the same question asked twice.
    return func.lower(func.trim(SearchLog.query))


def zero_result_queries() -> Select:
    """Searches that found nothing, grouped by query: (query, times, last searched), most asked first."""
    query = _same_query().label("query")
    times = func.count(SearchLog.id).label("times")
    last = func.max(SearchLog.created_at).label("last_at")
    return (
        select(query, times, last)
        .where(SearchLog.results == 0)
        .group_by(query)
        .order_by(times.desc(), last.desc(), query)
    )


def zero_result_count() -> Select:
    """How many different queries found nothing."""
    return select(func.count(func.distinct(_same_query()))).where(SearchLog.results == 0)
