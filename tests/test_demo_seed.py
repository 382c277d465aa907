"""The demo data: enough partners everywhere, in the right place, reproducible and removable."""

from __future__ import annotations

import html
import re
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

import pytest
from shapely.geometry import Point, shape
from sqlalchemy import func, select

from portal.accounts.models import User
from portal.directory.models import (
    Closure,
    Need,
    OpeningException,
    OpeningSlot,
    Partner,
    Quartier,
    Service,
    SubNeed,
    service_subneed,
)
from portal.directory.text import fold
from portal.extensions import db
from seed import demo, importer
from tests.factories import make_user

CITY_OF = {"lomme": "Lomme", "hellemmes": "Hellemmes-Lille"}


def _count(model, *conditions) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions))


def _table_counts() -> dict[str, int]:
    counts = {
        model.__tablename__: _count(model)
        for model in (Partner, Service, OpeningSlot, OpeningException, Closure)
    }
    counts["service_subneed"] = db.session.scalar(select(func.count()).select_from(service_subneed))
    return counts


def _snapshot() -> list[tuple]:
    rows = db.session.execute(
        select(Partner.source_id, Partner.name, Partner.address, Partner.latitude, Partner.longitude)
        .where(Partner.is_demo.is_(True))
        .order_by(Partner.source_id)
    )
    return [tuple(row) for row in rows]


@pytest.fixture()
def seeded(app):
    """Reference data, the real open data and the demo, as `flask init` loads them."""
    importer.import_open_data(db.session)
    report = demo.generate_demo(db.session)
    db.session.commit()
    return report


def test_the_city_has_enough_published_partners_and_services(seeded):
    partners = _count(Partner, Partner.is_published)
    services = _count(Service, Service.is_live)
    assert partners >= 520
    assert services >= 1200
    assert seeded.partners_created > 0
    assert "créés" in str(seeded)


def test_every_need_has_two_partners_in_every_quartier_and_each_subneed_three(seeded):
    rows = db.session.execute(
        select(Need.slug, SubNeed.slug, Quartier.slug, Partner.id)
        .join(SubNeed, SubNeed.need_id == Need.id)
        .join(service_subneed, service_subneed.c.subneed_id == SubNeed.id)
        .join(Service, Service.id == service_subneed.c.service_id)
        .join(Partner, Partner.id == Service.partner_id)
        .join(Quartier, Quartier.id == Partner.quartier_id)
        .where(Service.is_live)
    ).all()
    by_pair: dict[tuple[str, str], set[int]] = defaultdict(set)
    by_subneed: dict[str, set[int]] = defaultdict(set)
    for need, subneed, quartier, partner_id in rows:
        by_pair[need, quartier].add(partner_id)
        by_subneed[subneed].add(partner_id)
    needs = db.session.scalars(select(Need.slug)).all()
    quartiers = db.session.scalars(select(Quartier.slug)).all()
    assert len(needs) == 12 and len(quartiers) == 12
    thin = [(n, q) for n in needs for q in quartiers if len(by_pair[n, q]) < 2]
    assert thin == []
    subneeds = db.session.scalars(select(SubNeed.slug)).all()
    assert [s for s in subneeds if len(by_subneed[s]) < 3] == []


def test_demo_partners_are_inside_their_quartier_with_a_matching_address(seeded):
    quartiers = {q.id: q for q in db.session.scalars(select(Quartier))}
    polygons = {qid: shape(q.geometry) for qid, q in quartiers.items()}
    partners = db.session.scalars(select(Partner).where(Partner.is_demo.is_(True))).all()
    assert partners
    for partner in partners:
        assert partner.quartier_id is not None, partner.name
        assert polygons[partner.quartier_id].covers(Point(partner.longitude, partner.latitude))
        slug = quartiers[partner.quartier_id].slug
        assert partner.city == CITY_OF.get(slug, "Lille"), partner.name
        assert re.fullmatch(r"59(000|800|160|260)", partner.postcode)
        assert re.fullmatch(r"\d{1,3}( bis)? \S.*", partner.address)


