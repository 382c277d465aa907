"""The CCAS's figures on the digital-inclusion network: workshop sessions by need, quartier and
month (how many cancelled, how many full), and the diagnostic's anonymous counts.

The sessions come from queries.sessions_between (what residents see); the counting itself takes
plain sessions and returns plain rows. A session of a workshop for two needs counts once for
each need, and once in the totals.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select

from portal.diagnostic.models import DiagnosticCount
from portal.diagnostic.questions import LEVELS
from portal.directory.models import Quartier
from portal.extensions import db
from portal.workshops import queries
from portal.workshops.planning import Month

ONLINE_KEY = "en-ligne"
NONE_KEY = ""


@dataclass(frozen=True)
class Figures:
    """Sessions, cancelled sessions and full sessions."""

    sessions: int = 0
    cancelled: int = 0
    full: int = 0

    def __add__(self, other: Figures) -> Figures:
        return Figures(self.sessions + other.sessions, self.cancelled + other.cancelled,
                       self.full + other.full)


def _figures(session: queries.Session) -> Figures:
    return Figures(1, int(session.cancelled), int(session.full and not session.cancelled))


@dataclass
class Row:
    """One line of a table: a label (need, quartier or month) and its figures by month."""

    key: str
    label: str
    by_month: dict[str, Figures] = field(default_factory=dict)

    def of(self, month: str) -> Figures:
        return self.by_month.get(month, Figures())

    def add(self, month: str, figures: Figures) -> None:
        self.by_month[month] = self.of(month) + figures

    @property
    def total(self) -> Figures:
        return sum(self.by_month.values(), Figures())


@dataclass
class Report:
    """The network's figures over a range of months."""

    months: list[Month]
    needs: list[Row]
    quartiers: list[Row]
    totals: Row
    lines: list[tuple]  # (month, need key, need label, quartier key, quartier label, Figures)

    @property
    def is_empty(self) -> bool:
        return self.totals.total.sessions == 0


def months_between(first: Month, last: Month) -> list[Month]:
    """Every month from `first` to `last`, both included."""
    return [first.shift(n) for n in range(first.distance(last) + 1)] if last.code >= first.code else []


def _needs_of(workshop) -> list[tuple[str, str]]:
    needs = {s.need.slug: s.need for s in workshop.subneeds if s.need is not None}
    return [(slug, needs[slug].label) for slug in sorted(needs, key=lambda k: needs[k].position)]


def _quartier_of(workshop, online_label: str, none_label: str) -> tuple[str, str]:
    if workshop.is_online:
        return ONLINE_KEY, online_label
    quartier = workshop.where["quartier"]
    return (quartier.slug, quartier.name) if quartier is not None else (NONE_KEY, none_label)


def count(sessions: list[queries.Session], months: list[Month], *, need_label=str,
          online_label: str = "En ligne", none_label: str = "Non précisé") -> Report:
    """Count sessions by need × quartier × month (pure: the sessions are given)."""
    codes = {m.code for m in months}
    needs: dict[str, Row] = {}
    quartiers: dict[str, Row] = {}
    totals = Row("*", "")
    cells: dict[tuple, Figures] = {}
    for session in sessions:
        month = session.day.strftime("%Y-%m")
        if month not in codes:
            continue
        figures = _figures(session)
        q_key, q_label = _quartier_of(session.workshop, online_label, none_label)
        totals.add(month, figures)
        quartiers.setdefault(q_key, Row(q_key, q_label)).add(month, figures)
        for n_key, n_text in _needs_of(session.workshop) or [(NONE_KEY, none_label)]:
            n_label = str(need_label(n_text)) if n_key else n_text
            needs.setdefault(n_key, Row(n_key, n_label)).add(month, figures)
            cell = (month, n_key, n_label, q_key, q_label)
            cells[cell] = cells.get(cell, Figures()) + figures
    lines = sorted(((*cell, figures) for cell, figures in cells.items()),
                   key=lambda line: (line[0], line[2].casefold(), line[4].casefold()))
    return Report(
        months=months,
        needs=sorted(needs.values(),
                     key=lambda r: (r.key == NONE_KEY, -r.total.sessions, r.label.casefold())),
        quartiers=sorted(quartiers.values(),
                         key=lambda r: (r.key in (ONLINE_KEY, NONE_KEY), r.label.casefold())),
        totals=totals, lines=lines)


def network_report(first: Month, last: Month, **labels) -> Report:
    """The figures of the visible workshops' sessions from `first` to `last` (months)."""
    months = months_between(first, last)
    sessions = queries.sessions_between(first.first, last.last)
    return count(sessions, months, **labels)


# --- The diagnostic's anonymous counts ----------------------------------------------------------

@dataclass
class DiagnosticReport:
    """Counts of diagnostics by level: by month, and by quartier, over the range."""

    levels: list[str]
    by_month: list[tuple[str, dict[str, int]]]
    by_quartier: list[tuple[str, dict[str, int]]]
    lines: list[tuple[str, str, str, str, int]]  # (month, level, quartier slug, quartier name, n)

    @property
    def total(self) -> int:
        return sum(line[4] for line in self.lines)


def diagnostic_report(first: Month, last: Month, none_label: str = "Non précisé") -> DiagnosticReport:
    """The diagnostic's counts by level, month and quartier."""
    rows = db.session.execute(
        select(DiagnosticCount.month, DiagnosticCount.level, Quartier.slug, Quartier.name,
               DiagnosticCount.count)
        .outerjoin(Quartier, DiagnosticCount.quartier_id == Quartier.id)
        .where(DiagnosticCount.month >= first.first, DiagnosticCount.month <= last.last)
    ).all()
    levels = list(LEVELS) + sorted({r.level for r in rows} - set(LEVELS))
    months: dict[str, Counter] = {m.code: Counter() for m in months_between(first, last)}
    quartiers: dict[str, Counter] = {}
    lines = []
    for month, level, slug, name, number in rows:
        code = month.strftime("%Y-%m")
        months.setdefault(code, Counter())[level] += number
        quartiers.setdefault(name or none_label, Counter())[level] += number
        lines.append((code, level, slug or "", name or none_label, number))
    lines.sort(key=lambda line: (line[0], levels.index(line[1]), line[3].casefold()))
    return DiagnosticReport(
        levels=levels, by_month=[(code, dict(c)) for code, c in months.items()],
        by_quartier=sorted(((name, dict(c)) for name, c in quartiers.items()),
                           key=lambda item: (item[0] == none_label, item[0].casefold())),
        lines=lines)
