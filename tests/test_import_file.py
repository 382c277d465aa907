"""An administrator imports a file: every line is checked and the report says which line, which
field and why, in French; nothing reaches the directory before the administrator confirms."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from portal.directory.geocoding import GeocoderUnavailable
from portal.directory.models import Partner
from portal.extensions import db
from portal.imports import bulk_geocode, mappings
from portal.imports.models import ImportBatch
from tests.factories import login, make_user
from tests.import_files import csv_bytes

HEADER = ["Nom", "Adresse", "Code postal", "Ville", "Téléphone", "Courriel", "SIRET", "Latitude",
          "Longitude", "Thématiques"]
GOOD = ["Épicerie solidaire du Marché", "12 place de la Nouvelle Aventure", "59000", "Lille",
        "03 20 12 34 56", "contact@epicerie.fr", "", "50.6257", "3.0483", "equipement-et-alimentation--alimentation"]


def _partners() -> int:
    return db.session.scalar(select(func.count(Partner.id)))


@pytest.fixture()
def admin(client):
    user = make_user("admin")
    assert login(client, user).status_code == 302
    return user


@pytest.fixture()
def geocoder(monkeypatch):
    """The bulk geocoder answers from a small address book (a row it does not know: None)."""
    book = {"rue gambetta": (50.6280, 3.0530), "rue de marquillies": (50.6090, 3.0440),
            "grand place": (50.6372, 3.0633), "rue de la gare": (50.7240, 3.1610)}
    asked = []

    def geocode(addresses):
        asked.extend(addresses)
        return [next((point for key, point in book.items() if key in a.lower()), None) for a, _, _ in addresses]

    monkeypatch.setattr(bulk_geocode, "geocode", geocode)
    return asked


def _upload(client, name: str, data: bytes, fmt: str = "data-inclusion"):
    """Send the form as a browser does (the body built here: the test client would spool a large
    one to a temporary file it never closes)."""
    boundary = "----limite-du-formulaire"
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="format"\r\n\r\n{fmt}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n").encode() + data + \
        f"\r\n--{boundary}--\r\n".encode()
    return client.post("/admin/imports", data=body, content_type=f"multipart/form-data; boundary={boundary}")


def _map(client, response, **extra):
    """Second step of a spreadsheet: accept the columns as offered (guessed or saved)."""
    assert response.status_code == 302 and response.headers["Location"].endswith("/colonnes")
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    batch = db.session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc())).first()
    guessed = {f"col_{k}": v for k, v in mappings.guess(batch.counts["header"]).items()}
    return client.post(response.headers["Location"], data={**guessed, **extra}), batch


def test_a_spreadsheet_with_bad_lines_gets_a_line_by_line_report_and_nothing_is_written(client, admin):
    rows = [HEADER, GOOD,
            ["", "1 rue Gambetta", "59000", "Lille", "", "", "", "50.628", "3.053", ""],
            ["Atelier numérique", "3 rue Gambetta", "59000", "Lille", "", "jean@", "", "50.628", "3.053", ""],
            ["Point d'accès au droit", "5 rue Gambetta", "59000", "Lille", "", "", "12345678901234",
             "50.628", "3.053", ""],
            ["Vestiaire", "7 rue Gambetta", "590", "Lille", "01 02", "", "", "95", "3.053",
             "equipement-et-alimentation--alimentation, equipement-et-alimentation--inventee"]]
    before = _partners()
    # A spreadsheet saved on Windows: ";" between cells, CRLF line ends, a BOM.
    response = _upload(client, "lieux.csv", b"\xef\xbb\xbf" + csv_bytes(rows, ";", "\r\n"), fmt="csv")
    response, batch = _map(client, response)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)

    assert "ligne 3, Nom : ce champ est obligatoire et il est vide" in page
    assert "ligne 4, Courriel : « jean@ » n&#39;est pas une adresse e-mail valide" in page
    assert "ligne 5, SIRET : « 12345678901234 » n&#39;est pas un SIRET valide" in page
    assert "ligne 6, Code postal : « 590 » n&#39;est pas un code postal (5 chiffres)" in page
    assert "ligne 6, Latitude : « 95 » n&#39;est pas une latitude valide" in page
    assert "ligne 6, Téléphone : « 01 02 » n&#39;est pas un numéro de téléphone français" in page
    assert ("ligne 6, Thématiques data·inclusion : « equipement-et-alimentation--inventee » "
            "n&#39;est pas une thématique") in page
    assert "Séparateur de colonnes : « ; »" in page
    assert batch.counts["error"] == 4 and batch.counts["new"] == 1
    assert _partners() == before  # read and checked, nothing written

    response = client.post(f"/admin/imports/{batch.id}/appliquer", data={})
    assert response.status_code == 302
    assert _partners() == before + 1
    created = db.session.scalar(select(Partner).where(Partner.name == GOOD[0]))
    assert created.is_published and created.last_confirmed_at is None
    assert created.quartier.slug == "wazemmes"
    assert "colis-alimentaire" in [sub.slug for s in created.live_services for sub in s.subneeds]
    assert created.field_sources["phone"]["source"] == "tableur : lieux.csv"


def _structure(n: int, **values) -> dict:
    row = {"source": "exemple", "id": f"s{n}", "nom": f"Structure {n}", "date_maj": "2024-05-01",
           "adresse": "10 rue Gambetta", "code_postal": "59000", "commune": "Lille",
           "latitude": 50.628, "longitude": 3.053}
    row.update(values)
    return row


def test_a_data_inclusion_file_is_validated_with_the_package(client, admin):
    payload = {"structures": [_structure(1), _structure(2, courriel="jean@"),
                              _structure(3, siret="1234"), _structure(4, nom="")],
               "services": [{"source": "exemple", "id": "v1", "structure_id": "s1", "nom": "Colis",
                             "description": "Colis alimentaires chaque semaine.", "date_maj": "2024-05-01",
                             "thematiques": ["equipement-et-alimentation--alimentation", "inventee--x"]},
                            {"source": "exemple", "id": "v2", "structure_id": "s9", "nom": "Perdu",
                             "description": "Un service sans structure.", "date_maj": "2024-05-01"}]}
    before = _partners()
    response = _upload(client, "export.json", json.dumps(payload).encode())
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "structure n° 2, courriel : « jean@ » n&#39;est pas une adresse e-mail valide" in page
    assert "structure n° 3, siret : « 1234 » n&#39;est pas un SIRET valide" in page
    assert "structure n° 4, nom : ce champ est obligatoire et il est vide" in page
    assert "service n° 1, thematiques : « inventee--x » n&#39;est pas une thématique" in page
    assert "service n° 2, structure_id : le service renvoie à la structure « s9 », absente du fichier" in page
    assert _partners() == before


def test_a_windows_spreadsheet_is_read_and_the_report_says_so(client, admin):
    data = csv_bytes([HEADER, GOOD], ",", "\r\n", encoding="cp1252")
    response, batch = _map(client, _upload(client, "ancien.csv", data, fmt="csv"))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "il a été lu en Windows-1252" in page
    assert batch.rows[0].values["record"]["name"] == "Épicerie solidaire du Marché"


@pytest.mark.parametrize(("data", "message"), [
    (b"", "Le fichier est vide"),
    (b"\r\n  \r\n", "Le fichier est vide"),
    (b"Nom;Adresse\r\n", "aucune ligne de données"),
    (b"PK\x03\x04" + bytes(range(256)) * 4, "un classeur Excel (.xlsx)"),
    (bytes(range(256)) * 40, "pas lisible comme du texte"),
    (b"\x00\x01\x02\x03binary" * 100, "pas un fichier texte"),
    (b'{"structures": [', "Ce fichier JSON est mal formé"),
])
def test_unreadable_files_get_a_clear_message(client, admin, data, message):
    fmt = "data-inclusion" if data.startswith(b"{") else "csv"
    response = _upload(client, "fichier.csv" if fmt == "csv" else "f.json", data, fmt=fmt)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ImportBatch.id))) == 0


def test_a_ten_megabyte_file_is_read(client, admin, tmp_path):
    description = "Accueil, écoute et orientation des familles du quartier. " * 40
    rows = [["Nom", "Adresse", "Code postal", "Latitude", "Longitude", "Description"]]
    n = 0
    path = tmp_path / "gros.csv"
    while sum(len(";".join(r)) for r in rows) < 10 * 1024 * 1024:
        n += 1
        rows.append([f"Association {n}", f"{n} rue Gambetta", "59000", f"{50.62 + (n % 100) / 10000:.5f}",
                     "3.053", description])
    path.write_bytes(csv_bytes(rows))
    assert path.stat().st_size > 10 * 1024 * 1024
    response, batch = _map(client, _upload(client, "gros.csv", path.read_bytes(), fmt="csv"))
    assert response.status_code == 302
    assert batch.counts["new"] + batch.counts["outside"] == n
    assert client.get(response.headers["Location"]).status_code == 200


def test_a_file_over_the_limit_gets_a_message_not_a_raw_error(app, client, admin, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_IMPORT_MAX_MB", 1)
    response = _upload(client, "gros.json", b"[" + b" " * (2 * 1024 * 1024) + b"]")
    assert response.status_code == 413
    assert "Le fichier dépasse la taille maximale de 1 Mo" in response.get_data(as_text=True)


def test_places_without_coordinates_are_geocoded_and_the_others_listed(client, admin, geocoder):
    rows = [["Nom", "Adresse", "Code postal", "Ville"],
            ["Permanence Gambetta", "20 rue Gambetta", "59000", "Lille"],
            ["Lieu introuvable", "1 impasse Nulle Part", "59000", "Lille"],
            ["Gare de Tourcoing", "1 rue de la Gare", "59200", "Tourcoing"]]
    response, batch = _map(client, _upload(client, "adresses.csv", csv_bytes(rows), fmt="csv"))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert [a for a, _, _ in geocoder] == ["20 rue Gambetta", "1 impasse Nulle Part", "1 rue de la Gare"]
    assert batch.counts["new"] == 1 and batch.counts["not-geocoded"] == 1 and batch.counts["outside"] == 1
    assert "Lieu introuvable" in page and "Gare de Tourcoing" in page
    assert "hors des quartiers" in page


def test_a_geocoder_that_is_down_is_said(client, admin, monkeypatch):
    def down(addresses):
        raise GeocoderUnavailable("down")

    monkeypatch.setattr(bulk_geocode, "geocode", down)
    rows = [["Nom", "Adresse", "Code postal", "Ville"], ["Permanence", "20 rue Gambetta", "59000", "Lille"]]
    response, batch = _map(client, _upload(client, "adresses.csv", csv_bytes(rows), fmt="csv"))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Le service d&#39;adresses ne répond pas" in page
    assert batch.counts["not-geocoded"] == 1
