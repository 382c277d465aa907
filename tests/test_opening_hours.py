"""Tests for the opening-hours module (Europe/Paris time, OSM syntax, French free text)."""

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from portal.directory.hours import (
    PARIS,
    Closure,
    DayException,
    OsmSyntaxError,
    Schedule,
    Slot,
    format_osm,
    parse_day_ranges,
    parse_osm,
)

UTC = UTC
MO, TU, WE, TH, FR, SA, SU = range(7)

REAL_EXAMPLES = [
    "Fr 09:00-12:00,13:30-17:00",
    "Mo-Th 09:00-12:30,13:30-17:00; Fr 09:30-12:30,13:30-17:00",
    "Tu 09:00-12:00; We 13:30-18:00; Fr 17:00-18:00",
    "Tu,Fr 16:00-18:30; We 10:00-12:30,13:30-18:30; Sa 10:00-12:30,13:30-17:30",
    "Tu-Fr 08:00-12:00,13:30-17:00; We 13:30-17:00; Sa 08:00-11:00",
    "Tu-Sa 14:00-18:00",
    "Mo-Fr 09:30-17:30,09:30-17:30",
]


def paris(*args: int, fold: int = 0) -> datetime:
    """Build a Paris-aware datetime."""
    return datetime(*args, tzinfo=PARIS, fold=fold)


def t(text: str) -> time:
    """Build a time from 'HH:MM'."""
    return time.fromisoformat(text)


def weekly(*slots: tuple[int, str, str], ph: bool = False, **kwargs: object) -> Schedule:
    """Build a schedule from (weekday, opens, closes) triples."""
    return Schedule(
        slots=tuple(Slot(d, t(o), t(c)) for d, o, c in slots),
        closed_on_public_holidays=ph,
        **kwargs,
    )


def weekly_behaviour(schedule: Schedule) -> list[bool]:
    """Sample is_open every 15 minutes over an ordinary week (no holidays, no DST change)."""
    start = paris(2026, 2, 2)  # a Monday
    return [schedule.is_open(start + timedelta(minutes=15 * i)) for i in range(7 * 96 + 1)]


# --- Daylight saving time -------------------------------------------------------------------


def test_spring_forward_slot_lasts_two_real_hours() -> None:
    schedule = weekly((SU, "01:00", "04:00"))
    [(start, end)] = schedule.intervals_on(date(2026, 3, 29))
    assert start.astimezone(UTC) == datetime(2026, 3, 29, 0, 0, tzinfo=UTC)
    assert end.astimezone(UTC) == datetime(2026, 3, 29, 2, 0, tzinfo=UTC)
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=2)
    assert schedule.is_open(datetime(2026, 3, 29, 1, 59, tzinfo=UTC))  # 03:59 CEST
    assert not schedule.is_open(datetime(2026, 3, 29, 2, 0, tzinfo=UTC))  # 04:00 CEST


def test_spring_forward_nonexistent_local_time_does_not_crash() -> None:
    schedule = weekly((SU, "01:00", "04:00"))
    assert schedule.is_open(paris(2026, 3, 29, 2, 30))
    status = schedule.status(paris(2026, 3, 29, 1, 30))
    assert status.is_open
    assert status.closes_at == paris(2026, 3, 29, 4, 0)
    assert status.closes_at is not None and status.closes_at.utcoffset() == timedelta(hours=2)
    # A slot starting inside the gap opens at the first real instant after it.
    gap = weekly((SU, "02:30", "05:00"))
    [(start, end)] = gap.intervals_on(date(2026, 3, 29))
    assert start.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 03:30 CEST
    assert end.astimezone(UTC) == datetime(2026, 3, 29, 3, 0, tzinfo=UTC)
    assert gap.next_opening(paris(2026, 3, 29, 0, 0)) == start


def test_fall_back_slot_lasts_four_real_hours() -> None:
    schedule = weekly((SU, "01:00", "04:00"))
    [(start, end)] = schedule.intervals_on(date(2026, 10, 25))
    assert start.astimezone(UTC) == datetime(2026, 10, 24, 23, 0, tzinfo=UTC)
    assert end.astimezone(UTC) == datetime(2026, 10, 25, 3, 0, tzinfo=UTC)
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=4)
    # Both occurrences of 02:30 are inside the opening.
    assert schedule.is_open(paris(2026, 10, 25, 2, 30, fold=0))
    assert schedule.is_open(paris(2026, 10, 25, 2, 30, fold=1))
    status = schedule.status(paris(2026, 10, 25, 2, 30, fold=1))
    assert status.closes_at is not None
    assert status.closes_at.astimezone(UTC) == datetime(2026, 10, 25, 3, 0, tzinfo=UTC)
    assert not schedule.is_open(datetime(2026, 10, 25, 3, 0, tzinfo=UTC))


