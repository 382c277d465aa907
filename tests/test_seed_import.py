"""Reference data and the import of the real open-data places of Lille."""

import csv
import re
from datetime import datetime

import pytest
from sqlalchemy import func, select

from portal.directory.hours import PARIS
from portal.directory.models import (
    Need,
    OpeningSlot,
    Partner,
    Quartier,
    Service,
    ServiceStop,
    SubNeed,
    service_subneed,
)
from portal.directory.text import fold, slugify
from portal.extensions import db
from seed import taxonomy
from seed.importer import import_open_data
from seed.loader import THEMATIQUES_FILE, load_reference

NEED_SLUGS = [
    "acces-aux-droits", "alimentation", "logement", "sante", "budget", "emploi-formation",
    "famille", "numerique", "seniors", "urgence-sociale", "handicap", "mobilite",
]


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _partners() -> list[Partner]:
    return db.session.scalars(select(Partner).order_by(Partner.id)).all()


def _named(word: str) -> list[Partner]:
    return [p for p in _partners() if word in fold(p.name)]


@pytest.fixture()
def imported(app):
    report = import_open_data(db.session)
    db.session.commit()
    return report


def test_text_helpers():
    assert slugify("Faubourg de Béthune") == "faubourg-de-bethune"
    assert slugify("Saint-Maurice Pellevoisin") == "saint-maurice-pellevoisin"
    assert slugify("Œuvre d'Émmaüs  à Lille !") == "oeuvre-d-emmaus-a-lille"
    assert len(slugify("mot " * 40, max_length=20)) <= 20
    assert fold("Ça Été") == "ca ete"


def test_reference_loads_twice_without_changes(app):
    counts = {m: _count(m) for m in (Need, SubNeed, Quartier)}
    again = load_reference(db.session)
    assert again["created"] == 0 and again["updated"] == 0
    assert {m: _count(m) for m in (Need, SubNeed, Quartier)} == counts
    slugs = db.session.scalars(select(Need.slug).order_by(Need.position)).all()
    assert slugs == NEED_SLUGS


def test_reference_restores_a_changed_label_without_duplicating(app):
    need = db.session.scalar(select(Need).where(Need.slug == "alimentation"))
    need.label = "Autre chose"
    db.session.flush()
    counts = load_reference(db.session)
    assert counts["updated"] == 1 and counts["created"] == 0
    assert need.label == "Se nourrir"
    assert _count(Need) == 12


def test_every_subneed_maps_to_existing_thematiques(app):
    with THEMATIQUES_FILE.open(encoding="utf-8") as handle:
        known = {row["value"] for row in csv.DictReader(handle)}
    subneeds = db.session.scalars(select(SubNeed)).all()
    assert len(subneeds) >= 12 * 4
    for sub in subneeds:
        assert sub.thematiques, sub.slug
        assert set(sub.thematiques) <= known, sub.slug
    assert taxonomy.check_taxonomy(known) == []


def test_import_is_idempotent(imported):
    tables = (Partner, Service, OpeningSlot, service_subneed)
    counts = {t: _count(t) for t in tables}
    stamps = {p.id: p.updated_at for p in _partners()}
    service_stamps = dict(db.session.execute(select(Service.id, Service.updated_at)).all())

    again = import_open_data(db.session)
    db.session.commit()

    assert (again.created, again.updated) == (0, 0)
    assert again.unchanged == imported.imported
    assert {t: _count(t) for t in tables} == counts
    assert {p.id: p.updated_at for p in _partners()} == stamps
    assert dict(db.session.execute(select(Service.id, Service.updated_at)).all()) == service_stamps


def test_reimport_keeps_a_field_a_person_changed(imported):
    partner = _named("emmaus")[0]
    partner.website = "https://example.org"
    db.session.commit()
    again = import_open_data(db.session)
    assert (again.updated, again.proposed) == (0, [])
    assert partner.website == "https://example.org"


def test_only_places_inside_lille_are_imported(imported):
    partners = _partners()
    assert imported.created == len(partners) >= 12
    assert all(p.quartier_id is not None for p in partners)
    assert {p.city for p in partners} <= {"Lille", "Lomme", "Hellemmes"}
    # Saint-André's CCAS shares Lille's "59350" but lies outside the polygons.
    assert not [p for p in _named("andre") if "flandres" not in fold(p.name)]
    # The itinerant bus coded in Lille is imported (see test_the_itinerant_bus_has_its_stops).
    assert not any("Bus France services" in row for row, _reason in imported.skipped)
    assert "itinérant" in str(imported)


