"""Near me on the need-first path: the quartier, an address or a rounded position puts the
nearest partner first on every list page, and each card says how far."""

from __future__ import annotations

import re
from datetime import datetime, time

import pytest
from sqlalchemy import select

from portal.directory import presenters
from portal.directory.hours import PARIS
from portal.directory.models import Quartier, SubNeed
from portal.extensions import db
from tests.factories import WAZEMMES, make_partner, make_service, subneed
from tests.geocoder_stub import config_for, running_geocoder

FIVES = (50.6283, 3.0887)  # rue Pierre Legrand, Fives (the geocoder stub knows it)
SUBNEED_URL = "/besoins/alimentation/colis-alimentaire"


def card_titles(page: str) -> list[str]:
    return re.findall(r'<h3 class="card-title"><a href="[^"]*">([^<]*)</a>', page)


def near_select_options(page: str) -> list[str]:
    select_html = re.search(r'<select id="near-quartier" name="quartier">(.*?)</select>', page, re.S)
    assert select_html, "the page has no quartier choice"
    return re.findall(r'<option value="([^"]+)"', select_html.group(1))


@pytest.fixture()
def two_partners(app):
    colis = subneed("colis-alimentaire")
    wazemmes = make_partner(name="Épicerie de Wazemmes", at=WAZEMMES, phone="03 20 00 00 01")
    fives = make_partner(name="Banque de Fives", at=FIVES)
    make_service(wazemmes, [colis], name="Colis du mardi")
    make_service(fives, [colis], name="Colis du jeudi", access_modes=["orientation"])
    db.session.commit()
    return wazemmes, fives


def test_every_sub_need_page_offers_the_twelve_quartiers(client):
    quartiers = set(db.session.scalars(select(Quartier.slug)))
    assert len(quartiers) == 12
    for sub in db.session.scalars(select(SubNeed)):
        page = client.get(f"/besoins/{sub.need.slug}/{sub.slug}").get_data(as_text=True)
        assert set(near_select_options(page)) == quartiers, sub.slug


def test_choosing_a_quartier_on_the_page_puts_its_partner_first(client, two_partners):
    wazemmes, fives = two_partners
    first = card_titles(client.get(f"{SUBNEED_URL}?quartier={fives.quartier.slug}").get_data(as_text=True))
    assert first[0] == "Banque de Fives"
    again = card_titles(client.get(f"{SUBNEED_URL}?quartier={wazemmes.quartier.slug}").get_data(as_text=True))
    assert again[0] == "Épicerie de Wazemmes"
    # Remembered on the device: the next visit without a choice keeps the order.
    assert card_titles(client.get(SUBNEED_URL).get_data(as_text=True))[0] == "Épicerie de Wazemmes"


def test_an_address_gives_the_same_first_result_as_its_quartier(app, client, two_partners, monkeypatch):
    wazemmes, fives = two_partners
    with running_geocoder() as server:
        for key, value in config_for(server).items():
            monkeypatch.setitem(app.config, key, value)
        response = client.get(f"{SUBNEED_URL}?adresse=2+rue+Pierre+Legrand")
    page = response.get_data(as_text=True)
    assert card_titles(page)[0] == "Banque de Fives"
    by_quartier = client.get(f"{SUBNEED_URL}?quartier={fives.quartier.slug}").get_data(as_text=True)
    assert card_titles(by_quartier)[0] == card_titles(page)[0]
    # The card says how far, in metres and minutes on foot.
    assert re.search(r"à \d+ m, environ \d+ min à pied", page)
    # Only a rounded point is kept on the device, never the address typed.
    cookie = response.headers.get("Set-Cookie", "")
    assert "pres=50.628:3.089;" in cookie
    assert "Legrand" not in cookie


def test_a_rounded_position_orders_by_distance_and_is_remembered(client, two_partners):
    page = client.get(f"{SUBNEED_URL}?pres=50.62571234,3.04831234").get_data(as_text=True)
    assert card_titles(page)[0] == "Épicerie de Wazemmes"
    assert "Près de : votre position" in page
    page = client.get(SUBNEED_URL).get_data(as_text=True)
    assert card_titles(page)[0] == "Épicerie de Wazemmes"
    forgotten = client.get(f"{SUBNEED_URL}?oublier=1").get_data(as_text=True)
    assert card_titles(forgotten) == ["Banque de Fives", "Épicerie de Wazemmes"]  # alphabetical


