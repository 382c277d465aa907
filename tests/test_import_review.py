"""The review of an import: probable matches side by side with merge / keep both / skip, a value
a person set is never overwritten without saying so, and importing the same file again changes
nothing."""

from __future__ import annotations

import copy
import json
from io import BytesIO

import pytest
from sqlalchemy import func, select

from portal.directory.models import Partner
from portal.extensions import db
from portal.imports import operations
from portal.imports.models import ImportBatch
from portal.moderation import operations as moderation
from portal.moderation.constants import IMPORT, PENDING
from portal.moderation.models import Revision
from portal.moderation.snapshots import snapshot_of
from tests.factories import WAZEMMES, login, make_partner, make_user
from tests.import_files import csv_bytes


@pytest.fixture()
def admin(client):
    user = make_user("admin")
    assert login(client, user).status_code == 302
    return user


def _structure(n: int, **values) -> dict:
    row = {"source": "exemple", "id": f"s{n}", "nom": f"Maison des solidarités {n}",
           "date_maj": "2024-05-01", "adresse": f"{n} rue Gambetta", "code_postal": "59000",
           "commune": "Lille", "latitude": 50.628 + n / 1000, "longitude": 3.053,
           "telephone": f"03 20 00 00 0{n}", "courriel": f"accueil{n}@solidarites.fr"}
    row.update(values)
    return row


SERVICES = [{"source": "exemple", "id": "v1", "structure_id": "s1", "nom": "Colis alimentaires",
             "description": "Un colis chaque semaine.", "date_maj": "2024-05-01",
             "thematiques": ["equipement-et-alimentation--alimentation"], "frais": "gratuit"}]


def _apply_file(structures, services=()):
    batch = operations.stage_data_inclusion(db.session, structures, list(services), origin="file")
    operations.apply_batch(db.session, batch)
    db.session.commit()
    return batch


def _counts():
    return (db.session.scalar(select(func.count(Partner.id))),
            db.session.scalar(select(func.count(Revision.id))))


def test_importing_the_same_file_again_changes_nothing(app):
    structures = [_structure(1), _structure(2)]
    first = _apply_file(structures, SERVICES)
    assert first.applied["created"] == 2
    partners = db.session.scalars(select(Partner).order_by(Partner.id)).all()
    before = {p.id: (snapshot_of(p), p.updated_at, p.version, p.field_sources) for p in partners}
    counts = _counts()

    again = operations.stage_data_inclusion(db.session, copy.deepcopy(structures), list(SERVICES), origin="file")
    assert again.counts["identical"] == 2 and again.counts["new"] == again.counts["update"] == 0
    report = operations.apply_batch(db.session, again)
    db.session.commit()

    assert not report.writes_anything and report.unchanged == 2
    assert _counts() == counts
    db.session.expire_all()
    assert {p.id: (snapshot_of(p), p.updated_at, p.version, p.field_sources) for p in partners} == before


def test_a_value_a_person_set_becomes_a_proposal_and_the_review_says_so(client, admin):
    _apply_file([_structure(1)], SERVICES)
    partner = db.session.scalar(select(Partner).where(Partner.source_id == "s1"))
    member = make_user("partner", partners=[partner])
    head = moderation.head_of(partner)
    snapshot = copy.deepcopy(head.snapshot)
    snapshot["partner"]["phone"] = "03 20 55 55 55"
    moderation.approve(moderation.propose_change(partner, snapshot, member, partner.version,
                                                 head.revision_id), admin)
    db.session.commit()
    assert partner.field_sources["phone"]["source"] == "saisie"

    # The source changes the phone too, and the presentation nobody touched.
    changed = _structure(1, telephone="03 20 99 99 99", description="Accueil du lundi au vendredi.")
    batch = operations.stage_data_inclusion(db.session, [changed], list(SERVICES), origin="file")
    db.session.commit()
    assert batch.counts["update"] == 1
    page = client.get(f"/admin/imports/{batch.id}").get_data(as_text=True)
    phone_row = page[page.index("03 20 99 99 99"):][:900]
    assert "03 20 55 55 55" in phone_row and "saisi à la main le" in phone_row
    assert "modifié à la main : la valeur du fichier sera proposée à la modération, pas écrite" in phone_row
    assert "remplacé par la valeur du fichier" in page  # the presentation

    assert client.post(f"/admin/imports/{batch.id}/appliquer", data={}).status_code == 302
    db.session.expire_all()
    assert partner.phone == "03 20 55 55 55"  # kept
    assert partner.presentation == "Accueil du lundi au vendredi."
    proposal = moderation.pending_for(partner)
    assert proposal.kind == IMPORT and proposal.status == PENDING
    assert proposal.snapshot["partner"]["phone"] == "03 20 99 99 99"
    assert partner.field_sources["presentation"]["source"] == "data-inclusion"