def test_organisations_seen_in_several_sources_appear_once(imported):
    interfaces = _named("interfaces")
    assert len(interfaces) == 1
    fs = interfaces[0]
    assert (fs.source, fs.source_id, fs.kind) == ("france-services", "1933", "france-services")
    assert fs.labels == ["france-services", "conseiller-numerique"]
    names = {s.name for s in fs.services}
    assert {"Aide aux démarches administratives", "Prendre en main un ordinateur"} <= names

    konexio = _named("konexio")
    assert len(konexio) == 1 and konexio[0].address == "27 rue Jean Bart"
    assert not _named("maison des associations")  # Konexio's row under its host's name
    # Another association at the same address, with its own SIRET, stays separate.
    assert len(_named("mots pour l'ecrire")) == 1
    assert len(_named("hellemmes")) == 1
    assert len({p.slug for p in _partners()}) == len(_partners())


def test_imported_partners_are_complete_and_never_confirmed(imported):
    for partner in _partners():
        assert partner.source in {"france-services", "conseiller-numerique", "data-inclusion"}
        assert partner.source_id
        assert partner.last_confirmed_at is None
        assert (partner.status, partner.is_demo) == ("published", False)
        assert partner.live_services, partner.name
        assert all(service.subneeds for service in partner.services), partner.name
        assert not partner.phone or re.fullmatch(r"0\d( \d\d){4}", partner.phone)
        # Only the ANCT list awards the France Services label.
        assert ("france-services" in partner.labels) == (partner.source == "france-services")


def test_names_and_places_are_tidied(imported):
    lomme = _named("lomme")[0]
    assert lomme.name == "Commune associée de Lomme"
    assert lomme.quartier.slug == "saint-maurice-pellevoisin"
    assert _named("hellemmes")[0].name == "CCAS d'Hellemmes"
    assert _named("hellemmes")[0].kind == "ccas"


def test_services_are_linked_to_matching_subneeds(imported):
    konexio = _named("konexio")[0]
    by_name = {s.name: {n.slug for n in s.subneeds} for s in konexio.services}
    assert "apprendre-a-utiliser-son-telephone" in by_name[
        "Prendre en main un smartphone ou une tablette"]
    assert "apprendre-a-utiliser-un-ordinateur" in by_name["DigitAll - Intermédiaire"]
    fs = _named("interfaces")[0]
    help_ = next(s for s in fs.services if s.name == "Aide aux démarches administratives")
    assert "demarche-en-ligne-avec-quelqu-un" in {n.slug for n in help_.subneeds}
    assert help_.is_free


def test_france_services_hours_answer_open_now(imported):
    schedule = _named("interfaces")[0].schedule
    # Published hours: Monday 14:00-17:00, Tuesday 09:00-12:00 / 14:00-17:00.
    assert schedule.is_open(datetime(2024, 3, 12, 10, 0, tzinfo=PARIS))  # Tuesday morning
    assert not schedule.is_open(datetime(2024, 3, 11, 10, 0, tzinfo=PARIS))  # Monday morning
    assert schedule.is_open(datetime(2024, 3, 11, 15, 0, tzinfo=PARIS))  # Monday afternoon
    assert not schedule.is_open(datetime(2024, 3, 17, 10, 0, tzinfo=PARIS))  # Sunday


def test_the_itinerant_bus_has_its_stops(imported, client):
    (bus,) = _named("bus france services")
    assert (bus.source, bus.source_id, bus.kind) == ("france-services", "2079", "france-services")
    assert bus.quartier_id is not None and bus.live_services
    for service in bus.live_services:
        # The source gives one address and weekday hours: one stop per opening interval,
        # Monday to Thursday 09:30-12:30 and 13:30-16:00, Friday 09:00-13:00.
        stops = [(s.weekday, s.opens.strftime("%H:%M"), s.closes.strftime("%H:%M")) for s in service.stops]
        assert stops == [(d, o, c) for d in range(4) for o, c in (("09:30", "12:30"), ("13:30", "16:00"))] + [
            (4, "09:00", "13:00")]
        assert {(s.address, s.place_name) for s in service.stops} == {("rue verte", "Wormhout")}
        assert all(s.latitude == 50.636068 and s.quartier_id == bus.quartier_id for s in service.stops)
        assert service.is_elsewhere
        # Friday afternoon the bus is gone, whatever the partner's hours say.
        assert not service.schedule.is_open(datetime(2024, 3, 15, 14, 0, tzinfo=PARIS))
        assert service.schedule.is_open(datetime(2024, 3, 15, 10, 0, tzinfo=PARIS))
    page = client.get(f"/partenaires/{bus.slug}").get_data(as_text=True)
    assert "13:30" in page and "rue verte" in page

    stops_before = db.session.scalars(select(func.count()).select_from(ServiceStop)).one()
    again = import_open_data(db.session)
    db.session.commit()
    assert (again.created, again.updated) == (0, 0)
    assert db.session.scalars(select(func.count()).select_from(ServiceStop)).one() == stops_before
