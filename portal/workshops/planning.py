"""The monthly planning: a month's weeks (Monday to Sunday) and the sessions of each day.

The month maths is pure; `month_sessions` reads the sessions through
queries.sessions_between, the one definition of what residents see.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby

from portal.workshops import queries

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
# Beyond this many months from today a planning means nothing yet (or nothing any more).
MAX_MONTHS_AWAY = 24


@dataclass(frozen=True)
class Month:
    """A calendar month."""

    year: int
    month: int

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @classmethod
    def parse(cls, text: str) -> Month | None:
        """"2027-01" → Month(2027, 1); None for anything else."""
        match = MONTH.match((text or "").strip())
        if not match or not 1900 <= int(match.group(1)) <= 2200:
            return None
        return cls(int(match.group(1)), int(match.group(2)))

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def code(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def shift(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def distance(self, other: Month) -> int:
        """How many months apart (always positive)."""
        return abs((self.year * 12 + self.month) - (other.year * 12 + other.month))


def weeks(month: Month) -> list[tuple[date, date]]:
    """The weeks that touch the month, Monday to Sunday (the first and last ones overlap the
    months around it)."""
    monday = month.first - timedelta(days=month.first.weekday())
    found = []
    while monday <= month.last:
        found.append((monday, monday + timedelta(days=6)))
        monday += timedelta(days=7)
    return found


@dataclass(frozen=True)
class Week:
    """One week of the planning: its Monday and Sunday, and its days that hold sessions."""

    monday: date
    sunday: date
    days: list[tuple[date, list[queries.Session]]]

    @property
    def count(self) -> int:
        return sum(len(sessions) for _day, sessions in self.days)


def by_week(month: Month, sessions: list[queries.Session]) -> list[Week]:
    """The month's sessions (in time order) grouped by week then day; weeks without any
    session are kept, so that the paper shows the whole month."""
    inside = [s for s in sessions if month.first <= s.day <= month.last]
    found = []
    for monday, sunday in weeks(month):
        of_week = [s for s in inside if monday <= s.day <= sunday]
        days = [(day, list(group)) for day, group in groupby(of_week, key=lambda s: s.day)]
        found.append(Week(monday, sunday, days))
    return found


def month_sessions(month: Month, *, quartier=None, need=None, level: str | None = None,
                   partner_id: int | None = None) -> list[queries.Session]:
    """The visible sessions of the month (cancelled ones included, said so); with a quartier,
    the online ones too, as the list of workshops does: they are open from anywhere."""
    common = {"need": need, "level": level or None, "partner_id": partner_id}
    if quartier is None:
        return queries.sessions_between(month.first, month.last, **common)
    found = queries.sessions_between(month.first, month.last, quartier_id=quartier.id, **common)
    found += queries.sessions_between(month.first, month.last, online=True, **common)
    return sorted(found, key=lambda s: (s.starts_at, s.workshop.title.casefold(), s.workshop.id))


def organisers(sessions: list[queries.Session]) -> list:
    """The distinct workshops' organisers (partner or network-wide organiser), by name, for the
    printed page's contacts: (name, address line, phone, e-mail)."""
    seen = {}
    for session in sessions:
        workshop = session.workshop
        partner = workshop.partner
        if partner is not None:
            key = ("p", partner.id)
            town = f"{partner.postcode} {partner.city}".strip()
            address = ", ".join(p for p in (partner.address, town) if p)
            seen.setdefault(key, (partner.name, address, partner.phone, partner.email))
        elif workshop.organiser:
            seen.setdefault(("o", workshop.organiser), (workshop.organiser, "", "", ""))
    return sorted(seen.values(), key=lambda row: row[0].casefold())
