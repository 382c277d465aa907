"""The CCAS's figures of the digital-inclusion network: sessions by need, quartier and month,
cancelled and full ones, and the diagnostic's anonymous counts, on the page and in CSV."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest

from portal.directory import presenters
from portal.extensions import db
from portal.workshops.models import WorkshopDate
from portal.workshops.recurrence import PARIS
from tests.factories import login, make_partner, make_user, make_workshop, quartier, subneed

FIVES = (50.6283, 3.0887)


@pytest.fixture()
def admin_client(app, client, monkeypatch):
    monkeypatch.setattr(presenters, "now", lambda: datetime(2027, 1, 10, 9, tzinfo=PARIS))
    assert login(client, make_user("admin")).status_code == 302
    return client


@pytest.fixture()
def network(app):
    """January–February 2027: a weekly workshop in Wazemmes (4 January sessions, one cancelled,
    one full; 4 in February), a one-off in Fives for two needs, an online one without a need."""
    wazemmes, fives = make_partner(), make_partner(at=FIVES)
    weekly = make_workshop(wazemmes, subneeds=[subneed("apprendre-a-utiliser-un-ordinateur")],
                           first_day=date(2027, 1, 5), frequency="weekly", until=date(2027, 2, 23))
    db.session.add_all([WorkshopDate(workshop=weekly, day=date(2027, 1, 12), state="cancelled"),
                        WorkshopDate(workshop=weekly, day=date(2027, 1, 19), state="full")])
    make_workshop(fives, first_day=date(2027, 1, 21),
                  subneeds=[subneed("apprendre-a-utiliser-un-ordinateur"), subneed("colis-alimentaire")])
    make_workshop(None, first_day=date(2027, 2, 9))
    make_workshop(wazemmes, status="pending", first_day=date(2027, 1, 7))
    db.session.flush()


def cells(html: str, table_id: str) -> list[list[str]]:
    """The table's rows as lists of cell texts."""
    import re
    from html import unescape

    table = html.split(f'id="{table_id}"')[1].split("</table>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    return [[unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in rows]


def test_the_page_shows_sessions_by_month_need_and_quartier(admin_client, network):
    response = admin_client.get("/admin/reseau-numerique?de=2027-01&a=2027-02")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert cells(html, "table-mois") == [
        ["Mois", "Séances prévues", "dont annulées", "dont complètes"],
        ["janv. 2027", "5", "1", "1"], ["févr. 2027", "5", "0", "0"], ["Total", "10", "1", "1"]]
    needs = cells(html, "table-besoins")
    assert needs[1] == ["Numérique : apprendre, s'équiper, être aidé", "5", "4", "9"]
    assert ["Se nourrir", "1", "0", "1"] in needs
    assert ["Non précisé", "0", "1", "1"] in needs
    assert needs[-1][-1] == "10"  # each session once in the total
    quartiers = cells(html, "table-quartiers")
    assert ["Wazemmes", "4", "4", "8"] in quartiers and ["Fives", "1", "0", "1"] in quartiers
    assert quartiers[-2] == ["En ligne", "0", "1", "1"]
    assert "Diagnostic numérique" in html


def test_the_csv_holds_the_same_figures_for_excel(admin_client, network):
    response = admin_client.get("/admin/reseau-numerique.csv?de=2027-01&a=2027-02")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Mois", "Code du besoin", "Besoin"]
    by_key = {(r[0], r[1], r[3]): r[5:] for r in rows[1:]}
    assert by_key[("2027-01", "numerique", "wazemmes")] == ["4", "1", "1"]
    assert by_key[("2027-01", "alimentation", "fives")] == ["1", "0", "0"]
    assert by_key[("2027-02", "", "en-ligne")] == ["1", "0", "0"]
    assert sum(int(r[5]) for r in rows[1:] if r[1] == "numerique") == 9


def test_the_diagnostic_counts_on_the_page_and_in_csv(admin_client, network):
    from portal.diagnostic.models import DiagnosticCount

    db.session.add_all([
        DiagnosticCount(month=date(2027, 1, 1), level="debutant", quartier_id=quartier("wazemmes").id, count=3),
        DiagnosticCount(month=date(2027, 1, 1), level="decouverte", quartier_id=None, count=2),
        DiagnosticCount(month=date(2027, 2, 1), level="debutant", quartier_id=quartier("wazemmes").id, count=1),
        DiagnosticCount(month=date(2026, 11, 1), level="debutant", quartier_id=None, count=50),  # outside
    ])
    db.session.flush()
    html = admin_client.get("/admin/reseau-numerique?de=2027-01&a=2027-02").get_data(as_text=True)
    assert "6 diagnostics terminés" in html
    by_quartier = cells(html, "table-diagnostic-quartiers")
    wazemmes = next(row for row in by_quartier if row[0] == "Wazemmes")
    assert wazemmes[-1] == "4"
    rows = list(csv.reader(io.StringIO(admin_client.get(
        "/admin/reseau-numerique/diagnostics.csv?de=2027-01&a=2027-02").data.decode("utf-8-sig")), delimiter=";"))
    assert rows[1:] == [["2027-01", "decouverte", "Découverte", "", "Non précisé", "2"],
                        ["2027-01", "debutant", "Débutant", "wazemmes", "Wazemmes", "3"],
                        ["2027-02", "debutant", "Débutant", "wazemmes", "Wazemmes", "1"]]


@pytest.mark.parametrize("query", ["de=2027-13&a=2027-02", "de=2027-03&a=2027-01", "de=2020-01&a=2027-01"])
def test_a_bad_range_comes_back_with_a_message(admin_client, network, query):
    response = admin_client.get(f"/admin/reseau-numerique?{query}")
    assert response.status_code == 422
    assert "field-errors" in response.get_data(as_text=True)
    assert admin_client.get(f"/admin/reseau-numerique.csv?{query}").status_code == 422


def test_the_default_range_is_around_this_month(admin_client, network):
    html = admin_client.get("/admin/reseau-numerique").get_data(as_text=True)
    assert 'value="2026-11"' in html and 'value="2027-04"' in html