# --- Slots past midnight --------------------------------------------------------------------


def test_friday_night_slot_runs_into_saturday() -> None:
    schedule = weekly((FR, "22:00", "02:00"))
    assert not schedule.is_open(paris(2026, 3, 6, 21, 59))  # Friday
    assert schedule.is_open(paris(2026, 3, 6, 22, 0))
    assert schedule.is_open(paris(2026, 3, 7, 1, 0))  # Saturday
    assert not schedule.is_open(paris(2026, 3, 7, 2, 30))
    assert schedule.status(paris(2026, 3, 7, 1, 0)).closes_at == paris(2026, 3, 7, 2, 0)
    assert schedule.intervals_on(date(2026, 3, 7)) == []
    assert schedule.next_opening(paris(2026, 3, 7, 2, 30)) == paris(2026, 3, 13, 22, 0)


def test_sunday_night_slot_wraps_the_week() -> None:
    schedule = weekly((SU, "22:00", "02:00"))
    assert schedule.intervals_on(date(2026, 3, 8)) == [
        (paris(2026, 3, 8, 22, 0), paris(2026, 3, 9, 2, 0))
    ]
    assert schedule.is_open(paris(2026, 3, 9, 1, 0))  # Monday
    assert not schedule.is_open(paris(2026, 3, 9, 2, 0))
    assert schedule.status(paris(2026, 3, 9, 3, 0)).next_opening == paris(2026, 3, 15, 22, 0)


def test_past_midnight_slot_does_not_open_when_its_start_day_is_closed() -> None:
    closed_friday = weekly(
        (FR, "22:00", "02:00"), closures=(Closure(date(2026, 3, 6), date(2026, 3, 6), "Travaux"),)
    )
    assert not closed_friday.is_open(paris(2026, 3, 6, 23, 0))
    assert not closed_friday.is_open(paris(2026, 3, 7, 1, 0))
    assert closed_friday.next_opening(paris(2026, 3, 6, 12, 0)) == paris(2026, 3, 13, 22, 0)
    # A closure of the Saturday only does not cancel the Friday night slot.
    closed_saturday = weekly(
        (FR, "22:00", "02:00"),
        closures=(Closure(date(2026, 3, 7), date(2026, 3, 7), "Inventaire"),),
    )
    status = closed_saturday.status(paris(2026, 3, 7, 1, 0))
    assert status.is_open and status.closes_at == paris(2026, 3, 7, 2, 0)
    assert status.closure is not None and status.closure.message == "Inventaire"
    # The same holds for a dated exception closing the Friday.
    excepted = weekly((FR, "22:00", "02:00"), exceptions=(DayException(date(2026, 3, 6)),))
    assert not excepted.is_open(paris(2026, 3, 7, 1, 0))


# --- Exceptions, public holidays, closures --------------------------------------------------


def test_christmas_is_closed_even_on_an_open_friday() -> None:
    schedule = weekly((FR, "09:00", "17:00"), ph=True)
    assert schedule.is_open(paris(2026, 12, 18, 10, 0))
    assert not schedule.is_open(paris(2026, 12, 25, 10, 0))
    assert schedule.intervals_on(date(2026, 12, 25)) == []
    # 2027-01-01 is also a Friday and a public holiday.
    assert schedule.next_opening(paris(2026, 12, 25, 10, 0)) == paris(2027, 1, 8, 9, 0)
    explicit = weekly(
        (FR, "09:00", "17:00"), exceptions=(DayException(date(2026, 12, 25), label="Noël"),)
    )
    assert not explicit.is_open(paris(2026, 12, 25, 10, 0))
    assert explicit.is_open(paris(2026, 12, 18, 10, 0))


