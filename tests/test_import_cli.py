"""`flask --app portal import FILE`: the same report in the terminal, --dry-run writes nothing,
confirmation before writing, and probable matches left for the review page."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from portal.directory.models import Partner
from portal.extensions import db
from portal.imports.models import ImportBatch
from tests.factories import make_partner
from tests.import_files import csv_bytes


def _counts():
    return (db.session.scalar(select(func.count(Partner.id))),
            db.session.scalar(select(func.count(ImportBatch.id))))


def _file(tmp_path):
    existing = make_partner(name="Centre social Marcel Bertrand", phone="03 20 10 20 30")
    db.session.commit()
    rows = [["Nom", "Téléphone", "Courriel", "Latitude", "Longitude"],
            ["Épicerie solidaire", "", "", "50.6257", "3.0483"],
            ["CENTRE SOCIAL MARCEL BERTRAND", "03 20 10 20 30", "accueil@cs-bertrand.fr", f"{existing.latitude}",
             f"{existing.longitude}"],
            ["Atelier", "", "jean@", "50.6257", "3.0483"]]
    path = tmp_path / "lieux.csv"
    path.write_bytes(csv_bytes(rows, ";"))
    return path


def test_dry_run_prints_the_report_and_writes_nothing(app, tmp_path):
    path = _file(tmp_path)
    before = _counts()
    result = app.test_cli_runner().invoke(args=["import", str(path), "--format", "csv", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "ligne 4, Courriel : « jean@ » n'est pas une adresse e-mail valide" in result.output
    assert "nouveaux lieux : 1" in result.output and "probablement déjà dans l'annuaire : 1" in result.output
    assert "rien n'a été écrit" in result.output
    assert _counts() == before


def test_without_confirmation_nothing_is_written(app, tmp_path):
    path = _file(tmp_path)
    before = _counts()
    result = app.test_cli_runner().invoke(args=["import", str(path), "--format", "csv"], input="n\n")
    assert "Abandon : rien n'a été écrit." in result.output
    assert _counts() == before


def test_yes_applies_the_sure_rows_and_leaves_probable_ones_for_the_review(app, tmp_path):
    path = _file(tmp_path)
    mapping = tmp_path / "colonnes.json"
    mapping.write_text(json.dumps({"name": "Nom", "phone": "Téléphone", "email": "Courriel",
                                   "latitude": "Latitude", "longitude": "Longitude"}), encoding="utf-8")
    partners, batches = _counts()
    result = app.test_cli_runner().invoke(args=["import", str(path), "--mapping", str(mapping), "--yes"])
    assert result.exit_code == 0, result.output
    batch = db.session.scalars(select(ImportBatch)).one()
    assert "1 fiches créées" in result.output
    assert f"/admin/imports/{batch.id}" in result.output
    assert _counts() == (partners + 1, batches + 1)
    assert batch.status == "partial"


def test_an_unreadable_file_is_refused_with_a_message(app, tmp_path):
    path = tmp_path / "vide.json"
    path.write_bytes(b"")
    result = app.test_cli_runner().invoke(args=["import", str(path)])
    assert result.exit_code == 1 and "Le fichier est vide" in result.output
