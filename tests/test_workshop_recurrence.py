"""Recurrence of workshops: weekly with exceptions across the DST change, fortnightly, monthly
on the n-th weekday, and "not during school holidays" from the configured list."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from portal.workshops import recurrence, school_holidays
from portal.workshops.queries import sessions_of
from portal.workshops.recurrence import Rule
from tests.factories import make_partner, make_workshop

TUESDAY_AFTERNOONS = Rule(first_day=date(2026, 3, 3), starts=time(14), ends=time(16),
                          frequency="weekly", until=date(2026, 4, 7),
                          exceptions=frozenset({date(2026, 3, 17)}))


def test_weekly_lists_every_tuesday_but_the_exception():
    found = recurrence.dates(TUESDAY_AFTERNOONS, date(2026, 3, 1), date(2026, 4, 30))
    assert found == [date(2026, 3, 3), date(2026, 3, 10), date(2026, 3, 24), date(2026, 3, 31),
                     date(2026, 4, 7)]


def test_a_session_stays_at_14h_on_the_wall_clock_across_the_dst_change():
    before = recurrence.bounds(TUESDAY_AFTERNOONS, date(2026, 3, 24))
    after = recurrence.bounds(TUESDAY_AFTERNOONS, date(2026, 3, 31))  # the clocks went forward on 29 March
    assert before[0].astimezone(UTC) == datetime(2026, 3, 24, 13, tzinfo=UTC)
    assert after[0].astimezone(UTC) == datetime(2026, 3, 31, 12, tzinfo=UTC)
    assert after[1].astimezone(UTC) == datetime(2026, 3, 31, 14, tzinfo=UTC)
    assert before[0].strftime("%H:%M") == after[0].strftime("%H:%M") == "14:00"


def test_fortnightly_takes_one_tuesday_in_two():
    rule = Rule(first_day=date(2026, 3, 3), starts=time(10), ends=time(12), frequency="fortnightly",
                until=date(2026, 4, 30))
    assert recurrence.dates(rule, date(2026, 3, 1), date(2026, 4, 30)) == [
        date(2026, 3, 3), date(2026, 3, 17), date(2026, 3, 31), date(2026, 4, 14), date(2026, 4, 28)]


def test_monthly_on_the_second_tuesday():
    rule = Rule(first_day=date(2026, 3, 10), starts=time(10), ends=time(12), frequency="monthly",
                until=date(2026, 6, 30))
    assert recurrence.dates(rule, date(2026, 3, 1), date(2026, 6, 30)) == [
        date(2026, 3, 10), date(2026, 4, 14), date(2026, 5, 12), date(2026, 6, 9)]


def test_monthly_on_a_fifth_weekday_means_the_last_one():
    # 31 March 2026 is the 5th Tuesday of March: the workshop is then on each month's last Tuesday.
    rule = Rule(first_day=date(2026, 3, 31), starts=time(10), ends=time(12), frequency="monthly",
                until=date(2026, 6, 30))
    assert recurrence.dates(rule, date(2026, 3, 1), date(2026, 6, 30)) == [
        date(2026, 3, 31), date(2026, 4, 28), date(2026, 5, 26), date(2026, 6, 30)]


def test_a_recurrence_skips_bank_holidays_but_a_single_date_does_not():
    weekly = Rule(first_day=date(2026, 12, 18), starts=time(10), ends=time(12), frequency="weekly",
                  until=date(2027, 1, 8))
    assert date(2026, 12, 25) not in recurrence.dates(weekly, date(2026, 12, 1), date(2027, 1, 31))
    once = Rule(first_day=date(2026, 12, 25), starts=time(10), ends=time(12))
    assert recurrence.dates(once, date(2026, 12, 1), date(2026, 12, 31)) == [date(2026, 12, 25)]


@pytest.fixture()
def holidays_file(app, tmp_path):
    """A configured school-holiday list of two periods: winter 2026 and spring 2026."""
    path = tmp_path / "vacances.csv"
    path.write_text("zone,name,start,end\nB,Hiver,2026-02-14,2026-03-01\nB,Printemps,2026-04-11,2026-04-26\n",
                    encoding="utf-8")
    saved = app.config.get("PORTAL_SCHOOL_HOLIDAYS_FILE")
    app.config["PORTAL_SCHOOL_HOLIDAYS_FILE"] = str(path)
    yield path
    app.config["PORTAL_SCHOOL_HOLIDAYS_FILE"] = saved


def test_not_during_school_holidays_uses_the_configured_list(app, holidays_file):
    assert school_holidays.periods() == ((date(2026, 2, 14), date(2026, 3, 1)),
                                         (date(2026, 4, 11), date(2026, 4, 26)))
    workshop = make_workshop(make_partner(), first_day=date(2026, 2, 3), frequency="weekly",
                             until=date(2026, 5, 5), skip_school_holidays=True)
    days = [s.day for s in sessions_of(workshop, date(2026, 2, 1), date(2026, 5, 31))]
    assert days == [date(2026, 2, 3), date(2026, 2, 10), date(2026, 3, 3), date(2026, 3, 10),
                    date(2026, 3, 17), date(2026, 3, 24), date(2026, 3, 31), date(2026, 4, 7),
                    date(2026, 4, 28), date(2026, 5, 5)]
    # The same workshop without the option keeps the holiday weeks.
    workshop.skip_school_holidays = False
    assert date(2026, 2, 17) in [s.day for s in sessions_of(workshop, date(2026, 2, 1), date(2026, 5, 31))]


def test_a_holiday_list_with_a_bad_line_is_refused(tmp_path):
    path = tmp_path / "vacances.csv"
    path.write_text("zone,name,start,end\nB,Hiver,2026-02-14,2026-03-01\nB,Printemps,14/04/2026,2026-04-26\n",
                    encoding="utf-8")
    with pytest.raises(ValueError, match="line 3"):
        school_holidays.read(str(path))
    backwards = tmp_path / "a-l-envers.csv"
    backwards.write_text("zone,name,start,end\nB,Hiver,2026-03-01,2026-02-14\n", encoding="utf-8")
    with pytest.raises(ValueError, match="end before start"):
        school_holidays.read(str(backwards))
