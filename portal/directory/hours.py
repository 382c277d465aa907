"""Opening hours: weekly slots, dated exceptions and closures, evaluated in Europe/Paris time."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

PARIS = ZoneInfo("Europe/Paris")
HORIZON_DAYS = 366

_DAY_CODES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

Interval = tuple[datetime, datetime]


@dataclass(frozen=True)
class Slot:
    """A weekly opening slot; closes <= opens means it runs past midnight into the next day."""

    weekday: int
    opens: time
    closes: time

    def __post_init__(self) -> None:
        """Reject weekdays outside 0..6."""
        if not 0 <= self.weekday <= 6:
            raise ValueError(f"weekday must be 0 (Monday) to 6 (Sunday), got {self.weekday}")


@dataclass(frozen=True)
class DayException:
    """A dated exception replacing the weekly slots of that date; no intervals means closed."""

    day: date
    intervals: tuple[tuple[time, time], ...] = ()
    label: str = ""


@dataclass(frozen=True)
class Closure:
    """A temporary closure over inclusive dates, with a message for the public."""

    start: date
    end: date
    message: str = ""


@dataclass(frozen=True)
class OpenStatus:
    """Whether a place is open at a given instant, and what happens next."""

    is_open: bool
    closes_at: datetime | None
    next_opening: datetime | None
    closure: Closure | None


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[date]:
    """Return the French (metropolitan) public holidays of a year."""
    return frozenset(holidays.country_holidays("FR", years=year).keys())


def _to_utc(at: datetime) -> datetime:
    """Convert an aware datetime to UTC; reject naive datetimes."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("datetime must be timezone-aware")
    return at.astimezone(UTC)


def _wall_utc(day: date, t: time) -> datetime:
    """Return the UTC instant of a Paris wall-clock time (nonexistent times are shifted forward)."""
    return datetime.combine(day, t, tzinfo=PARIS).astimezone(UTC)


@dataclass(frozen=True)
class Schedule:
    """Weekly opening hours with dated exceptions, temporary closures and public holidays."""

    slots: tuple[Slot, ...] = ()
    exceptions: tuple[DayException, ...] = ()
    closures: tuple[Closure, ...] = ()
    closed_on_public_holidays: bool = True

    @property
    def is_empty(self) -> bool:
        """Return True if there are no weekly slots at all."""
        return not self.slots

    def closure_on(self, day: date) -> Closure | None:
        """Return the temporary closure in force on that date, if any."""
        return next((c for c in self.closures if c.start <= day <= c.end), None)

    def exception_on(self, day: date) -> DayException | None:
        """Return the dated exception for that date (the last one wins), if any."""
        return next((e for e in reversed(self.exceptions) if e.day == day), None)

    def _utc_intervals_on(self, day: date) -> list[Interval]:
        """Return sorted UTC intervals of openings starting on that date."""
        if self.closure_on(day) is not None:
            return []
        exception = self.exception_on(day)
        if exception is not None:
            pairs = set(exception.intervals)
        elif self.closed_on_public_holidays and day in _public_holidays(day.year):
            return []
        else:
            pairs = {(s.opens, s.closes) for s in self.slots if s.weekday == day.weekday()}
        next_day = day + timedelta(days=1)
        spans = ((_wall_utc(day, o), _wall_utc(next_day if c <= o else day, c)) for o, c in pairs)
        return sorted(span for span in spans if span[1] > span[0])

    def intervals_on(self, day: date) -> list[Interval]:
        """Return Paris-aware intervals of openings starting on that date."""
        return [(s.astimezone(PARIS), e.astimezone(PARIS)) for s, e in self._utc_intervals_on(day)]

    def _blocks(self, first_day: date, days: int) -> Iterator[Interval]:
        """Yield UTC opening blocks (overlapping or touching intervals merged) in order."""
        current: Interval | None = None
        for offset in range(days):
            for start, end in self._utc_intervals_on(first_day + timedelta(days=offset)):
                if current is not None and start <= current[1]:
                    current = (current[0], max(current[1], end))
                    continue
                if current is not None:
                    yield current
                current = (start, end)
        if current is not None:
            yield current

    def is_open(self, at: datetime) -> bool:
        """Return True if the place is open at that instant."""
        instant = _to_utc(at)
        day = instant.astimezone(PARIS).date()
        for previous in (day - timedelta(days=1), day):
            if any(s <= instant < e for s, e in self._utc_intervals_on(previous)):
                return True
        return False

    def status(self, at: datetime) -> OpenStatus:
        """Return the open/closed status at that instant, with closing time or next opening."""
        instant = _to_utc(at)
        day = instant.astimezone(PARIS).date()
        closure = self.closure_on(day)
        horizon_end = _wall_utc(day + timedelta(days=HORIZON_DAYS + 1), time(0))
        for start, end in self._blocks(day - timedelta(days=1), HORIZON_DAYS + 2):
            if start <= instant < end:
                closes_at = None if end >= horizon_end else end.astimezone(PARIS)
                return OpenStatus(True, closes_at, None, closure)
            if start > instant:
                return OpenStatus(False, None, self._within_horizon(start, instant), closure)
        return OpenStatus(False, None, None, closure)

    def next_opening(self, after: datetime) -> datetime | None:
        """Return the start of the first opening strictly after that instant, within 366 days."""
        instant = _to_utc(after)
        first_day = instant.astimezone(PARIS).date() - timedelta(days=1)
        starts = (s for s, _ in self._blocks(first_day, HORIZON_DAYS + 2) if s > instant)
        start = next(starts, None)
        return None if start is None else self._within_horizon(start, instant)

    @staticmethod
    def _within_horizon(start: datetime, instant: datetime) -> datetime | None:
        """Return `start` in Paris time if it is at most 366 days after `instant`."""
        return start.astimezone(PARIS) if start - instant <= timedelta(days=HORIZON_DAYS) else None