def test_exception_opens_a_holiday_and_a_normally_closed_day() -> None:
    exceptions = (
        DayException(date(2026, 12, 25), ((t("10:00"), t("12:00")),), "Permanence de Noël"),
        DayException(date(2026, 12, 20), ((t("14:00"), t("16:00")),)),  # a Sunday
    )
    schedule = weekly((FR, "09:00", "17:00"), ph=True, exceptions=exceptions)
    assert schedule.is_open(paris(2026, 12, 25, 11, 0))
    assert not schedule.is_open(paris(2026, 12, 25, 9, 30))
    assert schedule.status(paris(2026, 12, 25, 11, 0)).closes_at == paris(2026, 12, 25, 12, 0)
    assert schedule.intervals_on(date(2026, 12, 20)) == [
        (paris(2026, 12, 20, 14, 0), paris(2026, 12, 20, 16, 0))
    ]
    assert schedule.is_open(paris(2026, 12, 20, 15, 0))
    assert schedule.next_opening(paris(2026, 12, 19, 12, 0)) == paris(2026, 12, 20, 14, 0)


def test_closed_on_public_holidays_flag() -> None:
    closed = weekly((TU, "09:00", "17:00"), ph=True)
    assert not closed.is_open(paris(2026, 7, 14, 10, 0))
    assert closed.next_opening(paris(2026, 7, 14, 10, 0)) == paris(2026, 7, 21, 9, 0)
    assert closed.status(paris(2026, 7, 14, 10, 0)).closure is None
    opened = weekly((TU, "09:00", "17:00"), ph=False)
    assert opened.is_open(paris(2026, 7, 14, 10, 0))


def test_temporary_closure_status_and_next_opening() -> None:
    closure = Closure(
        date(2026, 8, 3), date(2026, 8, 16), "Fermeture estivale, réouverture le 17 août"
    )
    schedule = weekly(*[(d, "09:00", "17:00") for d in range(5)], ph=True, closures=(closure,))
    status = schedule.status(paris(2026, 8, 5, 10, 0))
    assert not status.is_open and status.closes_at is None
    assert status.closure == closure
    assert status.closure.message.startswith("Fermeture estivale")
    assert status.next_opening == paris(2026, 8, 17, 9, 0)
    before = schedule.status(paris(2026, 7, 31, 16, 0))
    assert (
        before.is_open and before.closure is None and before.closes_at == paris(2026, 7, 31, 17, 0)
    )
    assert schedule.status(paris(2026, 7, 31, 18, 0)).next_opening == paris(2026, 8, 17, 9, 0)
    assert schedule.status(paris(2026, 8, 16, 23, 59)).closure == closure
    assert schedule.status(paris(2026, 8, 17, 9, 0)).closure is None


# --- next_opening and closes_at --------------------------------------------------------------


def test_next_opening_across_a_weekend() -> None:
    schedule = weekly(
        *[(d, o, c) for d in range(5) for o, c in (("09:00", "12:00"), ("14:00", "17:00"))]
    )
    assert schedule.next_opening(paris(2026, 3, 6, 17, 30)) == paris(
        2026, 3, 9, 9, 0
    )  # Friday -> Monday
    assert schedule.next_opening(paris(2026, 3, 7, 12, 0)) == paris(2026, 3, 9, 9, 0)  # Saturday
    assert schedule.next_opening(paris(2026, 3, 6, 12, 30)) == paris(2026, 3, 6, 14, 0)
    assert schedule.next_opening(paris(2026, 3, 6, 10, 0)) == paris(2026, 3, 6, 14, 0)  # while open
    status = schedule.status(paris(2026, 3, 8, 20, 0))
    assert not status.is_open and status.next_opening == paris(2026, 3, 9, 9, 0)


def test_status_closes_at() -> None:
    schedule = weekly((MO, "09:00", "12:00"), (MO, "12:00", "14:00"), (MO, "16:00", "18:00"))
    status = schedule.status(paris(2026, 3, 9, 10, 0))
    assert status.is_open and status.next_opening is None
    assert status.closes_at == paris(2026, 3, 9, 14, 0)  # touching slots are one opening
    assert schedule.status(paris(2026, 3, 9, 16, 0)).closes_at == paris(2026, 3, 9, 18, 0)
    assert schedule.status(paris(2026, 3, 9, 14, 0)).next_opening == paris(2026, 3, 9, 16, 0)
    always = parse_osm("24/7")
    assert always.is_open(paris(2026, 3, 29, 2, 30))
    assert always.status(paris(2026, 3, 9, 10, 0)).closes_at is None


def test_aware_datetimes_in_any_zone_and_naive_rejected() -> None:
    schedule = weekly((FR, "09:00", "12:00"))
    assert schedule.is_open(datetime(2026, 3, 6, 8, 30, tzinfo=UTC))  # 09:30 in Paris
    assert not schedule.is_open(datetime(2026, 3, 6, 9, 30, tzinfo=timezone(timedelta(hours=-5))))
    naive = datetime(2026, 3, 6, 10, 0)
    for method in (schedule.is_open, schedule.status, schedule.next_opening):
        with pytest.raises(ValueError):
            method(naive)


