"""The export of the lieux de médiation numérique (/api/v1/mediation-numerique/lieux.json and
.csv, `flask --app portal export mediation-numerique DIR`), checked against the national
schema's published rules.

The rules below are the schema's, as published by LaMednum and ANCT:
https://schema.data.gouv.fr/LaMednum/standard-mediation-num/ (source:
https://github.com/LaMednum/standard-mediation-num/blob/main/schema.json, and its change log
`descriptif-des-evolutions` for 2.0.0: `structure_parente` removed, `pivot` and `date_maj`
optional, `code_insee` on the official geographic code, `typologie` restricted to its
vocabulary). Multiple values are separated by "|".
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from sqlalchemy import select

from portal.api import mednum
from portal.directory.models import Partner
from portal.extensions import db
from tests.factories import make_partner, make_service, subneed

URL = "/api/v1/mediation-numerique/lieux"

REQUIRED = ("id", "nom", "commune", "code_postal", "adresse", "services")
PATTERNS = {
    "code_postal": r"\d{5}",
    "code_insee": r"([013-9]\d|2[AB1-9])\d{3}",
    "telephone": r"(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)\d{6,9}",
    "date_maj": r"\d{4}-\d{2}-\d{2}",
    "pivot": r"\d{14}",
}
ENUMS = {
    "services": {
        "Aide aux démarches administratives", "Maîtrise des outils numériques du quotidien",
        "Insertion professionnelle via le numérique", "Utilisation sécurisée du numérique",
        "Parentalité et éducation avec le numérique", "Loisirs et créations numériques",
        "Compréhension du monde numérique", "Accès internet et matériel informatique",
        "Acquisition de matériel informatique à prix solidaire"},
    "publics_specifiquement_adresses": {"Jeunes", "Étudiants", "Familles et/ou enfants", "Seniors",
                                        "Femmes"},
    "prise_en_charge_specifique": {"Surdité", "Handicaps moteurs", "Handicaps mentaux", "Illettrisme",
                                   "Langues étrangères (anglais)", "Langues étrangères (autres)",
                                   "Déficience visuelle"},
    "frais_a_charge": {"Gratuit", "Gratuit sous condition", "Payant"},
    "dispositif_programmes_nationaux": {
        "Aidants Connect", "Bibliothèques numérique de référence", "Certification PIX",
        "Conseillers numériques", "Emmaüs Connect", "France Services", "Grande école du numérique",
        "La Croix Rouge", "Point d'accès numérique CAF", "Promeneurs du net",
        "Relais numérique (Emmaüs Connect)"},
    "modalites_acces": {"Se présenter", "Téléphoner", "Contacter par mail", "Prendre un RDV en ligne",
                        "Ce lieu n'accueille pas de public",
                        "Envoyer un mail avec une fiche de prescription"},
    "modalites_accompagnement": {"En autonomie", "Accompagnement individuel",
                                 "Dans un atelier collectif", "À distance"},
    "itinerance": {"Itinérant", "Fixe"},
    # data·inclusion's structure types, as the schema's `typologie` vocabulary names them.
    "typologie": set(
        "ACI ACIPHC AFPA AI ASE ASSO ASSO_CHOMEUR Autre AVIP BIB CAARUD CADA CAF CAP_EMPLOI CAVA CC "
        "CCAS CCONS CD CDAS CFP CHRS CHU CIAS CIDFF CITMET CMP CMS CPAM CPH CS CSAPA CSC DEETS DEPT "
        "DIPLP E2C EA EATT EI EITI ENM EPCI EPI EPIDE EPN ES ESS ETTI EVS FABLAB FAIS FT GEIQ HUDA "
        "LA_POSTE MDE MDEF MDPH MDS MJC ML MQ MSA MSAP MUNI OACAS ODC OF OIL OPCS PAD PE PENSION PI "
        "PIJ_BIJ PIMMS PJJ PLIE PREF PREVENTION REG RESSOURCERIE RFS RS_FJT SCP SPIP TIERS_LIEUX "
        "UDAF".split()),
}
SEPARATOR = "|"


def problems(row: dict[str, str]) -> list[str]:
    """What the schema's rules refuse in one CSV row (every value a string)."""
    found = [f"{name} vide" for name in REQUIRED if not row.get(name)]
    for name, pattern in PATTERNS.items():
        if row.get(name) and not re.fullmatch(pattern, row[name]):
            found.append(f"{name} : {row[name]!r}")
    for name, allowed in ENUMS.items():
        values = row[name].split(SEPARATOR) if row.get(name) else []
        found += [f"{name} : {v!r} hors vocabulaire" for v in values if v not in allowed]
    if len(row.get("presentation_resume") or "") > 280:
        found.append("presentation_resume trop longue")
    return found