class OsmSyntaxError(ValueError):
    """Raised when an OSM opening_hours value cannot be parsed."""


_TIME_RANGE_RE = re.compile(r"(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})")
_DATE_RE = re.compile(r"(\d{4})\s+([A-Za-z]{3})\s+(\d{1,2})")
_DAY_ITEM_RE = re.compile(r"([A-Za-z]{2})(?:\s*-\s*([A-Za-z]{2}))?")
_RULE_RE = re.compile(r"(?P<sel>.*?)\s*\b(?P<spec>off|closed|\d{1,2}:\d{2}.*)", re.IGNORECASE)
_COMMENT_RE = re.compile(r'\s*"([^"]*)"$')


def _day_index(code: str, rule: str) -> int:
    """Return the weekday index of a two-letter OSM day code."""
    try:
        return _DAY_CODES.index(code.capitalize())
    except ValueError:
        raise OsmSyntaxError(f"unknown day {code!r} in {rule!r} (use Mo..Su)") from None


def _parse_days(selector: str, rule: str) -> list[int]:
    """Parse a weekday selector such as 'Mo-We,Fr' (wrapping ranges like 'Sa-Mo' allowed)."""
    days: list[int] = []
    for item in selector.split(","):
        match = _DAY_ITEM_RE.fullmatch(item.strip())
        if match is None:
            raise OsmSyntaxError(f"cannot read days {selector!r} in {rule!r}")
        first = _day_index(match.group(1), rule)
        last = _day_index(match.group(2), rule) if match.group(2) else first
        days.extend((first + i) % 7 for i in range((last - first) % 7 + 1))
    return days


def _parse_times(spec: str, rule: str) -> list[tuple[time, time]]:
    """Parse 'off' or a comma-separated list of 'HH:MM-HH:MM' ranges (end up to 48:00)."""
    if spec.lower() in ("off", "closed"):
        return []
    ranges: list[tuple[time, time]] = []
    for item in spec.split(","):
        item = item.strip()
        match = _TIME_RANGE_RE.fullmatch(item)
        if match is None:
            raise OsmSyntaxError(f"cannot read time range {item!r} in {rule!r} (use HH:MM-HH:MM)")
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        too_long = h2 >= 24 and (h2, m2) > (h1 + 24, m1)
        if h1 > 23 or max(m1, m2) > 59 or (h1, m1) == (h2, m2) or too_long:
            raise OsmSyntaxError(f"invalid time range {item!r} in {rule!r}")
        if (time(h1, m1), time(h2 % 24, m2)) not in ranges:
            ranges.append((time(h1, m1), time(h2 % 24, m2)))
    return ranges


def _parse_date(match: re.Match[str], rule: str) -> date:
    """Build a date from a '2026 Dec 25' match."""
    month = match.group(2).capitalize()
    if month not in _MONTHS:
        raise OsmSyntaxError(f"unknown month {match.group(2)!r} in {rule!r} (use Jan..Dec)")
    try:
        return date(int(match.group(1)), _MONTHS.index(month) + 1, int(match.group(3)))
    except ValueError as exc:
        raise OsmSyntaxError(f"invalid date in {rule!r}: {exc}") from None


