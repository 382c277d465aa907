"""Long lists, one page at a time: the page number of a request, and one page of a query.

Every paged list (a quartier's partners, the search results, the back-office lists) reads its
page number here and is shown with the `pagination` macro of templates/_macros/ui.html.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask import abort, request
from sqlalchemy import Select, func, select

from portal.extensions import db

# Beyond this a page number is a typo or a probe, not a real list.
MAX_PAGE = 100_000
_PAGE = re.compile(r"[0-9]{1,6}")


@dataclass
class Pager:
    """One page of a long list: its items, its number, how many pages and items in all."""

    page: int
    pages: int
    total: int
    items: list = field(default_factory=list)

    @classmethod
    def of(cls, page: int, total: int, per_page: int, items: list | None = None) -> Pager:
        return cls(page=page, pages=max(1, -(-total // per_page)), total=total, items=items or [])


def parse_page(raw: str) -> int | None:
    """A page number from its text, or None when it is not a plain number from 1."""
    # ASCII digits only: str.isdigit() also accepts "²" and other digits int() refuses.
    if not _PAGE.fullmatch(raw) or not 1 <= int(raw) <= MAX_PAGE:
        return None
    return int(raw)


def page_number() -> int:
    """The page asked for in the query string (1 when none); any other value is a 404."""
    page = parse_page(request.args.get("page", "1"))
    if page is None:
        abort(404)
    return page


def paginate(statement: Select, per_page: int, *, rows: bool = False) -> Pager:
    """The requested page of `statement` (model instances, or rows when `rows`); 404 past the end."""
    page = page_number()
    total = db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    pager = Pager.of(page, total, per_page)
    if page > pager.pages:
        abort(404)
    result = db.session.execute(statement.limit(per_page).offset((page - 1) * per_page))
    pager.items = result.all() if rows else result.scalars().all()
    return pager