def test_an_unknown_address_is_said_next_to_the_field_and_kept(app, client, two_partners, monkeypatch):
    with running_geocoder() as server:
        for key, value in config_for(server).items():
            monkeypatch.setitem(app.config, key, value)
        page = client.get(f"{SUBNEED_URL}?adresse=nulle+part+du+tout").get_data(as_text=True)
    assert 'id="near-adresse-erreur"' in page
    assert "Adresse introuvable" in page
    assert 'value="nulle part du tout"' in page
    assert len(card_titles(page)) == 2


def test_a_bad_position_is_refused_politely(client, two_partners):
    response = client.get(f"{SUBNEED_URL}?pres=abc,def")
    assert response.status_code == 200
    assert "Votre position n&#39;a pas pu être lue" in response.get_data(as_text=True)


def test_cards_name_the_service_its_phone_and_every_access_condition(client, two_partners):
    page = client.get(SUBNEED_URL).get_data(as_text=True)
    assert "Colis du mardi" in page and "Colis du jeudi" in page
    assert 'href="tel:0320000001"' in page
    assert "Sur orientation d&#39;un professionnel" in page


def test_an_empty_list_offers_the_ccas_number_as_a_call_link(app, client):
    page = client.get(SUBNEED_URL).get_data(as_text=True)
    assert card_titles(page) == []
    after = page.replace("&#39;", "'").split("Vous pouvez aussi appeler l'accueil du CCAS")[1]
    number = "".join(app.config["PORTAL_CCAS_PHONE"].split())
    assert after.lstrip().startswith(f'au <a dir="ltr" href="tel:{number}">')


def test_at_night_emergency_lists_put_open_places_first_then_the_soonest(app, client, monkeypatch):
    tonight = subneed("hebergement-ce-soir")
    late = [(d, time(18), time(23, 30)) for d in range(7)]
    early = [(d, time(7), time(12)) for d in range(7)]
    office = [(d, time(9), time(17)) for d in range(7)]
    for name, weekly, at in (("Accueil A bureau", office, WAZEMMES), ("Accueil B tôt", early, FIVES),
                             ("Accueil C nuit", late, FIVES)):
        make_service(make_partner(name=name, weekly=weekly, at=at), [tonight])
    db.session.commit()
    monkeypatch.setattr(presenters, "now", lambda: datetime(2026, 12, 2, 23, 0, tzinfo=PARIS))
    page = client.get(f"/besoins/urgence-sociale/hebergement-ce-soir?quartier={_slug_at(WAZEMMES)}")
    titles = card_titles(page.get_data(as_text=True))
    assert titles == ["Accueil C nuit", "Accueil B tôt", "Accueil A bureau"]
    assert "demain à 07:00" in page.get_data(as_text=True)


def _slug_at(point) -> str:
    from portal.directory import geo
    return db.session.get(Quartier, geo.quartier_id_at(*point)).slug


def test_the_quartier_page_orders_by_an_address_and_lists_services_held_there(client, two_partners):
    wazemmes, fives = two_partners
    held = make_partner(name="Association du centre", at=(50.6370, 3.0635))
    service = make_service(held, [subneed("colis-alimentaire")], name="Permanence à Fives",
                           place_name="Mairie de quartier de Fives", place_address="1 rue Pierre Legrand",
                           place_postcode="59800", place_city="Lille", place_latitude=FIVES[0],
                           place_longitude=FIVES[1], place_quartier_id=fives.quartier_id)
    db.session.commit()
    page = client.get(f"/quartiers/{fives.quartier.slug}").get_data(as_text=True)
    titles = card_titles(page)
    assert "Association du centre" in titles and "Banque de Fives" in titles
    assert "Mairie de quartier de Fives" in page
    assert service.name in page
    assert set(near_select_options(page)) == set(db.session.scalars(select(Quartier.slug)))
