"""The RGAA audit table kept in the repository, checked and summed up into a compliance level.

`data/audit.csv` gives each of the 106 RGAA 4.1 criteria a status; `data/rgaa-4.1-criteres.json` is
the official list. The rules that turn the table into a level are in `data/README.md`: in short,
untested criteria count against the rate, and "totalement conforme" needs every applicable
criterion checked and met.
"""

from __future__ import annotations

import csv
import functools
import json
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
OFFICIAL_FILE = DATA / "rgaa-4.1-criteres.json"
TABLE_FILE = DATA / "audit.csv"
STATEMENT_FILE = DATA / "statement.toml"

AUTO, MANUAL, NA, FAILING, UNTESTED = "auto", "manual", "na", "failing", "untested"
STATUSES = (AUTO, MANUAL, NA, FAILING, UNTESTED)
CONFORMING = {AUTO, MANUAL}
COLUMNS = ["criterion", "status", "date", "checked_by", "evidence"]

# Compliance levels of the RGAA, as codes (labels in constants.py).
TOTAL, PARTIAL, NONE = "total", "partial", "none"

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")  # the official titles carry glossary links


class AuditError(ValueError):
    """The audit table does not match the official list or breaks a rule of data/README.md."""


@dataclass(frozen=True)
class Criterion:
    id: str  # "8.5"
    theme: int
    title: str  # the official French wording, glossary links removed
    status: str
    evidence: str = ""
    checked_on: date | None = None
    checked_by: str = ""

    @property
    def conforms(self) -> bool:
        return self.status in CONFORMING


@dataclass(frozen=True)
class Compliance:
    """The audit summed up, as the statement and the footer show it."""

    criteria: tuple[Criterion, ...]
    evaluated: date
    themes: dict[int, str] = field(default_factory=dict)  # number → official French name
    statement: dict = field(default_factory=dict)  # the rest of statement.toml (pages, tools)

    def count(self, *statuses: str) -> int:
        return sum(1 for c in self.criteria if c.status in statuses)

    @property
    def applicable(self) -> int:
        return len(self.criteria) - self.count(NA)

    @property
    def conforming(self) -> int:
        return self.count(AUTO, MANUAL)

    @property
    def failing(self) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.status == FAILING)

    @property
    def untested(self) -> int:
        return self.count(UNTESTED)

    @property
    def rate(self) -> float:
        """Share of the applicable criteria that conform, in percent (untested ones do not)."""
        return 100 * self.conforming / self.applicable if self.applicable else 0.0

    @property
    def level(self) -> str:
        if self.conforming == 0:
            return NONE  # no evaluation yet: RGAA says "non conforme"
        if self.conforming == self.applicable:
            return TOTAL
        # Compared in integers so that 49.9 % never rounds up into "partiellement".
        return PARTIAL if 2 * self.conforming >= self.applicable else NONE

    def by_theme(self) -> list[tuple[int, str, list[Criterion]]]:
        groups: dict[int, list[Criterion]] = {}
        for c in self.criteria:
            groups.setdefault(c.theme, []).append(c)
        return [(number, self.themes.get(number, ""), rows) for number, rows in groups.items()]


def load_official(path: Path = OFFICIAL_FILE) -> tuple[list[tuple[str, int, str]], dict[int, str]]:
    """The official criteria as (id, theme number, plain title), and the theme names."""
    data = json.loads(path.read_text(encoding="utf-8"))
    criteria, themes = [], {}
    for topic in data["topics"]:
        themes[topic["number"]] = topic["topic"]
        for item in topic["criteria"]:
            c = item["criterium"]
            title = _LINK.sub(r"\1", c["title"]).replace("`", "")
            criteria.append((f"{topic['number']}.{c['number']}", topic["number"], title))
    return criteria, themes


def _parse_date(raw: str, where: str, problems: list[str]) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        problems.append(f"{where}: date {raw!r} is not an ISO date (YYYY-MM-DD)")
        return None


def read_table(path: Path, official: list[tuple[str, int, str]]) -> list[Criterion]:
    """Read and check the audit table against the official list; every problem is reported at once."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != COLUMNS:
            raise AuditError(f"{path.name}: the columns must be {COLUMNS}, not {reader.fieldnames}")
        rows = list(reader)
    problems: list[str] = []
    by_id: dict[str, dict] = {}
    for number, row in enumerate(rows, start=2):
        cid = (row["criterion"] or "").strip()
        if cid in by_id:
            problems.append(f"line {number}: criterion {cid} appears twice")
        by_id[cid] = {**row, "line": number}
    known = {cid for cid, _theme, _title in official}
    problems += [f"line {row['line']}: {c!r} is not an RGAA 4.1 criterion"
                 for c, row in by_id.items() if c not in known]
    problems += [f"criterion {c} is missing" for c, _theme, _title in official if c not in by_id]

    criteria = []
    for cid, theme, title in official:
        row = by_id.get(cid)
        if row is None:
            continue
        where = f"line {row['line']} ({cid})"
        status = (row["status"] or "").strip()
        evidence = (row["evidence"] or "").strip()
        who = (row["checked_by"] or "").strip()
        checked_on = _parse_date((row["date"] or "").strip(), where, problems)
        if status not in STATUSES:
            problems.append(f"{where}: unknown status {status!r} (one of {', '.join(STATUSES)})")
        if status in (AUTO, NA, FAILING, MANUAL) and not evidence:
            what = {AUTO: "the test that checks it", NA: "why it does not apply",
                    FAILING: "what fails", MANUAL: "what was checked"}[status]
            problems.append(f"{where}: a {status!r} criterion needs evidence: {what}")
        if status == MANUAL and (checked_on is None or not who):
            problems.append(f"{where}: a 'manual' criterion needs the date and the role of who checked it")
        criteria.append(Criterion(cid, theme, title, status, evidence, checked_on, who))
    if problems:
        raise AuditError(f"{path.name}:\n  " + "\n  ".join(problems))
    return criteria


def load(table: Path = TABLE_FILE, statement: Path = STATEMENT_FILE,
         official: Path = OFFICIAL_FILE) -> Compliance:
    """Read, check and sum up an audit table (uncached: tests pass their own files)."""
    criteria, themes = load_official(official)
    rows = read_table(table, criteria)
    meta = tomllib.loads(statement.read_text(encoding="utf-8"))
    evaluated = meta.pop("evaluated", None)
    if not isinstance(evaluated, date):
        raise AuditError(f"{statement.name}: 'evaluated' must be a date (evaluated = YYYY-MM-DD)")
    return Compliance(tuple(rows), evaluated, themes, meta)


@functools.cache
def compliance() -> Compliance:
    """The site's own audit, read once per process."""
    return load()