def parse_osm(text: str) -> Schedule:
    """Parse a subset of the OSM opening_hours syntax into a Schedule."""
    if not text.strip():
        return Schedule()
    weekly: dict[int, list[tuple[time, time]]] = {}
    dated: dict[date, DayException] = {}
    closed_on_ph = False
    for raw in text.split(";"):
        rule = raw.strip()
        if not rule:
            continue
        comment = _COMMENT_RE.search(rule)
        body = rule[: comment.start()].strip() if comment else rule
        if body == "24/7":
            weekly.update({d: [(time(0), time(0))] for d in range(7)})
            continue
        match = _RULE_RE.fullmatch(body)
        if match is None:
            raise OsmSyntaxError(f"cannot read rule {rule!r} (e.g. 'Mo-Fr 09:00-12:00')")
        selector = match.group("sel").strip()
        ranges = _parse_times(match.group("spec").strip(), rule)
        if selector.upper() == "PH":
            if ranges:
                raise OsmSyntaxError(f"only 'PH off' is supported for public holidays: {rule!r}")
            closed_on_ph = True
        elif (date_match := _DATE_RE.fullmatch(selector)) is not None:
            day = _parse_date(date_match, rule)
            label = comment.group(1) if comment else ""
            dated[day] = DayException(day, tuple(sorted(ranges)), label)
        else:
            for weekday in _parse_days(selector, rule) if selector else range(7):
                weekly[weekday] = ranges
    slots = tuple(Slot(d, o, c) for d in sorted(weekly) for o, c in sorted(weekly[d]))
    exceptions = tuple(dated[d] for d in sorted(dated))
    return Schedule(slots=slots, exceptions=exceptions, closed_on_public_holidays=closed_on_ph)


def _format_ranges(ranges: tuple[tuple[time, time], ...]) -> str:
    """Format intervals as 'HH:MM-HH:MM,...' (midnight closing as 24:00), or 'off' if empty."""
    if not ranges:
        return "off"
    return ",".join(f"{o:%H:%M}-{'24:00' if c == time(0) else f'{c:%H:%M}'}" for o, c in ranges)


def _format_days(days: list[int]) -> str:
    """Format sorted weekday indexes as a selector such as 'Mo-We,Fr'."""
    runs: list[list[int]] = []
    for d in days:
        if runs and runs[-1][-1] == d - 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    names = [[_DAY_CODES[r[0]], _DAY_CODES[r[-1]]][: min(len(r), 2)] for r in runs]
    return ",".join(("," if len(r) == 2 else "-").join(n) for r, n in zip(runs, names, strict=True))


def format_osm(schedule: Schedule) -> str:
    """Format a Schedule as OSM opening_hours (closures are not represented)."""
    pairs = {(s.weekday, s.opens, s.closes) for s in schedule.slots}
    per_day = {d: tuple(sorted((o, c) for w, o, c in pairs if w == d)) for d in range(7)}
    rules: list[str] = []
    if all(per_day[d] == ((time(0), time(0)),) for d in range(7)):
        rules.append("24/7")
    else:
        groups: dict[tuple[tuple[time, time], ...], list[int]] = {}
        for d in range(7):
            if per_day[d]:
                groups.setdefault(per_day[d], []).append(d)
        rules.extend(
            f"{_format_days(days)} {_format_ranges(ranges)}" for ranges, days in groups.items()
        )
    if rules and schedule.closed_on_public_holidays:
        rules.append("PH off")
    for exc in sorted(schedule.exceptions, key=lambda e: e.day):
        label = f' "{exc.label}"' if exc.label and '"' not in exc.label else ""
        rules.append(
            f"{exc.day.year} {_MONTHS[exc.day.month - 1]} {exc.day.day:02d} "
            f"{_format_ranges(tuple(sorted(exc.intervals)))}{label}"
        )
    return "; ".join(rules)


_FR_TIME = r"(\d{1,2})\s*(?:[h:]\s*(\d{2})?)?"
_FR_RANGE_RE = re.compile(_FR_TIME + r"\s*(?:-|–|—|à|a)\s*" + _FR_TIME)


def _fr_time(hours: str, minutes: str | None, text: str) -> time:
    """Build a time from French free-text hour and minute parts (24h means midnight)."""
    h, m = int(hours), int(minutes or 0)
    if h == 24 and m == 0:
        return time(0)
    if h > 23 or m > 59:
        raise ValueError(f"invalid time in {text!r}")
    return time(h, m)


def parse_day_ranges(text: str) -> list[tuple[time, time]]:
    """Parse French per-day free text such as '09:00 - 12:00 / 14:00 - 17:00' into time ranges."""
    cleaned = text.strip().lower()
    if not cleaned or cleaned.startswith("ferm") or cleaned in ("-", "closed"):
        return []
    ranges: list[tuple[time, time]] = []
    for part in re.split(r"\s*(?:/|;|,|\bet\b)\s*", cleaned):
        if not part:
            continue
        match = _FR_RANGE_RE.fullmatch(part)
        if match is None:
            raise ValueError(f"cannot read opening hours {part!r} in {text!r}")
        h1, m1, h2, m2 = match.groups()
        pair = (_fr_time(h1, m1, text), _fr_time(h2, m2, text))
        if pair[0] == pair[1]:
            raise ValueError(f"empty time range {part!r} in {text!r}")
        if pair not in ranges:
            ranges.append(pair)
    return ranges
