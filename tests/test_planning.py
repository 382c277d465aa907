"""The monthly planning: exactly the month's visible sessions, by week then day, with its
filters, its bad input and its printable version."""

from __future__ import annotations

import re
from datetime import date, datetime, time

import pytest

from portal.directory import presenters
from portal.extensions import db
from portal.workshops.models import WorkshopDate
from portal.workshops.recurrence import PARIS
from tests.factories import make_partner, make_workshop, subneed

FIVES = (50.6283, 3.0887)
COMPUTER = "apprendre-a-utiliser-un-ordinateur"


@pytest.fixture()
def month(app, monkeypatch):
    """January 2027 in Wazemmes and Fives, seen on 15 December 2026."""
    monkeypatch.setattr(presenters, "now", lambda: datetime(2026, 12, 15, 10, tzinfo=PARIS))
    wazemmes = make_partner(name="Centre social de Wazemmes")
    fives = make_partner(name="Maison de Fives", at=FIVES)
    weekly = make_workshop(wazemmes, title="Tablette pas à pas", subneeds=[subneed(COMPUTER)],
                           first_day=date(2027, 1, 5), frequency="weekly", until=date(2027, 1, 26),
                           exceptions=["2027-01-12"])
    db.session.add(WorkshopDate(workshop=weekly, day=date(2027, 1, 19), state="cancelled",
                                note="Animatrice absente"))
    make_workshop(wazemmes, title="Café numérique", level="decouverte", first_day=date(2027, 1, 14),
                  starts=time(10), ends=time(12), subneeds=[subneed(COMPUTER)])
    make_workshop(wazemmes, title="Atelier en attente", status="pending", first_day=date(2027, 1, 7))
    make_workshop(fives, title="Mails à Fives", first_day=date(2027, 1, 21), starts=time(9), ends=time(11))
    make_workshop(wazemmes, title="Hors du mois", first_day=date(2027, 2, 2))
    db.session.flush()
    return {"wazemmes": wazemmes, "fives": fives}


def sessions_on_page(html: str) -> list[str]:
    """(time, title) of each session, in the page's order."""
    found = re.findall(r'class="planning-time">([^<]+)</span>.*?class="planning-title"[^>]*>([^<]+)<', html, re.S)
    return [" ".join(f"{when} {title}".split()) for when, title in found]


def weeks_on_page(html: str) -> list[str]:
    return [" ".join(w.split()) for w in re.findall(r'class="week-heading">\s*([^<]+)<', html)]


def test_the_month_lists_exactly_its_sessions_in_order_by_week(client, month):
    response = client.get("/planning?mois=2027-01&quartier=")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert sessions_on_page(html) == [
        "14 h – 16 h Tablette pas à pas",   # Tuesday 5
        "10 h – 12 h Café numérique",       # Thursday 14 (12: the exception; pending absent)
        "14 h – 16 h Tablette pas à pas",   # Tuesday 19, cancelled
        "9 h – 11 h Mails à Fives",         # Thursday 21
        "14 h – 16 h Tablette pas à pas",   # Tuesday 26
    ]
    assert weeks_on_page(html)[:2] == ["Semaine du 28 décembre au 3 janvier", "Semaine du 4 janvier au 10 janvier"]
    assert len(weeks_on_page(html)) == 5
    assert "Atelier en attente" not in html and "Hors du mois" not in html
    assert "Aucun atelier cette semaine." in html  # the week of 28 December
    # The cancelled date says so in words, with its reason.
    cancelled = html.split("mardi 19 janvier")[1].split("</li>")[0]
    assert "Annulé" in cancelled and "Animatrice absente" in cancelled
    assert "Gratuit" in html and "Niveau : Débutant" in html


def test_the_filters_narrow_the_month(client, month):
    by_quartier = sessions_on_page(client.get("/planning?mois=2027-01&quartier=wazemmes").get_data(as_text=True))
    assert "9 h – 11 h Mails à Fives" not in by_quartier and len(by_quartier) == 4
    by_level = sessions_on_page(client.get("/planning?mois=2027-01&quartier=&niveau=decouverte").get_data(as_text=True))
    assert by_level == ["10 h – 12 h Café numérique"]
    by_need = sessions_on_page(client.get("/planning?mois=2027-01&quartier=&besoin=numerique").get_data(as_text=True))
    assert "9 h – 11 h Mails à Fives" not in by_need and len(by_need) == 4
    other_need = client.get("/planning?mois=2027-01&quartier=&besoin=alimentation").get_data(as_text=True)
    assert sessions_on_page(other_need) == [] and "Aucun atelier ne correspond" in other_need


def test_month_links_and_tools_keep_the_filters(client, month):
    html = client.get("/planning?mois=2027-01&quartier=wazemmes&niveau=debutant").get_data(as_text=True)
    assert "mois=2026-12" in html and "mois=2027-02" in html
    assert re.search(r'href="[^"]*/planning/imprimer\?[^"]*quartier=wazemmes[^"]*"', html)
    assert "/planning/quartier/wazemmes.ics" in html
    assert "Comment s&#39;abonner" in html or "Comment s'abonner" in html


def test_the_current_month_by_default(client, month):
    html = client.get("/planning").get_data(as_text=True)
    assert "décembre 2026" in html


@pytest.mark.parametrize("bad", ["2027-13", "abc", "2027-1", "<script>"])
def test_a_bad_month_shows_the_current_one_with_a_message(client, month, bad):
    response = client.get("/planning", query_string={"mois": bad})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Ce mois n&#39;existe pas" in html or "Ce mois n'existe pas" in html
    assert "décembre 2026" in html and "<script>" not in html


def test_a_month_far_away_is_refused_politely(client, month):
    response = client.get("/planning?mois=2031-01")
    assert response.status_code == 422
    assert "deux ans" in response.get_data(as_text=True)
    # Two years ahead is the last month offered: no link beyond it.
    edge = client.get("/planning?mois=2028-12").get_data(as_text=True)
    assert "mois=2029-01" not in edge


def test_the_printed_month_holds_the_same_sessions_and_the_contacts(client, month):
    screen = sessions_on_page(client.get("/planning?mois=2027-01&quartier=").get_data(as_text=True))
    response = client.get("/planning/imprimer?mois=2027-01&quartier=wazemmes")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    printed = sessions_on_page(html)
    assert printed == [s for s in screen if "Fives" not in s]
    assert "Quartier : Wazemmes" in html
    assert "Centre social de Wazemmes" in html and "10 rue Gambetta" in html
    assert "Imprimer" in html and "<script" not in html and "site-header" not in html
    assert 'lang="fr"' in html