def test_a_second_run_creates_nothing(seeded):
    before = _table_counts()
    report = demo.generate_demo(db.session)
    db.session.commit()
    assert report.partners_created == 0 and report.services_created == 0
    assert report.partners_unchanged == seeded.partners_created
    assert _table_counts() == before


def test_a_partial_run_is_completed_with_the_same_partners(seeded):
    original = _snapshot()
    for partner in db.session.scalars(
        select(Partner).where(Partner.source_id.in_(["demo-0003", "demo-0150"]))
    ):
        db.session.delete(partner)
    db.session.commit()
    report = demo.generate_demo(db.session)
    db.session.commit()
    assert report.partners_created == 2
    assert _snapshot() == original


def test_the_same_seed_gives_the_same_demo(seeded):
    first = _snapshot()
    demo.remove_demo(db.session)
    db.session.commit()
    assert _snapshot() == []
    demo.generate_demo(db.session)
    db.session.commit()
    assert _snapshot() == first
    demo.remove_demo(db.session)
    demo.generate_demo(db.session, seed=7)
    db.session.commit()
    assert _snapshot() != first


def test_remove_demo_keeps_the_real_partners(seeded):
    real_ids = select(Partner.id).where(Partner.is_demo.is_(False))
    before = {
        model: _count(model, model.partner_id.in_(real_ids))
        for model in (Service, OpeningSlot, OpeningException, Closure)
    }
    real_partners = _count(Partner, Partner.is_demo.is_(False))
    assert real_partners > 0
    removed = demo.remove_demo(db.session)
    db.session.commit()
    assert removed.partners == seeded.partners_created
    assert _count(Partner, Partner.is_demo.is_(True)) == 0
    assert _count(Partner) == real_partners
    assert {model: _count(model) for model in before} == before


def _demo_partner() -> Partner:
    return db.session.scalars(select(Partner).where(Partner.is_demo.is_(True)).limit(1)).one()


def _real_partner() -> Partner:
    return db.session.scalars(select(Partner).where(Partner.is_demo.is_(False)).limit(1)).one()


def test_remove_demo_removes_the_demo_members_accounts_only(seeded, app):
    demo_only = make_user("partner", partners=[_demo_partner()], email="demo@exemple.fr")
    both = make_user("partner", partners=[_demo_partner(), _real_partner()], email="both@exemple.fr")
    admin = make_user("admin", email="admin@exemple.fr")
    db.session.commit()
    runner = app.test_cli_runner()

    preview = runner.invoke(args=["seed", "remove-demo", "--dry-run"])
    assert "demo@exemple.fr" in preview.output and "both@" not in preview.output
    assert _count(Partner, Partner.is_demo.is_(True)) == seeded.partners_created

    refused = runner.invoke(args=["seed", "remove-demo"], input="n\n")
    assert refused.exit_code != 0 and "Supprimer" in refused.output
    assert _count(Partner, Partner.is_demo.is_(True)) == seeded.partners_created

    done = runner.invoke(args=["seed", "remove-demo"], input="y\n")
    assert done.exit_code == 0, done.output
    db.session.expire_all()
    assert _count(Partner, Partner.is_demo.is_(True)) == 0
    assert db.session.get(User, demo_only.id) is None
    assert db.session.get(User, both.id) is not None and db.session.get(User, admin.id) is not None


