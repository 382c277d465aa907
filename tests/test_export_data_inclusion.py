"""The data·inclusion export: what national tools download from /api/v1/data-inclusion/ and
what `flask --app portal export data-inclusion DIR` writes. Every row is re-validated here with
the official package (data-inclusion-schema), and its quality score recomputed with it."""

from __future__ import annotations

import csv
import io
import json
from datetime import time

import pytest
from data_inclusion.schema.v1 import Service, Structure, Thematique, score_qualite

from portal.api import data_inclusion, open_files
from portal.api.export_views import OPENAPI_PATHS
from portal.directory.models import ServiceStop
from portal.extensions import db
from seed.taxonomy import NEEDS
from tests.factories import make_partner, make_service, subneed

BASE = "/api/v1/data-inclusion"
SECRETS = {
    "pro_phone": "03 20 99 99 99",
    "pro_contact": "CONTACT-SECRET Mme Lemaire",
    "pro_email": "orientation-secrete@exemple.fr",
    "pro_procedure": "PROCEDURE-SECRETE : appeler avant.",
    "pro_documents": "DOCUMENTS-SECRETS : avis d'imposition.",
    "contact_email": "adresse-interne-ccas@exemple.fr",
    "imported": {"name": "VALEUR-IMPORTEE-SECRETE"},
}
MARKERS = ("99 99 99", "320999999", "CONTACT-SECRET", "orientation-secrete", "PROCEDURE-SECRETE",
           "DOCUMENTS-SECRETS", "adresse-interne-ccas", "VALEUR-IMPORTEE-SECRETE",
           "accepts_orientations", "pro_", "BROUILLON-CACHE", "SERVICE-ARCHIVE")


@pytest.fixture()
def world(app):
    """A published partner with secrets, a live service, an archived one and a service given
    elsewhere; a draft partner and its service."""
    partner = make_partner(name="Maison Solidaire Fives", slug="maison-solidaire-fives",
                           phone="03 20 11 22 33", email="accueil@maison-fives.fr",
                           website="https://maison-fives.example.org/", labels=["france-services"],
                           kind="centre-social", presentation="Un centre social ouvert à tous.",
                           siret="13003013300016", **SECRETS)
    live = make_service(partner, [subneed("demarche-en-ligne-avec-quelqu-un"),
                                  subneed("colis-alimentaire")],
                        name="Aide aux démarches en ligne", accepts_orientations=True,
                        description="Un bénévole vous aide à faire vos démarches en ligne. " * 5,
                        documents="Pièce d'identité, numéro d'allocataire.")
    make_service(partner, [subneed("colis-alimentaire")], name="SERVICE-ARCHIVE", status="archived")
    away = make_service(partner, [subneed("passer-le-permis-de-conduire")], name="Permis solidaire",
                        fees="payant", fees_detail="50 € le forfait.")
    away.stops = [ServiceStop(place_name="Mairie de quartier", address="1 place Jacques Febvrier",
                              postcode="59260", city="Hellemmes", latitude=50.628, longitude=3.11,
                              weekday=2, opens=time(14), closes=time(17))]
    draft = make_partner(name="BROUILLON-CACHE", slug="brouillon-cache", status="draft")
    make_service(draft, [subneed("colis-alimentaire")], name="BROUILLON-CACHE service")
    db.session.flush()
    return {"partner": partner, "live": live, "away": away, "draft": draft}