def test_the_review_does_what_each_decision_says(client, admin):
    kept = {n: make_partner(name=name, phone=f"03 20 40 40 4{n}", at=(WAZEMMES[0] + n / 10000, WAZEMMES[1]))
            for n, name in ((1, "Secours populaire Wazemmes"), (2, "Restos du coeur Wazemmes"),
                            (3, "Croix-Rouge Wazemmes"))}
    rows = [["Nom", "Téléphone", "Latitude", "Longitude", "Site web"]] + [
        [f"{p.name.upper()}", p.phone, f"{p.latitude}", f"{p.longitude}", f"https://site{n}.exemple.fr"]
        for n, p in kept.items()] + [["Un lieu tout nouveau", "", "50.6257", "3.0483", ""]]
    partners_before = db.session.scalar(select(func.count(Partner.id)))
    upload = client.post("/admin/imports", data={"format": "csv", "files": (BytesIO(csv_bytes(rows)), "t.csv")},
                         content_type="multipart/form-data")
    mapping = {"col_name": "Nom", "col_phone": "Téléphone", "col_latitude": "Latitude",
               "col_longitude": "Longitude", "col_website": "Site web", "save_as": "Tableau des associations"}
    staged = client.post(upload.headers["Location"], data=mapping)
    batch = db.session.scalars(select(ImportBatch)).one()
    assert batch.counts["probable"] == 3 and batch.counts["new"] == 1
    page = client.get(staged.headers["Location"]).get_data(as_text=True)
    assert "Le fichier et la fiche, champ par champ" in page and "https://site1.exemple.fr" in page
    by_partner = {r.partner_id: r for r in batch.rows if r.partner_id}
    decisions = {f"row-{by_partner[kept[1].id].id}": "merge", f"row-{by_partner[kept[2].id].id}": "keep-both",
                 f"row-{by_partner[kept[3].id].id}": "skip"}

    assert client.post(f"/admin/imports/{batch.id}/appliquer", data=decisions).status_code == 302
    db.session.expire_all()
    assert kept[1].website == "https://site1.exemple.fr"  # merged
    assert kept[1].name == "Secours populaire Wazemmes"  # a name that only shouts is not taken
    assert kept[2].website == "" and kept[3].website == ""  # kept apart / skipped
    assert db.session.scalar(select(func.count(Partner.id))) == partners_before + 2  # keep-both + new
    twin = db.session.scalar(select(Partner).where(Partner.website == "https://site2.exemple.fr"))
    assert twin is not None and twin.id != kept[2].id
    assert batch.status == "applied"

    # The mapping was saved: a file with the same columns gets it again.
    again = client.post("/admin/imports", data={"format": "csv", "files": (BytesIO(csv_bytes(rows)), "t.csv")},
                        content_type="multipart/form-data")
    form = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "Tableau des associations" in form
    assert '<option selected value="Site web">' in form or 'value="Site web" selected' in form


