"""Deduplication, calibrated on the shipped open data: the same organisation published by
several sources with other spellings (Interfaces, Konexio, the Croix-Rouge…) is found, and
distinct organisations at one address are not taken for one another."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.directory import geo
from portal.directory.models import Partner
from portal.extensions import db
from portal.imports import matching, operations
from portal.imports.staging import _candidates
from seed import importer
from seed.sources import PlaceRecord, read_cnfs, read_data_inclusion, read_france_services
from tests.import_files import shipped_data_inclusion_v1


@pytest.fixture()
def without_data_inclusion(app, monkeypatch):
    """`init` having loaded the France Services and conseiller numérique places only."""
    monkeypatch.setattr(importer, "read_all", lambda open_dir=None: read_france_services() + read_cnfs())
    importer.import_open_data(db.session)
    db.session.flush()


def _known_duplicates() -> dict[str, set[str]]:
    """For each data·inclusion row, the other sources' rows seed.importer merges it with."""
    di = read_data_inclusion()
    ids = {id(r) for r in di}
    rows = [r for r in read_france_services() + read_cnfs() + di
            if r.latitude and geo.quartier_id_at(r.latitude, r.longitude)]
    found: dict[str, set[str]] = {}
    for cluster in importer._clusters(rows):
        for row in cluster:
            if id(row) in ids:
                found[row.source_id] = {f"{o.source}:{o.source_id}" for o in cluster if id(o) not in ids}
    return found


@pytest.mark.parametrize("with_siret", [True, False], ids=["siret", "names-and-places"])
def test_the_known_duplicates_of_the_shipped_data_are_found(without_data_inclusion, with_siret):
    structures, services = shipped_data_inclusion_v1()
    if not with_siret:  # the fuzzy score alone must find them
        structures = [{**s, "siret": None} for s in structures]
    batch = operations.stage_data_inclusion(db.session, structures, services, origin="file")
    expected = _known_duplicates()
    placed = [r for r in batch.rows if r.kind not in ("outside", "error")]
    duplicates = [r for r in placed if expected.get(r.source_id)]
    assert len(duplicates) >= 7  # Interfaces (twice), Konexio, Croix-Rouge, Emmaüs Connect…
    by_line = {r.line: r for r in batch.rows}
    for row in duplicates:
        assert row.kind in ("update", "probable", "identical", "repeated"), row.label
        if row.kind == "repeated":  # a second row of the file for the same organisation
            first = by_line[row.values["same_as"]]
            assert first.label == row.label and first.partner_id is not None
            row = first
        # The listing found is the one seed.importer built from the same organisation's rows.
        listing = db.session.get(Partner, row.partner_id)
        assert f"{listing.source}:{listing.source_id}" in expected[row.source_id], (row.label, listing.name)
    for row in placed:
        if not expected.get(row.source_id):
            assert row.kind == "new", row.label
    probable = {r.label for r in duplicates if r.kind == "probable"}
    assert probable >= ({"KONEXIO"} if with_siret else {"KONEXIO", "INTERFACES"})


def _record(partner: Partner, **values) -> PlaceRecord:
    fields = {"source": "essai", "source_id": str(partner.id), "name": partner.name,
              "address": partner.address, "postcode": partner.postcode, "latitude": partner.latitude,
              "longitude": partner.longitude, "phone": partner.phone, "email": partner.email}
    fields.update(values)
    return PlaceRecord(**fields)


def test_organisations_sharing_an_address_are_not_taken_for_one_another(app):
    """Several organisations at the Maison des associations (a real case of the shipped data)."""
    importer.import_open_data(db.session)
    db.session.flush()
    index = _candidates(db.session)
    partners = db.session.scalars(select(Partner)).all()
    pairs = 0
    for a in partners:
        for b in partners:
            if a.id < b.id and geo.distance_km((a.latitude, a.longitude), (b.latitude, b.longitude)) < 0.15:
                parts = index.score(_record(a, phone="", email=""), b.id)
                assert parts["total"] < matching.PROBABLE, (a.name, b.name, parts)
                pairs += 1
    assert pairs >= 1


def test_a_mairie_hosting_several_organisations_is_never_merged_without_a_decision(app):
    from tests.factories import make_partner

    mairie = make_partner(name="Mairie de quartier de Wazemmes", phone="03 20 54 00 00",
                          address="15 place de la Nouvelle Aventure")
    index = _candidates(db.session)
    hosted = [_record(mairie, name=name, phone="", email="", source_id=name)
              for name in ("Point d'accès au droit", "CCAS antenne Wazemmes", "Caisse d'allocations familiales")]
    assert [index.best(r) for r in hosted] == [None, None, None]
    # Sharing the mairie's phone number makes it worth a look, never an automatic merge.
    shared = index.best(_record(mairie, name="Point d'accès au droit", email="", source_id="pad"))
    assert shared is not None and shared.how == "score"


def test_a_new_spelling_of_a_listing_at_its_place_is_probable_and_another_name_is_not(app):
    importer.import_open_data(db.session)
    db.session.flush()
    index = _candidates(db.session)
    interfaces = db.session.scalar(select(Partner).where(Partner.name.like("%Interfaces%")))
    assert index.best(_record(interfaces, name="ASSOCIATION INTERFACES", phone="")).partner_id == interfaces.id
    assert index.best(_record(interfaces, name="Atelier vélo solidaire", phone="", email="")) is None
