"""Residents find workshops: the list and its filters, each workshop's page, and the next
sessions on the home, need, partner and search pages."""

from __future__ import annotations

import html as html_lib
import re
from datetime import date, datetime, time

import pytest

from portal.directory import presenters
from portal.directory.hours import PARIS
from portal.extensions import db
from portal.workshops.models import WorkshopDate
from tests.factories import make_partner, make_workshop, subneed

# Monday 4 January 2027, morning: make_workshop's default date is the next day.
MONDAY = datetime(2027, 1, 4, 9, 0, tzinfo=PARIS)
FIVES = (50.6290, 3.0860)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr(presenters, "now", lambda: MONDAY)


def text_of(response) -> str:
    """The page's visible words, tags removed, spaces squeezed."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def titles(client, url: str) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.get_data(as_text=True)
    return set(re.findall(r'class="session-title"><a href="[^"]+">([^<]+)</a>', html))


@pytest.fixture()
def city(app):
    """Workshops across the city: one per filter to tell apart."""
    wazemmes = make_partner(name="Centre social Wazemmes")
    fives = make_partner(name="Maison de Fives", at=FIVES)
    phone = subneed("apprendre-a-utiliser-son-telephone")
    make_workshop(wazemmes, subneeds=[phone], title="Smartphone pas à pas", slug="smartphone")
    make_workshop(fives, subneeds=[subneed("apprendre-a-utiliser-un-ordinateur")], title="Ordinateur en douceur",
                  slug="ordinateur", level="decouverte")
    make_workshop(fives, subneeds=[subneed("apprendre-le-francais")], title="Conversation en français",
                  slug="francais", first_day=date(2027, 1, 20), is_free=False, price="2 € la séance",
                  level="intermediaire")
    db.session.commit()


def test_the_list_shows_the_next_sessions_day_by_day(client, city):
    page = text_of(client.get("/ateliers?quartier="))
    assert "3 séances dans les 3 prochains mois" in page
    assert "Mardi 5 janvier" in page or "mardi 5 janvier" in page
    assert "14 h – 16 h" in page
    assert "Gratuit" in page and "2 € la séance" in page


def test_each_filter_narrows_the_list(client, city):
    everything = {"Smartphone pas à pas", "Ordinateur en douceur", "Conversation en français"}
    assert titles(client, "/ateliers?quartier=") == everything
    assert titles(client, "/ateliers?quartier=fives") == {"Ordinateur en douceur", "Conversation en français"}
    assert titles(client, "/ateliers?quartier=&niveau=decouverte") == {"Ordinateur en douceur"}
    assert titles(client, "/ateliers?quartier=&gratuit=1") == everything - {"Conversation en français"}
    assert titles(client, "/ateliers?quartier=&besoin=emploi-formation") == {"Conversation en français"}
    assert titles(client, "/ateliers?quartier=&periode=semaine") == everything - {"Conversation en français"}
    assert titles(client, "/ateliers?periode=mois&besoin=numerique&quartier=fives") == {
        "Ordinateur en douceur"}


def test_the_remembered_quartier_starts_the_list_and_all_quartiers_can_be_chosen(client, city):
    client.set_cookie("quartier", "wazemmes", domain="portal.test")
    assert titles(client, "/ateliers") == {"Smartphone pas à pas"}
    assert len(titles(client, "/ateliers?quartier=")) == 3


def test_online_workshops_show_in_every_quartier(client, city):
    make_workshop(None, title="Démarches en ligne en visio", slug="visio")
    db.session.commit()
    assert "Démarches en ligne en visio" in titles(client, "/ateliers?quartier=fives")


def test_bad_filters_are_said_and_ignored(client, city):
    response = client.get("/ateliers?quartier=&niveau=expert&periode=demain&besoin=licornes&gratuit=oui")
    assert response.status_code == 200
    page = text_of(response)
    assert "Ce niveau n'existe pas" in page and "Cette période n'existe pas" in page
    assert "Ce besoin n'existe pas" in page
    assert len(titles(client, "/ateliers?quartier=&niveau=expert")) == 3
    assert client.get("/ateliers?page=zéro").status_code == 404
    assert client.get("/ateliers?quartier=atlantide").status_code == 200


def test_an_empty_list_says_what_to_do(client, city):
    page = text_of(client.get("/ateliers?quartier=&periode=semaine&niveau=intermediaire"))
    assert "0 séance cette semaine" in page  # French: 0 takes the singular
    assert "Aucun atelier ne correspond à ces choix" in page
    html = client.get("/ateliers?quartier=&periode=semaine&niveau=intermediaire").get_data(as_text=True)
    assert "/planning" in html and "Voir tous les ateliers" in html


def test_what_residents_must_not_see_never_appears(client, app):
    partner = make_partner()
    hidden_partner = make_partner(status="draft")
    make_workshop(partner, title="En attente", slug="en-attente", status="pending")
    make_workshop(partner, title="Refusé par le CCAS", slug="refuse", status="rejected")
    make_workshop(hidden_partner, title="Partenaire pas publié", slug="cache")
    make_workshop(partner, title="Visible", slug="visible")
    db.session.commit()
    assert titles(client, "/ateliers?quartier=") == {"Visible"}
    for slug in ("en-attente", "refuse", "cache", "inconnu"):
        assert client.get(f"/ateliers/{slug}").status_code == 404
    assert client.get("/ateliers/visible").status_code == 200


def test_a_cancelled_session_is_marked_in_words(client, app):
    partner = make_partner()
    weekly = make_workshop(partner, title="Tablette chaque mardi", slug="tablette", frequency="weekly",
                           until=date(2027, 3, 30))
    weekly.dates.append(WorkshopDate(day=date(2027, 1, 12), state="cancelled", note="Animatrice malade."))
    weekly.dates.append(WorkshopDate(day=date(2027, 1, 19), state="full"))
    db.session.commit()
    page = text_of(client.get("/ateliers/tablette"))
    assert "Annulé mardi 12 janvier, 14 h – 16 h Animatrice malade." in page
    assert "Complet mardi 19 janvier" in page
    assert "Chaque mardi de 14 h à 16 h, du 5 janvier au 30 mars 2027" in page
    assert "Annulé" in text_of(client.get("/ateliers?quartier="))


def test_the_workshop_page_says_who_where_how_to_register(client, app):
    partner = make_partner(name="Centre social Wazemmes", slug="cs-wazemmes")
    make_workshop(partner, subneeds=[subneed("apprendre-a-utiliser-son-telephone")], slug="phone",
                  title="Smartphone <débutants>", description="Allumer le téléphone.\nAppeler.",
                  registration="phone", registration_contact="03 20 12 34 56", capacity=8,
                  audience="Personnes de plus de 60 ans")
    db.session.commit()
    response = client.get("/ateliers/phone")
    html = response.get_data(as_text=True)
    page = text_of(response)
    assert "Smartphone &lt;débutants&gt;" in html
    assert 'href="/partenaires/cs-wazemmes"' in html
    assert 'href="tel:0320123456"' in html and "Inscription par téléphone : 03 20 12 34 56" in page
    assert "Appeler pour s'inscrire" in page
    assert "Pour qui sait allumer l'appareil" in page  # the level's hint
    assert "10 rue Gambetta" in page and "Wazemmes" in page
    assert "8 personnes au plus" in page and "Personnes de plus de 60 ans" in page
    assert "Apprendre à utiliser mon téléphone" in page


def test_online_workshop_page_gives_the_link(client, app):
    make_workshop(None, slug="visio", title="Visio", online_url="https://visio.exemple.fr/a")
    db.session.commit()
    html = client.get("/ateliers/visio").get_data(as_text=True)
    assert "En ligne" in html and 'href="https://visio.exemple.fr/a"' in html
    assert "CCAS de Lille" in html


def test_home_need_and_partner_pages_show_the_next_sessions(client, city):
    home = client.get("/").get_data(as_text=True)
    assert "Smartphone pas à pas" in home and 'href="/ateliers"' in home
    need = client.get("/besoins/numerique").get_data(as_text=True)
    assert "Smartphone pas à pas" in need and "Ordinateur en douceur" in need
    assert "Conversation en français" not in need
    assert 'href="/ateliers?besoin=numerique"' in need
    assert "Conversation en français" in client.get("/besoins/emploi-formation").get_data(as_text=True)
    assert 'id="titre-ateliers"' not in client.get("/besoins/logement").get_data(as_text=True)
    fives = client.get("/partenaires/" + _slug_of("Maison de Fives")).get_data(as_text=True)
    assert "Prochains ateliers" in fives and "Ordinateur en douceur" in fives
    assert "Smartphone pas à pas" not in fives


def test_home_puts_the_chosen_quartier_first(client, city):
    for n in range(4):
        make_workshop(make_partner(), title=f"Wazemmes {n}", first_day=date(2027, 1, 4), starts=time(8),
                      ends=time(9))
    db.session.commit()
    client.set_cookie("quartier", "fives", domain="portal.test")
    home = client.get("/").get_data(as_text=True)
    assert "Ordinateur en douceur" in home


def test_search_finds_workshops(client, city):
    page = client.get("/recherche?q=smartphone").get_data(as_text=True)
    assert "Smartphone pas à pas" in page
    page = client.get("/recherche?q=ordinateur").get_data(as_text=True)
    assert "Ordinateur en douceur" in page
    assert "Smartphone" not in page or page.index("Ordinateur en douceur") < page.index("Smartphone pas à pas")
    page = client.get("/recherche?q=conversation+fran%C3%A7ais").get_data(as_text=True)
    assert "Conversation en français" in page and "Smartphone pas à pas" not in page
    english = client.get("/en/recherche?q=smartphone").get_data(as_text=True)
    assert "Smartphone pas à pas" in english


def test_the_list_works_in_english_and_arabic(client, city):
    english = client.get("/en/ateliers?quartier=")
    assert english.status_code == 200
    assert 'lang="en"' in english.get_data(as_text=True)
    assert "Tuesday 5 January" in text_of(english)
    assert client.get("/ar/ateliers/smartphone").status_code == 200


def _slug_of(name: str) -> str:
    from sqlalchemy import select

    from portal.directory.models import Partner
    return db.session.scalars(select(Partner.slug).where(Partner.name == name)).one()


def test_the_sitemap_lists_the_list_and_visible_workshops_only(client, app):
    partner = make_partner()
    make_workshop(partner, slug="public")
    make_workshop(partner, slug="pas-encore", status="pending")
    db.session.commit()
    xml = client.get("/sitemap.xml").get_data(as_text=True)
    assert "<loc>http://portal.test/ateliers</loc>" in xml
    assert "<loc>http://portal.test/ateliers/public</loc>" in xml
    assert "pas-encore" not in xml


def test_a_weekly_workshop_does_not_hide_the_partners_other_workshops(client, app):
    partner = make_partner(slug="centre")
    make_workshop(partner, title="Chaque mardi", frequency="weekly", until=date(2027, 6, 29))
    make_workshop(partner, title="Une seule fois en mars", first_day=date(2027, 3, 2))
    make_workshop(partner, title="Annulé d'avance", first_day=date(2027, 1, 6), cancelled=True,
                  cancel_reason="Travaux dans la salle.")
    db.session.commit()
    page = text_of(client.get("/partenaires/centre"))
    assert "Prochains ateliers" in page
    assert "Chaque mardi" in page and "Une seule fois en mars" in page
    assert "Annulé mercredi 6 janvier" in page
    assert page.count("Chaque mardi") == 1 and "mardi 12 janvier" in page


def test_the_list_and_home_page_queries_do_not_grow_with_workshops(client, app):
    from tests.test_query_counts import _statements_for

    make_workshop(make_partner(), subneeds=[subneed("apprendre-a-utiliser-un-ordinateur")])
    db.session.commit()
    few = {url: _statements_for(client, url) for url in ("/ateliers?quartier=", "/", "/besoins/numerique")}
    for n in range(8):
        make_workshop(make_partner(at=FIVES), subneeds=[subneed("apprendre-a-utiliser-son-telephone")],
                      frequency="weekly", until=date(2027, 3, 1), first_day=date(2027, 1, 4 + n % 5))
    db.session.commit()
    many = {url: _statements_for(client, url) for url in few}
    assert many == few