def test_no_opening_within_a_year() -> None:
    empty = Schedule()
    assert empty.is_empty and not weekly((MO, "09:00", "12:00")).is_empty
    assert empty.status(paris(2026, 3, 9, 10, 0)) == empty.status(paris(2026, 3, 9, 10, 0))
    assert empty.next_opening(paris(2026, 3, 9, 10, 0)) is None
    far = Schedule(exceptions=(DayException(date(2027, 6, 1), ((t("09:00"), t("12:00")),)),))
    assert far.next_opening(paris(2026, 1, 5, 10, 0)) is None
    assert far.status(paris(2026, 1, 5, 10, 0)).next_opening is None
    assert far.next_opening(paris(2026, 12, 1, 10, 0)) == paris(2027, 6, 1, 9, 0)


# --- OSM opening_hours ----------------------------------------------------------------------


def test_parse_real_examples() -> None:
    parsed = [parse_osm(text) for text in REAL_EXAMPLES]
    assert parsed[0].slots == (Slot(FR, t("09:00"), t("12:00")), Slot(FR, t("13:30"), t("17:00")))
    assert len(parsed[1].slots) == 10
    assert Slot(FR, t("09:30"), t("12:30")) in parsed[1].slots
    assert Slot(TH, t("09:00"), t("12:30")) in parsed[1].slots
    assert parsed[2].slots == (
        Slot(TU, t("09:00"), t("12:00")),
        Slot(WE, t("13:30"), t("18:00")),
        Slot(FR, t("17:00"), t("18:00")),
    )
    assert {s.weekday for s in parsed[3].slots} == {TU, WE, FR, SA}
    assert [s for s in parsed[3].slots if s.weekday == FR] == [Slot(FR, t("16:00"), t("18:30"))]
    assert [s.weekday for s in parsed[5].slots] == [TU, WE, TH, FR, SA]
    assert parsed[6].slots == tuple(Slot(d, t("09:30"), t("17:30")) for d in range(5))
    assert not any(p.closed_on_public_holidays or p.exceptions for p in parsed)


def test_later_rules_override_earlier_ones() -> None:
    schedule = parse_osm("Tu-Fr 08:00-12:00,13:30-17:00; We 13:30-17:00; Sa 08:00-11:00")
    assert [s for s in schedule.slots if s.weekday == WE] == [Slot(WE, t("13:30"), t("17:00"))]
    assert len([s for s in schedule.slots if s.weekday == TH]) == 2
    assert not schedule.is_open(paris(2026, 3, 4, 9, 0))  # Wednesday morning
    assert schedule.is_open(paris(2026, 3, 5, 9, 0))  # Thursday morning
    assert parse_osm("Mo-Fr 09:00-17:00; We off").is_open(paris(2026, 3, 4, 10, 0)) is False


def test_parse_public_holidays_dates_and_special_forms() -> None:
    schedule = parse_osm(
        'Mo-Fr 09:00-12:00; PH off; 2026 Dec 25 off; 2026 Dec 24 09:00-12:00 "Veille de Noël"'
    )
    assert schedule.closed_on_public_holidays
    assert schedule.exceptions == (
        DayException(date(2026, 12, 24), ((t("09:00"), t("12:00")),), "Veille de Noël"),
        DayException(date(2026, 12, 25)),
    )
    assert not parse_osm("Mo-Fr 09:00-12:00").closed_on_public_holidays
    assert parse_osm("") == Schedule() and parse_osm("   ").is_empty
    assert parse_osm("24/7").slots == tuple(Slot(d, time(0), time(0)) for d in range(7))
    assert parse_osm("Fr 22:00-02:00").slots == (Slot(FR, t("22:00"), t("02:00")),)
    assert parse_osm("Sa 20:00-26:00").slots == (Slot(SA, t("20:00"), t("02:00")),)
    assert parse_osm("Mo 18:00-24:00").slots == (Slot(MO, t("18:00"), time(0)),)
    assert [s.weekday for s in parse_osm("Sa-Mo 10:00-12:00").slots] == [MO, SA, SU]
    assert [s.weekday for s in parse_osm("Mo-We,Fr 10:00-12:00;").slots] == [MO, TU, WE, FR]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Mo-Fr", "cannot read rule"),
        ("Xx 09:00-12:00", "unknown day 'Xx'"),
        ("Mo 09:00-12:00,14h-17h", "cannot read time range '14h-17h'"),
        ("Mo 25:00-26:00", "invalid time range"),
        ("Mo 09:00-09:00", "invalid time range"),
        ("PH 10:00-12:00", "only 'PH off'"),
        ("2026 Foo 25 off", "unknown month"),
        ("2026 Feb 30 off", "invalid date"),
        ("Mo 09:00+", "cannot read time range"),
        ("sunrise-sunset", "cannot read rule"),
    ],
)
def test_parse_errors_are_helpful(text: str, fragment: str) -> None:
    with pytest.raises(OsmSyntaxError, match=fragment):
        parse_osm(text)
    assert issubclass(OsmSyntaxError, ValueError)


