"""Rules the data model enforces, whatever page or import writes it."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.directory import queries
from portal.directory.hours import PARIS
from portal.directory.models import Closure, OpeningException, OpeningSlot, Partner, Service
from portal.directory.operations import place_partner
from portal.extensions import db
from tests.factories import make_partner, make_service, quartier, subneed


def test_quartier_follows_the_coordinates(app):
    partner = make_partner(at=(50.6257, 3.0483))
    assert partner.quartier.slug == "wazemmes"
    place_partner(partner, 50.6290, 3.0900)
    db.session.flush()
    db.session.refresh(partner)
    assert partner.quartier == quartier("fives")
    place_partner(partner, 50.6942, 3.1746)  # Roubaix, outside the territory
    assert partner.quartier_id is None


def test_published_means_published_service_of_a_published_partner(app):
    food = subneed("colis-alimentaire")
    visible = make_service(make_partner(), [food], name="Visible")
    make_service(make_partner(status="draft"), [food], name="Partenaire brouillon")
    make_service(make_partner(), [food], name="Archivé", status="archived")
    names = db.session.scalars(select(Service.name).where(Service.is_live)).all()
    assert names == [visible.name]
    listed = db.session.scalars(queries.services_for(food)).unique().all()
    assert [s.name for s in listed] == ["Visible"]


def test_status_and_weekday_and_dates_are_checked_by_the_database(app):
    with pytest.raises(IntegrityError):
        make_partner(status="maybe")
    db.session.rollback()
    partner = make_partner()
    partner.slots.append(OpeningSlot(weekday=7, opens=time(9), closes=time(12)))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    partner = make_partner()
    partner.closures.append(Closure(start_date=date(2026, 5, 2), end_date=date(2026, 5, 1)))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_slugs_and_source_ids_are_unique(app):
    make_partner(slug="le-relais", source="france-services", source_id="1933")
    with pytest.raises(IntegrityError):
        make_partner(slug="le-relais")
    db.session.rollback()
    make_partner(slug="autre", source="france-services", source_id="1933-bis")
    with pytest.raises(IntegrityError):
        make_partner(slug="encore-un", source="france-services", source_id="1933-bis")
    db.session.rollback()


def test_walk_in_means_received_without_an_appointment_in_python_and_in_sql(app):
    partner = make_partner()
    food = [subneed("colis-alimentaire")]
    modes = {
        "walk-in": ["sans-rdv"],
        "walk-in or phone": ["telephone", "sans-rdv"],
        "phone first": ["telephone"],
        "appointment": ["sur-rdv"],
        "referral": ["orientation"],
        "unknown": [],
    }
    services = {name: make_service(partner, food, name=name, access_modes=codes) for name, codes in modes.items()}
    assert {name for name, s in services.items() if s.is_walk_in} == {"walk-in", "walk-in or phone"}
    in_sql = db.session.scalars(select(Service.name).where(Service.partner_id == partner.id, Service.is_walk_in))
    assert set(in_sql) == {"walk-in", "walk-in or phone"}


def test_live_means_a_published_service_of_a_published_partner(app):
    food = [subneed("colis-alimentaire")]
    shown, hidden = make_partner(), make_partner(status="draft")
    live = make_service(shown, food, name="live")
    archived = make_service(shown, food, name="archived", status="archived")
    of_draft = make_service(hidden, food, name="of a draft")
    assert (live.is_live, archived.is_live, of_draft.is_live) == (True, False, False)
    assert [s.name for s in shown.live_services] == ["live"] and hidden.live_services == []
    in_sql = db.session.scalars(select(Service.name).where(Service.partner_id.in_([shown.id, hidden.id]),
                                                           Service.is_live))
    assert list(in_sql) == ["live"]


def test_schedule_is_built_from_stored_hours(app):
    partner = make_partner(weekly=[(4, time(22), time(2))], closed_on_public_holidays=True)
    partner.exceptions = [
        OpeningException(day=date(2026, 12, 4), label="Inventaire"),
        OpeningException(day=date(2026, 12, 6), opens=time(10), closes=time(12), label="Marché de Noël"),
    ]
    db.session.commit()
    stored = db.session.get(Partner, partner.id)
    schedule = stored.schedule
    # Friday 22:00 to Saturday 02:00, past midnight.
    assert schedule.is_open(datetime(2026, 11, 28, 1, 0, tzinfo=PARIS))
    assert not schedule.is_open(datetime(2026, 11, 28, 2, 30, tzinfo=PARIS))
    # The Friday of the inventory is closed, the Sunday of the market is open.
    assert not schedule.is_open(datetime(2026, 12, 4, 23, 0, tzinfo=PARIS))
    assert schedule.is_open(datetime(2026, 12, 6, 11, 0, tzinfo=PARIS))
    assert schedule.exceptions[0].label == "Inventaire"


def test_deleting_a_partner_deletes_its_services_and_hours(app):
    partner = make_partner()
    make_service(partner, [subneed("colis-alimentaire")])
    db.session.commit()
    db.session.delete(partner)
    db.session.commit()
    assert db.session.scalar(select(Service).limit(1)) is None
    assert db.session.scalar(select(OpeningSlot).limit(1)) is None


def test_last_confirmed_date_comes_back_timezone_aware(app):
    partner = make_partner(last_confirmed_at=datetime(2026, 6, 1, 12, 0, tzinfo=PARIS))
    db.session.commit()
    db.session.expire_all()
    stored = db.session.get(Partner, partner.id)
    assert stored.last_confirmed_at.utcoffset() is not None
    assert stored.last_confirmed_at == datetime(2026, 6, 1, 10, 0, tzinfo=PARIS).replace(hour=12)
