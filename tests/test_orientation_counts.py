"""The CCAS's anonymous counts: slips, sendings, requests and answers by month, need and quartier,
on an admin page and as a CSV file. A slip of three places of two needs is one slip in all and
one for each need."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest

from portal.db import utcnow
from portal.extensions import db
from portal.orientation import stats
from tests.factories import login, make_partner, make_service, make_user, subneed

FIVES = (50.6290, 3.0900)
MARCH = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
APRIL = datetime(2026, 4, 2, 15, 0, tzinfo=UTC)


class _Tables(HTMLParser):
    """The tables of a page by id: {row heading: [cells]} (the heading row included)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, dict[str, list[str]]] = {}
        self._table = self._row = self._cell = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._table = self.tables.setdefault(dict(attrs).get("id", ""), {})
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("th", "td") and self._row is not None:
            self._cell = []

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row:
            self._table[self._row[0]] = self._row[1:]
            self._row = None
        elif tag == "table":
            self._table = None


def tables(response) -> dict[str, dict[str, list[str]]]:
    parser = _Tables()
    parser.feed(response.get_data(as_text=True))
    return parser.tables


def column(table: dict[str, list[str]], kind_label: str) -> dict[str, int]:
    """One column of a counts table, by row heading."""
    headings = table[next(iter(table))]
    index = headings.index(kind_label)
    return {row: int(cells[index]) for row, cells in list(table.items())[1:]}


@pytest.fixture()
def admin_client(client):
    assert login(client, make_user("admin")).status_code == 302
    return client


@pytest.fixture()
def events(app):
    """Known counts: in March two slips (one of three places touching two needs and two
    quartiers) and a place without needs; in April an SMS, a request and its acceptance."""
    wazemmes = make_partner(name="Épicerie de Wazemmes")
    fives = make_partner(name="Restaurant de Fives", at=FIVES)
    food = make_service(wazemmes, [subneed("colis-alimentaire")])
    shelter = make_service(wazemmes, [subneed("hebergement-ce-soir")])
    meal = make_service(fives, [subneed("repas-chaud")])
    bare = make_partner(name="Lieu sans service")
    stats.record("slip", [(wazemmes, food), (wazemmes, shelter), (fives, meal)], now=MARCH)
    stats.record("slip", [(wazemmes, food)], now=MARCH)
    stats.record("email", [(bare, None)], now=MARCH)
    stats.record("sms", [(fives, meal)], now=APRIL)
    stats.record_pair("request", "alimentation", "", now=APRIL)
    stats.record_pair("accepted", "alimentation", "", now=APRIL)
    stats.record("slip", [(fives, meal)], now=datetime(2025, 12, 31, 23, 0, tzinfo=UTC))
    db.session.commit()


RANGE = "?start=2026-01&end=2026-06"


def test_counts_by_month_need_and_quartier_count_each_action_once(admin_client, events):
    response = admin_client.get("/admin/orientations" + RANGE)
    assert response.status_code == 200
    page = tables(response)
    months = page["table-mois"]
    assert column(months, "Fiches d'orientation") == {
        "janvier 2026": 0, "février 2026": 0, "mars 2026": 2, "avril 2026": 0, "mai 2026": 0,
        "juin 2026": 0, "Total": 2}
    assert column(months, "Envois par SMS")["avril 2026"] == 1
    assert column(months, "Envois par e-mail")["mars 2026"] == 1
    assert column(months, "Demandes d'orientation")["Total"] == 1
    assert column(months, "Demandes acceptées")["Total"] == 1

    needs = column(page["table-besoins"], "Fiches d'orientation")
    total = "Total (chaque action comptée une fois)"
    # The slip of three places counts once for food (two of its places) and once for shelter.
    assert needs["Se nourrir"] == 2
    assert needs["Urgence : dormir, se laver, s'habiller"] == 1
    assert needs[total] == 2
    assert column(page["table-besoins"], "Envois par e-mail")["Non précisé"] == 1
    assert column(page["table-besoins"], "Demandes d'orientation")["Se nourrir"] == 1

    quartiers = column(page["table-quartiers"], "Fiches d'orientation")
    assert (quartiers["Wazemmes"], quartiers["Fives"], quartiers[total]) == (2, 1, 2)
    assert column(page["table-quartiers"], "Demandes d'orientation")["Non précisé"] == 1
    assert column(page["table-quartiers"], "Envois par SMS")["Fives"] == 1


