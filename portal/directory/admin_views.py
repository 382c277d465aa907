"""The back office's view of the directory: the listings to complete, least complete first."""

from __future__ import annotations

from flask import abort, render_template

from portal.admin.blueprint import bp
from portal.directory.completeness import completeness, published_listings
from portal.extensions import db
from portal.pagination import Pager, page_number

PER_PAGE = 50


@bp.get("/fiches-a-completer")
def incomplete_listings():
    """Published listings by completeness, least complete first, with what each one lacks."""
    # Scored for every listing at each request (about 0.6 s for the 530 of the demo): the score
    # is sorted on, so it cannot be computed for one page only, and a stored copy would go stale.
    scored = [(completeness(p), p) for p in db.session.scalars(published_listings()).unique()]
    scored.sort(key=lambda pair: (pair[0].percent, pair[1].name.casefold()))
    page = page_number()
    pager = Pager.of(page, len(scored), PER_PAGE)
    if page > pager.pages:
        abort(404)
    pager.items = scored[(page - 1) * PER_PAGE: page * PER_PAGE]
    return render_template("directory/incomplete_listings.html", pager=pager)