def test_format_osm() -> None:
    assert format_osm(parse_osm("Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off")) == (
        "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off"
    )
    assert format_osm(parse_osm(REAL_EXAMPLES[3])) == (
        "Tu,Fr 16:00-18:30; We 10:00-12:30,13:30-18:30; Sa 10:00-12:30,13:30-17:30"
    )
    assert (
        format_osm(parse_osm(REAL_EXAMPLES[4]))
        == "Tu,Th,Fr 08:00-12:00,13:30-17:00; We 13:30-17:00; Sa 08:00-11:00"
    )
    assert format_osm(parse_osm(REAL_EXAMPLES[6])) == "Mo-Fr 09:30-17:30"
    assert (
        format_osm(weekly((FR, "22:00", "02:00"), (SA, "20:00", "00:00")))
        == "Fr 22:00-02:00; Sa 20:00-24:00"
    )
    dated = weekly(
        (MO, "09:00", "12:00"),
        ph=True,
        exceptions=(
            DayException(date(2026, 12, 25)),
            DayException(date(2026, 12, 24), ((t("09:00"), t("12:00")),)),
        ),
    )
    assert format_osm(dated) == "Mo 09:00-12:00; PH off; 2026 Dec 24 09:00-12:00; 2026 Dec 25 off"
    assert format_osm(parse_osm("24/7")) == "24/7"
    assert format_osm(Schedule()) == ""


@pytest.mark.parametrize(
    "text", [*REAL_EXAMPLES, "Fr 22:00-02:00", "Su 22:00-02:00; Mo 10:00-12:00; PH off"]
)
def test_osm_round_trip_keeps_weekly_behaviour(text: str) -> None:
    original = parse_osm(text)
    again = parse_osm(format_osm(original))
    assert set(again.slots) == set(original.slots)
    assert again.closed_on_public_holidays == original.closed_on_public_holidays
    assert weekly_behaviour(again) == weekly_behaviour(original)
    assert any(weekly_behaviour(original))


def test_round_trip_of_a_built_schedule() -> None:
    built = weekly(
        (FR, "22:00", "02:00"),
        (SA, "10:00", "12:00"),
        ph=True,
        exceptions=(DayException(date(2026, 12, 31), ((t("20:00"), t("03:00")),)),),
    )
    again = parse_osm(format_osm(built))
    assert again == built
    assert again.is_open(paris(2027, 1, 1, 2, 0))


# --- French free text (France Services open data) -------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09:00 - 12:00 / 14:00 - 17:00", [("09:00", "12:00"), ("14:00", "17:00")]),
        ("14:00 - 17:00", [("14:00", "17:00")]),
        ("", []),
        ("   ", []),
        ("fermé", []),
        ("Fermé", []),
        ("9h-12h", [("09:00", "12:00")]),
        ("09h00 - 12h00", [("09:00", "12:00")]),
        ("8h30-12h / 13h30-17h", [("08:30", "12:00"), ("13:30", "17:00")]),
        ("9h à 12h et 14h à 16h30", [("09:00", "12:00"), ("14:00", "16:30")]),
        ("20h-24h", [("20:00", "00:00")]),
        ("09:00 - 12:00 / 09:00 - 12:00", [("09:00", "12:00")]),
    ],
)
def test_parse_day_ranges(text: str, expected: list[tuple[str, str]]) -> None:
    assert parse_day_ranges(text) == [(t(o), t(c)) for o, c in expected]


@pytest.mark.parametrize("text", ["sur rendez-vous", "09:00 - 25:00", "10h-10h"])
def test_parse_day_ranges_rejects_garbage(text: str) -> None:
    with pytest.raises(ValueError):
        parse_day_ranges(text)