def test_the_months_filter_narrows_every_table(admin_client, events):
    page = tables(admin_client.get("/admin/orientations?start=2026-04&end=2026-04"))
    assert list(page["table-mois"])[1:] == ["avril 2026", "Total"]
    assert column(page["table-mois"], "Fiches d'orientation")["Total"] == 0
    assert column(page["table-mois"], "Envois par SMS")["Total"] == 1
    assert column(page["table-besoins"], "Fiches d'orientation")["Se nourrir"] == 0
    december = tables(admin_client.get("/admin/orientations?start=2025-12&end=2025-12"))
    assert column(december["table-quartiers"], "Fiches d'orientation")["Fives"] == 1


def test_the_last_twelve_months_by_default(admin_client):
    partner = make_partner()
    now = utcnow()
    stats.record("slip", [(partner, None)], now=now)
    stats.record("slip", [(partner, None)], now=now - timedelta(days=370))
    db.session.commit()
    response = admin_client.get("/admin/orientations")
    assert response.status_code == 200
    months = tables(response)["table-mois"]
    assert len(months) == 1 + 12 + 1  # headings, 12 months, total
    assert column(months, "Fiches d'orientation")["Total"] == 1
    assert f'value="{now:%Y-%m}"' in response.get_data(as_text=True)


@pytest.mark.parametrize(("query", "message"), [
    ("?start=2026-13&end=2026-12", "Indiquez un mois au format AAAA-MM"),
    ("?start=mars&end=2026-12", "Indiquez un mois au format AAAA-MM"),
    ("?start=2026-06&end=2026-01", "Le mois de fin doit être le même que le mois de début, ou après."),
    ("?start=2000-01&end=2026-12", "120 mois au plus"),
])
def test_a_wrong_month_is_said_next_to_the_field(admin_client, query, message):
    for url in ("/admin/orientations", "/admin/orientations.csv"):
        response = admin_client.get(url + query)
        assert response.status_code == 422
        page = response.get_data(as_text=True).replace("&#39;", "'")
        assert message in page and 'class="field-errors"' in page
        assert 'aria-invalid="true"' in page


def test_the_csv_file_has_one_row_per_month_kind_need_and_quartier(admin_client, events):
    response = admin_client.get("/admin/orientations.csv" + RANGE)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="orientations-2026-01-2026-06.csv"'
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Mois", "Code", "Ce qui est compté", "Code du besoin", "Besoin",
                       "Code du quartier", "Quartier", "Nombre"]
    data = {(r[0], r[1], r[3], r[5]): int(r[7]) for r in rows[1:]}
    assert data == {
        ("2026-03", "slip", "alimentation", "fives"): 1,
        ("2026-03", "slip", "alimentation", "wazemmes"): 2,
        ("2026-03", "slip", "urgence-sociale", "wazemmes"): 1,
        ("2026-03", "email", "", "wazemmes"): 1,
        ("2026-04", "sms", "alimentation", "fives"): 1,
        ("2026-04", "request", "alimentation", ""): 1,
        ("2026-04", "accepted", "alimentation", ""): 1,
    }
    labels = {(r[1], r[3], r[5]): (r[2], r[4], r[6]) for r in rows[1:]}
    assert labels[("slip", "urgence-sociale", "wazemmes")] == (
        "Fiches d'orientation", "Urgence : dormir, se laver, s'habiller", "Wazemmes")
    assert labels[("request", "alimentation", "")] == ("Demandes d'orientation", "Se nourrir", "Non précisé")
    assert labels[("email", "", "wazemmes")][1] == "Non précisé"


def test_the_admin_home_links_to_the_counts(admin_client):
    page = admin_client.get("/admin").get_data(as_text=True)
    assert 'href="/admin/orientations"' in page and "Orientations : chiffres" in page
    page = admin_client.get("/admin/orientations").get_data(as_text=True)
    assert 'href="/admin/orientations.csv?start=' in page