def test_a_probable_match_without_a_decision_waits(client, admin):
    partner = make_partner(name="Centre social Marcel Bertrand", phone="03 20 10 20 30")
    structure = _structure(7, nom="CENTRE SOCIAL MARCEL BERTRAND", telephone="03 20 10 20 30",
                           latitude=partner.latitude, longitude=partner.longitude)
    batch = operations.stage_data_inclusion(db.session, [structure], [], origin="sync")
    assert batch.counts["probable"] == 1
    report = operations.apply_batch(db.session, batch)
    assert report.waiting == ["CENTRE SOCIAL MARCEL BERTRAND"] and not report.writes_anything
    assert batch.status == "partial"
    assert json.dumps(batch.applied)


def _upload_sheet(client, rows) -> ImportBatch:
    upload = client.post("/admin/imports", data={"format": "csv", "files": (BytesIO(csv_bytes(rows)), "t.csv")},
                         content_type="multipart/form-data")
    mapping = {"col_name": "Nom", "col_address": "Adresse", "col_postcode": "CP", "col_city": "Ville",
               "col_phone": "Téléphone", "col_latitude": "Latitude", "col_longitude": "Longitude"}
    assert client.post(upload.headers["Location"], data=mapping).status_code == 302
    return db.session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc())).first()


# One place written twice in one spreadsheet (another spelling, the same phone), and two
# antennas of one association whose names differ only by their number.
TWICE = [["Nom", "Adresse", "CP", "Ville", "Téléphone", "Latitude", "Longitude"],
         ["Épicerie solidaire du Faubourg", "12 rue Pierre Legrand", "59800", "Lille", "03 20 55 66 77",
          "50.6283", "3.0887"],
         ["Antenne 1 de l'Accorderie", "3 rue de Lannoy", "59800", "Lille", "", "50.6290", "3.0800"],
         ["EPICERIE SOLIDAIRE FAUBOURG", "12, r. Pierre Legrand", "59800", "Lille", "0320556677",
          "50.62831", "3.08871"],
         ["Antenne 2 de l'Accorderie", "5 rue de Lannoy", "59800", "Lille", "", "50.6291", "3.0801"]]


def test_a_place_written_twice_in_one_file_is_created_once(client, admin):
    batch = _upload_sheet(client, TWICE)
    kinds = {row.line: row.kind for row in batch.rows}
    assert kinds == {2: "new", 3: "new", 4: "repeated", 5: "new"}
    repeated = next(row for row in batch.rows if row.kind == "repeated")
    assert repeated.values["same_as"] == 2
    page = client.get(f"/admin/imports/{batch.id}").get_data(as_text=True)
    assert "en double dans ce fichier (1)" in page and "comme la ligne 2" in page
    # Skipping it is what happens unless the administrator says otherwise.
    assert f'id="row-{repeated.id}-skip" name="row-{repeated.id}" value="skip" checked' in page

    partners_before = db.session.scalar(select(func.count(Partner.id)))
    assert client.post(f"/admin/imports/{batch.id}/appliquer", data={}).status_code == 302
    names = db.session.scalars(select(Partner.name).where(Partner.postcode == "59800")).all()
    assert sorted(names) == ["Antenne 1 de l'Accorderie", "Antenne 2 de l'Accorderie",
                             "Épicerie solidaire du Faubourg"]
    assert db.session.scalar(select(func.count(Partner.id))) == partners_before + 3
    assert client.get(f"/admin/imports/{batch.id}").get_data(as_text=True).count("Déjà traité : Ignorer cette ligne") == 1


def test_two_places_the_matcher_took_for_one_can_both_be_kept(client, admin):
    batch = _upload_sheet(client, TWICE)
    repeated = next(row for row in batch.rows if row.kind == "repeated")
    partners_before = db.session.scalar(select(func.count(Partner.id)))
    response = client.post(f"/admin/imports/{batch.id}/appliquer", data={f"row-{repeated.id}": "keep-both"})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(Partner.id))) == partners_before + 4
    # Importing the file again: every line is now a listing of the directory, nothing to do.
    again = _upload_sheet(client, TWICE)
    assert again.counts["new"] == again.counts["repeated"] == 0