def _json(client, name: str) -> list[dict]:
    response = client.get(f"{BASE}/{name}.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return json.loads(response.get_data(as_text=True))


def test_every_row_validates_with_the_package_and_carries_its_own_quality_score(client, world):
    structures, services = _json(client, "structures"), _json(client, "services")
    assert [s["id"] for s in structures] == ["annuaire-social-lille--maison-solidaire-fives"]
    assert {s["id"] for s in services} == {f"annuaire-social-lille--{world['live'].id}",
                                          f"annuaire-social-lille--{world['away'].id}"}
    for row in structures:
        assert Structure.model_validate(row).model_dump(mode="json")["id"] == row["id"]
    for row in services:
        record = Service.model_validate(row)
        assert row["score_qualite"] == score_qualite.score(record)[0]
        assert row["structure_id"] == structures[0]["id"]


def test_a_row_holds_the_public_values_mapped_to_the_vocabulary(client, world):
    structure = _json(client, "structures")[0]
    assert structure["reseaux_porteurs"] == ["france-service"]
    assert structure["siret"] == "13003013300016" and structure["description"].startswith("Un centre")
    assert structure["site_web"] == "https://maison-fives.example.org/"
    assert structure["code_insee"] == "59350" and structure["code_postal"] == "59000"
    assert structure["horaires_accueil"] == "Mo-Fr 09:00-17:00; PH off"
    assert structure["lien_source"].endswith("/partenaires/maison-solidaire-fives")
    services = {row["nom"]: row for row in _json(client, "services")}
    live = services["Aide aux démarches en ligne"]
    # Thématiques are the union of the service's sub-needs' mappings.
    expected = set(subneed("demarche-en-ligne-avec-quelqu-un").thematiques) | set(
        subneed("colis-alimentaire").thematiques)
    assert set(live["thematiques"]) == expected
    assert live["frais"] == "gratuit" and live["publics"] == ["tous-publics"]
    assert live["modes_mobilisation"] == ["se-presenter"] and live["mobilisable_par"] == ["usagers"]
    assert live["conditions_acces"] == "Pièce d'identité, numéro d'allocataire."
    assert live["telephone"] == "03 20 11 22 33" and live["courriel"] == "accueil@maison-fives.fr"
    # A service given elsewhere: its stop's address, commune and hours.
    away = services["Permis solidaire"]
    assert away["thematiques"] == sorted(subneed("passer-le-permis-de-conduire").thematiques)
    assert (away["adresse"], away["commune"], away["code_insee"]) == (
        "1 place Jacques Febvrier", "Hellemmes", "59350")
    assert away["horaires_accueil"] == "We 14:00-17:00; PH off"
    assert away["frais"] == "payant" and away["frais_precisions"] == "50 € le forfait."


def test_no_professional_value_draft_or_archived_service_appears_in_any_file(client, world):
    for path in (f"{BASE}/{name}.{fmt}" for name in ("structures", "services") for fmt in ("json", "csv")):
        body = client.get(path).get_data(as_text=True)
        assert [m for m in MARKERS if m.lower() in body.lower()] == [], path


def test_the_csv_has_the_schemas_header_and_the_same_rows_as_the_json(client, world):
    for name, model in (("structures", Structure), ("services", Service)):
        response = client.get(f"{BASE}/{name}.csv")
        assert response.status_code == 200 and response.mimetype == "text/csv"
        reader = csv.DictReader(io.StringIO(response.data.decode("utf-8"), newline=""))
        assert set(model.model_fields) <= set(reader.fieldnames)
        rows = list(reader)
        as_json = _json(client, name)
        assert len(rows) == len(as_json)
        for from_csv, from_json in zip(rows, as_json, strict=True):
            assert from_csv == {k: open_files.cell(v) for k, v in from_json.items()}
    thematiques = next(r for r in rows if r["nom"] == "Aide aux démarches en ligne")["thematiques"]
    assert len(thematiques.split("|")) == 3


def test_a_row_the_package_refuses_is_left_out_and_counted(client, world):
    world["partner"].website = "pas une adresse web"
    db.session.flush()
    assert _json(client, "structures") == []
    assert len(_json(client, "services")) == 2  # services do not carry the website
    from portal.api import exports

    report = exports.Report()
    assert list(exports.structure_rows(report)) == []
    assert report.left_out[0][0] == "annuaire-social-lille--maison-solidaire-fives"
    assert "site_web" in report.left_out[0][1]


def test_the_licence_dates_and_cache_validators_are_in_the_headers(app, client, world):
    response = client.get(f"{BASE}/services.json")
    assert response.get_data()  # a streamed body is read (as any HTTP client does)
    assert response.headers["Link"] == f'<{app.config["PORTAL_OPEN_DATA_LICENCE_URL"]}>; rel="license"'
    assert response.headers["X-Generated-At"] and "public" in response.headers["Cache-Control"]
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    etag = response.headers["ETag"]
    again = client.get(f"{BASE}/services.json", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    # An edit changes the file, and its validator with it.
    world["live"].name = "Aide aux démarches, nouveau nom"
    db.session.flush()
    changed = client.get(f"{BASE}/services.json", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and b"nouveau nom" in changed.get_data()
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_the_command_writes_the_four_files_and_says_what_it_did(app, world, tmp_path):
    result = app.test_cli_runner().invoke(args=["export", "data-inclusion", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "structures : 1 ligne(s) écrite(s)" in result.output
    assert "services : 2 ligne(s) écrite(s)" in result.output and "Terminé en" in result.output
    written = json.loads((tmp_path / "out" / "services.json").read_text(encoding="utf-8"))
    assert {r["id"] for r in written} == {r["id"] for r in _json(app.test_client(), "services")}
    with (tmp_path / "out" / "structures.csv").open(encoding="utf-8", newline="") as handle:
        assert [r["nom"] for r in csv.DictReader(handle)] == ["Maison Solidaire Fives"]


def test_the_command_names_the_rows_it_left_out(app, world, tmp_path):
    world["partner"].website = "pas une adresse web"
    db.session.flush()
    result = app.test_cli_runner().invoke(args=["export", "data-inclusion", str(tmp_path)])
    assert "structures : 0 ligne(s) écrite(s)" in result.output
    assert "laissée de côté : annuaire-social-lille--maison-solidaire-fives — site_web" in result.output


def test_every_thematique_of_the_taxonomy_is_in_the_packages_vocabulary():
    known = {t.value for t in Thematique}
    named = {code for need in NEEDS for sub in need.subneeds for code in sub.thematiques}
    assert named - known == set()


def test_the_openapi_paths_describe_every_export_route(app):
    rules = {r.rule for r in app.url_map.iter_rules() if r.endpoint.startswith("api.")
             and r.rule.endswith((".json", ".csv")) and "openapi" not in r.rule}
    assert rules == set(OPENAPI_PATHS)
    for path, item in OPENAPI_PATHS.items():
        content = item["get"]["responses"]["200"]["content"]
        assert list(content) == ["text/csv" if path.endswith(".csv") else "application/json"]


def test_to_structure_maps_plain_values_without_a_database():
    record = data_inclusion.to_structure(
        partner_key="p", name="Espace numérique", updated_on=__import__("datetime").date(2026, 1, 5),
        labels=["conseiller-numerique", "pass-numerique"], kind="ccas", description="abc")
    assert {r.value for r in record.reseaux_porteurs} == {"conseillers-numeriques", "ccas-cias"}
    assert record.description is None  # too short for the schema: left out, not padded
