"""The anonymous counts for the CCAS, read from OrientationEvent: by month, need and quartier.

Every figure counts distinct actions (OrientationEvent.action): a slip of three places
touching two needs is one slip in all, one for each of the two needs, and one in each quartier
it touches. So a column of the "by need" table may add up to more than the total: one action
can concern several needs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select, func, select

from portal.directory.models import Need, Quartier
from portal.extensions import db
from portal.orientation.constants import EVENT_KINDS
from portal.orientation.models import OrientationEvent

_ACTIONS = func.count(OrientationEvent.action.distinct())


def month_key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def shift(month: str, by: int) -> str:
    """The month `by` months after (or before) "YYYY-MM"."""
    year, number = int(month[:4]), int(month[5:7])
    index = year * 12 + number - 1 + by
    return month_key(index // 12, index % 12 + 1)


def months_between(start: str, end: str) -> list[str]:
    """Every month from `start` to `end`, both included, in order."""
    months, current = [], start
    while current <= end:
        months.append(current)
        current = shift(current, 1)
    return months


def default_range(today: date) -> tuple[str, str]:
    """The last 12 months, the current one included."""
    end = month_key(today.year, today.month)
    return shift(end, -11), end


def _in_range(statement: Select, start: str, end: str) -> Select:
    return statement.where(OrientationEvent.month >= start, OrientationEvent.month <= end)


def totals_by_kind(start: str, end: str) -> Select[tuple[str, int]]:
    return _in_range(select(OrientationEvent.kind, _ACTIONS), start, end).group_by(OrientationEvent.kind)


def by_month_and_kind(start: str, end: str) -> Select[tuple[str, str, int]]:
    return _in_range(select(OrientationEvent.month, OrientationEvent.kind, _ACTIONS), start, end) \
        .group_by(OrientationEvent.month, OrientationEvent.kind)


def by_need_and_kind(start: str, end: str) -> Select[tuple[str, str, int]]:
    return _in_range(select(OrientationEvent.need_slug, OrientationEvent.kind, _ACTIONS), start, end) \
        .group_by(OrientationEvent.need_slug, OrientationEvent.kind)


def by_quartier_and_kind(start: str, end: str) -> Select[tuple[str, str, int]]:
    return _in_range(select(OrientationEvent.quartier_slug, OrientationEvent.kind, _ACTIONS), start, end) \
        .group_by(OrientationEvent.quartier_slug, OrientationEvent.kind)


def detailed(start: str, end: str) -> Select[tuple[str, str, str, str, int]]:
    """One row per (month, kind, need, quartier) with its count, for the CSV file."""
    columns = (OrientationEvent.month, OrientationEvent.kind, OrientationEvent.need_slug,
               OrientationEvent.quartier_slug)
    return _in_range(select(*columns, _ACTIONS), start, end).group_by(*columns).order_by(*columns)


def need_labels() -> dict[str, str]:
    """The needs' labels (French, as stored) by slug, in the needs' order."""
    return dict(db.session.execute(select(Need.slug, Need.label).order_by(Need.position, Need.label)).all())


def quartier_names() -> dict[str, str]:
    """The quartiers' names by slug, alphabetically."""
    return dict(db.session.execute(select(Quartier.slug, Quartier.name).order_by(Quartier.name)).all())


# The page's tables ---------------------------------------------------------------------------


@dataclass
class Row:
    """One line of a table: its heading (a month, a need, a quartier) and a count per kind."""

    key: str
    label: str
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str) -> int:
        return self.counts.get(kind, 0)


@dataclass
class Report:
    """The counts of a month range, as the admin page shows them."""

    start: str
    end: str
    kinds: list[str]
    totals: Row
    months: list[Row]
    needs: list[Row]
    quartiers: list[Row]

    @property
    def is_empty(self) -> bool:
        return not any(self.totals.counts.values())


def _rows(results, labels: dict[str, str], unknown_label: str, keep_all: bool) -> list[Row]:
    """Rows in the order of `labels`; a slug not in `labels` (a need or quartier since removed)
    keeps its slug; "" (not known) comes last, under `unknown_label`."""
    counts: dict[str, dict[str, int]] = {}
    for key, kind, number in results:
        counts.setdefault(key or "", {})[kind] = number
    rows = [Row(slug, label, counts.get(slug, {})) for slug, label in labels.items()
            if keep_all or slug in counts]
    rows += [Row(slug, slug, values) for slug, values in sorted(counts.items())
             if slug and slug not in labels]
    if "" in counts:
        rows.append(Row("", unknown_label, counts[""]))
    return rows


def report(start: str, end: str, *, need_label, month_label, unknown_label: str) -> Report:
    """The counts from month `start` to month `end` (both "YYYY-MM", included).

    `need_label` turns a stored need label into the shown one (its translation), `month_label`
    a "YYYY-MM" into words; `unknown_label` names the actions whose need or quartier is not
    known."""
    session = db.session
    totals = Row("", "", dict(session.execute(totals_by_kind(start, end)).all()))
    by_month: dict[str, dict[str, int]] = {}
    for month, kind, number in session.execute(by_month_and_kind(start, end)):
        by_month.setdefault(month, {})[kind] = number
    months = [Row(month, month_label(month), by_month.get(month, {})) for month in months_between(start, end)]
    needs = {slug: need_label(text) for slug, text in need_labels().items()}
    return Report(
        start=start, end=end, kinds=list(EVENT_KINDS), totals=totals, months=months,
        needs=_rows(session.execute(by_need_and_kind(start, end)), needs, unknown_label, keep_all=True),
        quartiers=_rows(session.execute(by_quartier_and_kind(start, end)), quartier_names(),
                        unknown_label, keep_all=True),
    )


def csv_lines(start: str, end: str, *, need_label, kind_label, unknown_label: str) -> Iterator[list]:
    """The CSV file's rows after its header: month, kind code and label, need slug and label,
    quartier slug and name, count."""
    needs, quartiers = need_labels(), quartier_names()
    for month, kind, need, quartier, number in db.session.execute(detailed(start, end)):
        yield [month, kind, kind_label(kind), need,
               need_label(needs[need]) if need in needs else (need or unknown_label),
               quartier, quartiers.get(quartier, quartier or unknown_label), number]