def test_two_lines_matching_one_listing_do_not_take_turns_rewriting_it(app):
    partner = make_partner(name="Centre social Marcel Bertrand", phone="03 20 10 20 30")
    near = {"latitude": partner.latitude, "longitude": partner.longitude, "telephone": "03 20 10 20 30"}
    structures = [_structure(1, nom="CENTRE SOCIAL MARCEL BERTRAND", site_web="https://cs-bertrand.fr", **near),
                  _structure(2, nom="Centre social M. Bertrand", site_web="https://bertrand.exemple.fr", **near)]
    batch = operations.stage_data_inclusion(db.session, copy.deepcopy(structures), [], origin="file")
    first, second = sorted(batch.rows, key=lambda r: r.line)
    assert (first.kind, first.partner_id) == ("probable", partner.id)
    assert second.kind == "repeated" and second.values["same_as"] == first.line
    operations.set_decisions(batch, {first.id: "merge"})
    operations.apply_batch(db.session, batch)
    db.session.commit()
    assert partner.website.rstrip("/") == "https://cs-bertrand.fr"
    before = (snapshot_of(partner), partner.version, _counts())

    again = operations.stage_data_inclusion(db.session, copy.deepcopy(structures), [], origin="file")
    assert sorted((r.line, r.kind) for r in again.rows) == [(first.line, "identical"), (second.line, "repeated")]
    report = operations.apply_batch(db.session, again)
    db.session.commit()
    assert not report.writes_anything
    assert (snapshot_of(partner), partner.version, _counts()) == before


def test_the_next_init_keeps_what_an_import_brought_into_a_shipped_listing(app):
    from seed import importer

    importer.import_open_data(db.session)
    db.session.commit()
    listing = db.session.scalars(select(Partner).where(Partner.source == "france-services")
                                 .order_by(Partner.id)).first()
    newer = _structure(1, nom=listing.name, adresse=listing.address, code_postal=listing.postcode,
                       commune=listing.city, latitude=listing.latitude, longitude=listing.longitude,
                       telephone="03 20 99 88 77", courriel="accueil@france-services-exemple.fr")
    batch = operations.stage_data_inclusion(db.session, [newer], [], origin="file")
    row = batch.rows[0]
    assert (row.kind, row.partner_id) in {("update", listing.id), ("probable", listing.id)}
    operations.set_decisions(batch, {row.id: "merge"})
    operations.apply_batch(db.session, batch)
    db.session.commit()
    assert listing.phone.replace(" ", "") == "0320998877"
    before = (snapshot_of(listing), listing.imported, listing.version)

    # A deployment runs init, which imports the shipped open data again.
    report = importer.import_open_data(db.session)
    db.session.commit()
    db.session.expire_all()
    assert (snapshot_of(listing), listing.imported, listing.version) == before
    assert f"{listing.name} : mis à jour par un import plus récent" in "\n".join(report.notes)


def test_a_skipped_probable_match_comes_back_with_the_same_choice(client, admin):
    partner = make_partner(name="Centre social Marcel Bertrand", phone="03 20 10 20 30")
    structure = _structure(7, nom="CENTRE SOCIAL MARCEL BERTRAND", telephone="03 20 10 20 30",
                           latitude=partner.latitude, longitude=partner.longitude)
    first = operations.stage_data_inclusion(db.session, [copy.deepcopy(structure)], [], origin="file")
    operations.set_decisions(first, {first.rows[0].id: "skip"})
    operations.apply_batch(db.session, first)
    db.session.commit()

    again = operations.stage_data_inclusion(db.session, [copy.deepcopy(structure)], [], origin="file")
    db.session.commit()
    row = again.rows[0]
    assert (row.kind, row.decision) == ("probable", "skip")
    page = client.get(f"/admin/imports/{again.id}").get_data(as_text=True)
    assert "Vous avez ignoré cette ligne lors d'un import précédent" in page
    assert f'id="row-{row.id}-skip" name="row-{row.id}" value="skip" checked' in page
    # The administrator may still merge it.
    assert client.post(f"/admin/imports/{again.id}/appliquer", data={f"row-{row.id}": "merge"}).status_code == 302
    assert db.session.get(type(row), row.id).result in ("updated", "proposed", "unchanged")
