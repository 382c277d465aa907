"""The back office's view of the search log: what was searched, and what found nothing."""

from __future__ import annotations

from flask import render_template

from portal.admin.blueprint import bp
from portal.pagination import paginate
from portal.search import queries

PER_PAGE = 50


@bp.get("/recherches")
def searches():
    """The search log, newest first: words, filters, number of results, duration."""
    return render_template("search/log.html", pager=paginate(queries.recent_searches(), PER_PAGE))


@bp.get("/recherches/sans-resultat")
def zero_result_searches():
    """Searches that found nothing, grouped by query with how often they were made."""
    pager = paginate(queries.zero_result_queries(), PER_PAGE, rows=True)
    return render_template("search/zero_results.html", pager=pager)