@pytest.fixture()
def places(app):
    """A place with digital services, a labelled place without any, a partner with nothing
    digital, a draft labelled partner, and a partner whose only digital service is archived."""
    digital = make_partner(name="Espace numérique Wazemmes", slug="espace-numerique-wazemmes",
                           kind="espace-numerique", phone="03 20 11 22 33", email="ept@exemple.fr",
                           languages=["fr", "en", "fsl"], siret="13003013300016", pro_phone="03 20 99 99 99",
                           pro_contact="CONTACT-SECRET", contact_email="interne-ccas@exemple.fr")
    make_service(digital, [subneed("internet-et-impression")], fees="gratuit", audiences=["seniors-65"])
    make_service(digital, [subneed("adresse-mail-et-mots-de-passe")], fees="adhesion",
                 access_modes=["telephone"], modes=["en-presentiel", "a-distance"],
                 audiences=["seniors-65"], accepts_orientations=True)
    labelled = make_partner(name="Mairie de quartier de Fives", slug="mairie-fives",
                            kind="mairie-de-quartier", labels=["aidants-connect", "pass-numerique"])
    make_service(labelled, [subneed("colis-alimentaire")])
    plain = make_partner(name="Épicerie solidaire", slug="epicerie")
    make_service(plain, [subneed("colis-alimentaire")])
    make_partner(name="BROUILLON-CACHE", slug="brouillon", status="draft",
                 labels=["france-services"])
    archived = make_partner(name="Ancien espace", slug="ancien-espace")
    make_service(archived, [subneed("internet-et-impression")], status="archived")
    db.session.flush()


def _rows(client) -> list[dict]:
    response = client.get(f"{URL}.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True), newline="")))


def test_every_place_follows_the_schemas_rules(client, places):
    rows = _rows(client)
    assert [r["id"] for r in rows] == ["espace-numerique-wazemmes", "mairie-fives"]
    assert all(problems(row) == [] for row in rows), [problems(r) for r in rows]
    assert list(rows[0]) == list(mednum.FIELDS) and "structure_parente" not in rows[0]


def test_services_labels_and_access_come_from_the_listing(client, places):
    wazemmes, fives = _rows(client)
    assert wazemmes["services"].split("|") == ["Accès internet et matériel informatique",
                                               "Maîtrise des outils numériques du quotidien",
                                               "Utilisation sécurisée du numérique"]
    assert wazemmes["frais_a_charge"] == "Gratuit|Gratuit sous condition"
    assert wazemmes["modalites_acces"] == "Se présenter|Téléphoner"
    assert wazemmes["modalites_accompagnement"] == "En autonomie|Accompagnement individuel|À distance"
    assert wazemmes["pivot"] == "13003013300016" and fives["pivot"] == ""
    assert wazemmes["typologie"] == "EPN" and wazemmes["telephone"] == "+33320112233"
    assert wazemmes["prise_en_charge_specifique"] == "Surdité|Langues étrangères (anglais)"
    # Every digital service of the place is for seniors: the place addresses them specifically.
    assert wazemmes["publics_specifiquement_adresses"] == "Seniors"
    assert wazemmes["itinerance"] == "Fixe" and wazemmes["horaires"] == "Mo-Fr 09:00-17:00; PH off"
    # A labelled place without a digital service: its label says what it offers at least.
    assert fives["dispositif_programmes_nationaux"] == "Aidants Connect"
    assert fives["services"] == "Aide aux démarches administratives" and fives["typologie"] == "MUNI"


def test_the_json_holds_the_same_places_with_lists(client, places):
    response = client.get(f"{URL}.json")
    assert response.status_code == 200
    rows = json.loads(response.get_data(as_text=True))
    assert [r["id"] for r in rows] == [r["id"] for r in _rows(client)]
    assert rows[1]["dispositif_programmes_nationaux"] == ["Aidants Connect"]
    assert response.headers["Link"].endswith('rel="license"')


def test_no_professional_value_or_draft_appears(client, places):
    for fmt in ("json", "csv"):
        body = client.get(f"{URL}.{fmt}").get_data(as_text=True)
        for marker in ("99 99 99", "320999999", "CONTACT-SECRET", "interne-ccas", "BROUILLON"):
            assert marker not in body, (fmt, marker)


def test_a_place_without_an_address_is_left_out_and_named(app, places, tmp_path):
    partner = db.session.scalar(select(Partner).where(Partner.slug == "mairie-fives"))
    partner.address = ""
    db.session.flush()
    result = app.test_cli_runner().invoke(args=["export", "mediation-numerique", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "lieux : 1 ligne(s) écrite(s)" in result.output
    assert "laissée de côté : mairie-fives — champ obligatoire vide : adresse" in result.output
    assert (tmp_path / "lieux.csv").is_file() and (tmp_path / "lieux.json").is_file()


def test_the_summary_counts_what_the_file_holds(places):
    assert mednum.summary().count == len(list(mednum.lieu_rows())) == 2


def test_french_numbers_are_written_as_the_schema_wants():
    assert mednum.e164("03.20.49.50.00") == "+33320495000"
    assert mednum.e164("+33 3 20 49 50 00") == "+33320495000"
    assert mednum.e164("115") == ""