def test_init_does_not_bring_back_a_removed_demo(seeded, app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed", "remove-demo", "--yes"]).exit_code == 0
    real = _count(Partner)

    result = runner.invoke(args=["init"])
    assert result.exit_code == 0, result.output
    assert "seed demo" in result.output  # says how to add it back on purpose
    assert _count(Partner, Partner.is_demo.is_(True)) == 0
    assert _count(Partner) == real


def test_demo_content_reads_like_real_listings(seeded):
    partners = db.session.scalars(select(Partner).where(Partner.is_demo.is_(True))).all()
    names = [fold(p.name) for p in db.session.scalars(select(Partner))]
    assert len(names) == len(set(names))
    for partner in partners:
        texts = [partner.name, partner.presentation, partner.address]
        texts += [t for s in partner.services for t in (s.name, s.description, s.documents)]
        assert not any("lorem" in text.lower() for text in texts)
        assert partner.phone == "" or re.fullmatch(r"03 53 73 \d\d \d\d", partner.phone)
        assert partner.email == "" or partner.email.endswith("@exemple-lille.fr")
        assert partner.source == "demo" and partner.source_id.startswith("demo-")
    # Some variety a user of the demo should be able to see.
    assert any(s.opens > s.closes for p in partners for s in p.slots)  # open past midnight
    assert any(p.closures for p in partners)
    assert any(p.exceptions for p in partners)
    assert any(p.status == "draft" for p in partners)
    assert any("ar" in p.languages for p in partners)
    assert any(s.fees != "gratuit" for p in partners for s in p.services)
    assert any(p.last_confirmed_at is None for p in partners)
    now = datetime.now(UTC)
    assert any(p.last_confirmed_at and now - p.last_confirmed_at > timedelta(days=183) for p in partners)
    assert any(p.last_confirmed_at and now - p.last_confirmed_at < timedelta(days=183) for p in partners)


def _dates() -> dict[str, tuple]:
    """Every date of every demo partner, by partner."""
    partners = db.session.scalars(select(Partner).where(Partner.is_demo.is_(True))).all()
    return {
        p.source_id: (
            p.last_confirmed_at.date() if p.last_confirmed_at else None,
            tuple(e.day for e in p.exceptions),
            tuple((c.start_date, c.end_date) for c in p.closures),
        )
        for p in partners
    }


def test_demo_dates_are_drawn_around_the_day_it_is_generated(app):
    importer.import_open_data(db.session)
    first_day, later_day = date(2027, 3, 15), date(2031, 10, 2)
    demo.generate_demo(db.session, today=first_day)
    first = _dates()
    demo.remove_demo(db.session)
    demo.generate_demo(db.session, today=later_day)
    later = _dates()
    shift = later_day - first_day
    assert later.keys() == first.keys()
    for key, (confirmed, days, closures) in first.items():
        moved_confirmed, moved_days, moved_closures = later[key]
        assert moved_confirmed == (confirmed + shift if confirmed else None)
        assert moved_closures == tuple((start + shift, end + shift) for start, end in closures)
        # Exceptional days fall on weekdays: a day drawn on a weekend goes to the Monday.
        assert len(moved_days) == len(days)
        assert all(abs((m - (d + shift)).days) <= 2 and m.weekday() < 5 for m, d in zip(moved_days, days, strict=True))
    # Around the day: closures under way or to come, exceptional days mostly ahead.
    closures = [c for _c, _e, cs in later.values() for c in cs]
    exceptions = [d for _c, days, _cs in later.values() for d in days]
    assert any(start <= later_day <= end for start, end in closures)
    assert any(start > later_day for start, _end in closures)
    assert all(later_day - timedelta(days=2) <= d <= later_day + timedelta(days=190) for d in exceptions)
    confirmed = [c for c, _e, _cs in later.values() if c]
    assert all(later_day - timedelta(days=640) <= c <= later_day for c in confirmed)


def test_the_demo_data_files_use_only_known_codes_and_slugs():
    """The prose of seed/data/demo/ names sub-needs, kinds, fees, access modes, audiences,
    languages and labels: each must exist, or the demo would carry codes nobody can read."""
    from portal.directory import constants
    from portal.directory.hours import parse_osm
    from seed import demo_words as words
    from seed.taxonomy import NEEDS

    subneeds = {sub.slug for need in NEEDS for sub in need.subneeds}
    needs = {need.slug for need in NEEDS}
    assert set(words.QUARTIER_WORDS) == set(words.STREETS) == set(words.QUARTIER_WEIGHTS)
    assert len(words.QUARTIER_WORDS) == 12 and all(words.STREETS.values())
    assert set(words.SERVICE_TEXTS) == subneeds  # every sub-need can be described
    for texts, _documents in words.SERVICE_TEXTS.values():
        assert texts and all(name and description for name, description in texts)
    for profile in words.PROFILES:
        assert profile.kind in constants.PARTNER_KINDS, profile.key
        assert set(profile.subneeds) <= subneeds, profile.key
        assert 1 <= profile.services[0] <= profile.services[1], profile.key
        assert all(set(modes) <= set(constants.ACCESS_MODES) for modes in profile.access), profile.key
        assert {code for code, _share in profile.labels} <= set(constants.NATIONAL_LABELS), profile.key
        for hours in profile.hours:
            assert not parse_osm(hours).is_empty, (profile.key, hours)
        for name in profile.names:
            name.format(name="X", value="Y", short="Z", de="de W")  # no unknown placeholder
        profile.presentation.format(de="de W")
    assert set(words.FEES) <= subneeds and set(words.ACCESS_OVERRIDES) <= subneeds
    assert words.REMOTE_FRIENDLY <= subneeds and set(words.AUDIENCES) == needs
    assert {code for pairs in words.FEES.values() for code, _ in pairs} <= set(constants.FEES)
    assert {m for modes in words.ACCESS_OVERRIDES.values() for m in modes} <= set(constants.ACCESS_MODES)
    assert {a for codes in words.AUDIENCES.values() for a in codes} <= set(constants.AUDIENCES)
    assert set(words.OTHER_LANGUAGES) <= set(constants.LANGUAGES)
    assert set(words.ACCESSIBILITY_NOTES) <= set(constants.ACCESSIBILITY)
    assert all("{reopening}" in message for message in words.CLOSURE_MESSAGES)
    assert len(words.MONTHS_FR) == 12
    elsewhere = [*words.ELSEWHERE["permanences"], *words.ELSEWHERE["itinerant"]]
    for item in elsewhere:
        assert set(item["subneeds"]) <= subneeds and set(item["access_modes"]) <= set(constants.ACCESS_MODES)
    for item in words.ELSEWHERE["permanences"]:
        assert {item["partner_in"], item["held_in"]} <= set(words.QUARTIER_WORDS)
    for stop in (stop for item in words.ELSEWHERE["itinerant"] for stop in item["stops"]):
        assert stop["quartier"] in words.QUARTIER_WORDS and stop["street"] in words.STREETS[stop["quartier"]]


def test_the_demo_has_a_permanence_elsewhere_and_an_itinerant_service(seeded, client):
    services = db.session.scalars(
        select(Service).join(Service.partner).where(Partner.is_demo.is_(True), Service.is_live)).all()
    permanence = next(s for s in services if s.place_address and not s.stops)
    assert "mairie" in fold(permanence.place_name)
    assert permanence.place_quartier_id is not None
    assert permanence.place_quartier_id != permanence.partner.quartier_id
    bus = next(s for s in services if s.is_itinerant)
    assert len({stop.quartier_id for stop in bus.stops}) >= 3 and None not in {stop.quartier_id for stop in bus.stops}
    assert all(stop.weekday is not None and stop.opens < stop.closes for stop in bus.stops)
    page = html.unescape(client.get(f"/partenaires/{permanence.partner.slug}").get_data(as_text=True))
    assert "Ce service a lieu à" in page and permanence.place_address in page
    page = html.unescape(client.get(f"/partenaires/{bus.partner.slug}").get_data(as_text=True))
    assert all(stop.address in page for stop in bus.stops)
