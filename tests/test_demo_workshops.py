"""The demo's workshops: dated from the day it runs, realistic, visible, reproducible, removable."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.workshops import queries
from portal.workshops.constants import LEVELS, ONLINE, PENDING
from portal.workshops.models import Workshop
from seed import demo

TODAY = date(2027, 3, 10)


@pytest.fixture()
def demo_workshops(app):
    report = demo.generate_demo(db.session, today=TODAY)
    db.session.commit()
    return report


def test_the_coming_three_months_have_workshops_of_every_level_across_the_city(demo_workshops):
    sessions = queries.upcoming_sessions(TODAY, days=92)
    assert demo_workshops.workshops_created >= 12
    assert len(sessions) >= 60
    assert all(TODAY <= s.day <= TODAY + timedelta(days=92) for s in sessions)
    # Dates follow the day the demo runs: this week already has sessions.
    assert any(s.day < TODAY + timedelta(days=7) for s in sessions)
    assert {s.workshop.level for s in sessions} == set(LEVELS)
    quartiers = {s.workshop.where["quartier"].slug for s in sessions if s.workshop.where["quartier"]}
    assert len(quartiers) >= 8
    assert all(s.workshop.subneeds for s in sessions)


def test_the_demo_shows_a_cancelled_session_a_full_one_and_network_events(demo_workshops):
    sessions = queries.upcoming_sessions(TODAY, days=92)
    cancelled = [s for s in sessions if s.cancelled]
    assert cancelled and cancelled[0].note  # residents are told why
    assert any(s.full for s in sessions)
    network = [s.workshop for s in sessions if s.workshop.partner is None]
    assert {w.place_kind for w in network} >= {ONLINE}
    assert all(w.organiser for w in network)


def test_a_weekly_workshop_skips_the_school_holidays_it_asks_to(app):
    demo.generate_demo(db.session, today=date(2026, 12, 1))
    db.session.commit()
    smartphone = db.session.scalars(
        select(Workshop).where(Workshop.title == "Prendre en main son smartphone")).one()
    days = [s.day for s in queries.sessions_of(smartphone, date(2026, 12, 1), date(2027, 1, 31))]
    # Zone B's Christmas holidays run from 19 December 2026 to 3 January 2027.
    assert days and not [d for d in days if date(2026, 12, 19) <= d <= date(2027, 1, 3)]
    assert any(d > date(2027, 1, 3) for d in days)


def test_a_workshop_awaiting_review_is_in_the_demo_but_not_shown(demo_workshops):
    pending = db.session.scalars(select(Workshop).where(Workshop.status == PENDING)).all()
    assert pending
    shown = {s.workshop.id for s in queries.upcoming_sessions(TODAY, days=92)}
    assert not shown & {w.id for w in pending}


def test_a_second_run_adds_no_workshop_and_removal_takes_them_away(demo_workshops):
    count = db.session.scalar(select(func.count()).select_from(Workshop))
    again = demo.generate_demo(db.session, today=TODAY)
    db.session.commit()
    assert again.workshops_created == 0 and again.workshops_unchanged == demo_workshops.workshops_created
    assert db.session.scalar(select(func.count()).select_from(Workshop)) == count
    removal = demo.remove_demo(db.session)
    db.session.commit()
    assert removal.workshops == count
    assert db.session.scalar(select(func.count()).select_from(Workshop)) == 0
