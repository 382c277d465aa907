"""When a workshop takes place: its dates from a rule, and each session's start and end in
Europe/Paris time (a 14:00 session stays at 14:00 on the wall clock across the DST change).

Pure: plain values in, plain values out. The dates come from python-dateutil's rrule; a
recurrence skips French public holidays (the `holidays` package), its exception dates and, when
asked, the school holidays.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays as public_holidays
from dateutil import rrule

from portal.workshops.constants import FORTNIGHTLY, MONTHLY, ONCE, WEEKLY

PARIS = ZoneInfo("Europe/Paris")

# School holidays: inclusive periods of days without class (first day off, last day off).
Period = tuple[date, date]


@dataclass(frozen=True)
class Rule:
    """A workshop's dates: one date, or a recurrence from `first_day` to `until` (inclusive)."""

    first_day: date
    starts: time
    ends: time
    frequency: str = ONCE
    until: date | None = None
    skip_school_holidays: bool = False
    # Dates of the recurrence when it does not take place (planned in advance: a bank holiday,
    # the trainer's leave). A cancellation after publication is a session state, not this.
    exceptions: frozenset[date] = field(default_factory=frozenset)


def _planned(rule: Rule) -> Iterable[date]:
    if rule.frequency == ONCE or rule.until is None:
        return [rule.first_day]
    start = datetime.combine(rule.first_day, time())
    end = datetime.combine(rule.until, time())
    weekday = rrule.weekday(rule.first_day.weekday())
    if rule.frequency == WEEKLY:
        dates = rrule.rrule(rrule.WEEKLY, dtstart=start, until=end)
    elif rule.frequency == FORTNIGHTLY:
        dates = rrule.rrule(rrule.WEEKLY, interval=2, dtstart=start, until=end)
    elif rule.frequency == MONTHLY:
        # The 1st to 4th such weekday of the month, or the last one when the first date is a 5th.
        nth = (rule.first_day.day - 1) // 7 + 1
        dates = rrule.rrule(rrule.MONTHLY, byweekday=weekday(nth if nth < 5 else -1),
                            dtstart=start, until=end)
    else:
        raise ValueError(f"unknown frequency {rule.frequency!r}")
    return (moment.date() for moment in dates)


@lru_cache(maxsize=16)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(public_holidays.country_holidays("FR", years=year).keys())


def is_bank_holiday(day: date) -> bool:
    """A French public holiday (jour férié): a recurrence skips it, a single date does not."""
    return day in _bank_holidays(day.year)


def in_holidays(day: date, holidays: Iterable[Period]) -> bool:
    """True when `day` falls within one of the school-holiday periods."""
    return any(first <= day <= last for first, last in holidays)


def dates(rule: Rule, start: date, end: date, holidays: Iterable[Period] = ()) -> list[date]:
    """The dates the workshop takes place between `start` and `end` (inclusive)."""
    holidays = tuple(holidays)
    found = []
    for day in _planned(rule):
        if day > end:
            break
        if day < start or day in rule.exceptions:
            continue
        if rule.frequency != ONCE and is_bank_holiday(day):
            continue  # a weekly workshop on Christmas Day is not held; the partner need not say so
        if rule.skip_school_holidays and in_holidays(day, holidays):
            continue
        found.append(day)
    return found


def bounds(rule: Rule, day: date) -> tuple[datetime, datetime]:
    """The session's start and end on `day`, aware, in Europe/Paris time."""
    return (datetime.combine(day, rule.starts, tzinfo=PARIS),
            datetime.combine(day, rule.ends, tzinfo=PARIS))
