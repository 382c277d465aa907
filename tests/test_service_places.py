"""Services given somewhere else than the partner's address: at another place (a permanence in a
mairie de quartier), at several places in turn (stops of a bus), or only at a distance."""

from __future__ import annotations

import html
import re
from datetime import time

import pytest

from portal.directory import geocoding
from portal.directory.models import ServiceStop
from portal.extensions import db
from portal.moderation import operations as moderation
from tests.factories import login, make_partner, make_service, make_user, quartier, subneed
from tests.geocoder_stub import config_for, running_geocoder
from tests.partner_space import filled_form, revisions_of, service_form

FIVES = (50.6283, 3.0887)


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _plain(response) -> str:
    """The page's text without tags, spaces collapsed (what a reader reads)."""
    return " ".join(re.sub(r"<[^>]+>", " ", _text(response)).split())


@pytest.fixture()
def listing(app, client):
    partner = make_partner(name="Centre social Arc-en-ciel")
    service = make_service(partner, [subneed("colis-alimentaire")], name="Permanence logement")
    member = make_user("partner", partners=[partner])
    assert login(client, member).status_code == 302
    return partner, service


@pytest.fixture()
def geocoder(app, monkeypatch):
    geocoding.clear_cache()
    with running_geocoder() as server:
        for key, value in config_for(server).items():
            monkeypatch.setitem(app.config, key, value)
        yield server
    geocoding.clear_cache()


def _approve(partner) -> None:
    moderation.approve(moderation.pending_for(partner), make_user("admin"))
    db.session.commit()


def test_a_service_with_its_own_place_says_where_on_the_partner_page(client, listing):
    partner, service = listing
    service.place_name, service.place_address = "Mairie de quartier de Fives", "12 rue Pierre Legrand"
    service.place_postcode, service.place_city = "59800", "Lille"
    service.place_latitude, service.place_longitude = FIVES
    service.place_quartier_id = quartier("fives").id
    db.session.commit()
    page = _plain(client.get(f"/partenaires/{partner.slug}"))
    assert ("Ce service a lieu à : Mairie de quartier de Fives, 12 rue Pierre Legrand, 59800 Lille "
            "(quartier Fives") in page


def test_the_stops_of_an_itinerant_service_are_listed_with_days_and_hours(client, listing):
    partner, service = listing
    service.stops = [
        ServiceStop(place_name="Marché de Wazemmes", address="place de la Nouvelle Aventure",
                    postcode="59000", city="Lille", weekday=1, opens=time(9), closes=time(12)),
        ServiceStop(place_name="Parvis de l'église", address="place Saint-Maurice", postcode="59260",
                    city="Hellemmes", weekday=3, opens=time(14), closes=time(17, 30)),
    ]
    db.session.commit()
    page = _plain(client.get(f"/partenaires/{partner.slug}"))
    assert ("Marché de Wazemmes place de la Nouvelle Aventure, 59000 Lille Mardi : 09:00 – 12:00 "
            "Parvis de l'église place Saint-Maurice, 59260 Hellemmes Jeudi : 14:00 – 17:30") in page
    assert "Ce service a lieu à" not in page


def test_a_partner_moves_a_service_to_another_place_through_moderation(app, client, listing, geocoder):
    partner, service = listing
    data = service_form(client, partner.slug, service.id, where="ailleurs",
                        place_name="Mairie de quartier de Fives", place_address="12 rue Pierre Legrand",
                        place_postcode="59800", place_city="Lille")
    assert client.post(f"/espace/{partner.slug}/services/{service.id}", data=data).status_code == 302
    (revision,) = revisions_of(partner)
    assert revision.status == "pending"
    assert [d["label_code"] for d in revision.diff] == ["service.place"]
    assert geocoder.queries == ["12 rue Pierre Legrand 59800 Lille"]  # placed when typed
    public = _plain(client.get(f"/partenaires/{partner.slug}"))
    assert "Mairie de quartier de Fives" not in public

    admin = make_user("admin")
    admin_client = app.test_client()
    assert login(admin_client, admin).status_code == 302
    review = _plain(admin_client.get(f"/admin/moderation/{revision.id}"))
    assert ("Lieu où le service a lieu (Permanence logement) À l'adresse du lieu "
            "Mairie de quartier de Fives, 12 rue Pierre Legrand, 59800 Lille") in review
    moderation.approve(revision, admin)
    db.session.commit()

    assert (service.place_latitude, service.place_longitude) == FIVES
    assert service.place_quartier_id == quartier("fives").id != partner.quartier_id
    public = _plain(client.get(f"/partenaires/{partner.slug}"))
    assert "Ce service a lieu à : Mairie de quartier de Fives, 12 rue Pierre Legrand, 59800 Lille" in public


def test_an_address_the_geocoder_cannot_find_keeps_what_was_typed(client, listing, geocoder):
    partner, service = listing
    data = service_form(client, partner.slug, service.id, where="ailleurs", place_name="Salle des fêtes",
                        place_address="3 impasse Inconnue", place_postcode="59000", place_city="Lille")
    response = client.post(f"/espace/{partner.slug}/services/{service.id}", data=data)
    assert response.status_code == 422
    assert revisions_of(partner) == []
    page = _text(response)
    assert "Cette adresse est introuvable" in page
    assert 'value="3 impasse Inconnue"' in page and 'value="Salle des fêtes"' in page
    assert re.search(r'id="place_address-error".*introuvable', page, re.S)

    # Told why, the partner keeps the address as typed: saved without a point on the map.
    again = filled_form(page) | {"place_unlocated": "y"}
    assert client.post(f"/espace/{partner.slug}/services/{service.id}", data=again).status_code == 302
    _approve(partner)
    assert service.place_address == "3 impasse Inconnue" and service.place_latitude is None
    assert "Ce service a lieu à : Salle des fêtes, 3 impasse Inconnue" in _plain(
        client.get(f"/partenaires/{partner.slug}"))
    # Saved as it is, the address is not questioned again at the next edit.
    queries = len(geocoder.queries)
    data = service_form(client, partner.slug, service.id, description="Le samedi matin.")
    assert client.post(f"/espace/{partner.slug}/services/{service.id}", data=data).status_code == 302
    assert len(geocoder.queries) == queries


def test_an_unreachable_geocoder_is_said_next_to_the_address(client, listing, app, monkeypatch):
    partner, service = listing
    geocoding.clear_cache()
    monkeypatch.setitem(app.config, "GEOCODER_DOMAIN", "127.0.0.1:9")  # discard port: refused
    monkeypatch.setitem(app.config, "GEOCODER_SCHEME", "http")
    monkeypatch.setitem(app.config, "GEOCODER_TIMEOUT", 1)
    data = service_form(client, partner.slug, service.id, where="ailleurs",
                        place_address="3 rue de Marquillies", place_postcode="59000", place_city="Lille")
    response = client.post(f"/espace/{partner.slug}/services/{service.id}", data=data)
    assert response.status_code == 422
    page = _text(response)
    assert "ne répond pas pour le moment" in page and 'value="3 rue de Marquillies"' in page
    assert "sans position sur la carte" in page


def test_another_place_needs_an_address_and_a_wrong_postcode_is_said(client, listing):
    partner, service = listing
    data = service_form(client, partner.slug, service.id, where="ailleurs", place_name="Mairie",
                        place_postcode="75001", place_city="Lille")
    response = client.post(f"/espace/{partner.slug}/services/{service.id}", data=data)
    assert response.status_code == 422
    page = _text(response)
    assert "Indiquez l'adresse du lieu." in page and "code postal du Nord" in page
    assert 'value="75001"' in page and 'value="Mairie"' in page


def test_a_partner_describes_the_stops_of_a_bus_and_adds_a_row_without_javascript(client, listing, geocoder):
    partner, service = listing
    url = f"/espace/{partner.slug}/services/{service.id}"
    data = service_form(client, partner.slug, service.id, where="tournee")
    data |= {"stops-0-place_name": "Marché de Fives", "stops-0-address": "rue Pierre Legrand",
             "stops-0-postcode": "59800", "stops-0-city": "Lille", "stops-0-weekday": "4",
             "stops-0-opens": "9h", "stops-0-closes": "12h"}
    more = client.post(url, data=data | {"add_stop": "1"})
    assert more.status_code == 200 and revisions_of(partner) == []
    page = _text(more)
    assert 'name="stops-3-address"' in page  # three rows, then one more
    assert 'value="Marché de Fives"' in page

    data = filled_form(page) | {
        "stops-1-place_name": "Place du marché", "stops-1-address": "rue de Marquillies",
        "stops-1-postcode": "59000", "stops-1-city": "Lille", "stops-1-weekday": "1",
        "stops-1-opens": "14:00", "stops-1-closes": "17:00",
        "stops-3-address": "avenue de Dunkerque", "stops-3-city": "Lomme"}  # no day nor hours
    response = client.post(url, data=data)
    assert response.status_code == 422
    assert "Choisissez le jour." in _text(response) and "Lieu de passage 4" in _text(response)

    data |= {"stops-3-weekday": "2", "stops-3-opens": "10:00", "stops-3-closes": "11:00"}
    assert client.post(url, data=data).status_code == 302
    (revision,) = revisions_of(partner)
    assert [d["label_code"] for d in revision.diff] == ["service.stops"]
    _approve(partner)

    assert [(s.weekday, s.quartier_id) for s in service.stops] == [
        (1, quartier("lille-sud").id), (2, quartier("lomme").id), (4, quartier("fives").id)]
    assert service.is_itinerant
    page = _plain(client.get(f"/partenaires/{partner.slug}"))
    assert "Place du marché rue de Marquillies, 59000 Lille Mardi : 14:00 – 17:00" in page
    assert "Marché de Fives rue Pierre Legrand, 59800 Lille Vendredi : 09:00 – 12:00" in page


def test_remote_only_leaves_no_place_to_go_to(client, listing):
    partner, service = listing
    data = service_form(client, partner.slug, service.id, where="distance")
    assert client.post(f"/espace/{partner.slug}/services/{service.id}", data=data).status_code == 302
    _approve(partner)
    assert service.modes == ["a-distance"] and service.is_remote_only and service.places == []
    # Back at the partner's address, also by phone: the form reads it back as it was saved.
    form = service_form(client, partner.slug, service.id)
    assert form["where"] == "distance"
    client.post(f"/espace/{partner.slug}/services/{service.id}", data=form | {"where": "ici", "also_remote": "y"})
    _approve(partner)
    assert service.modes == ["en-presentiel", "a-distance"] and len(service.places) == 1


def test_saving_a_service_unchanged_changes_nothing(client, listing, geocoder):
    partner, service = listing
    service.stops = [ServiceStop(address="rue Pierre Legrand", postcode="59800", city="Lille", weekday=0,
                                 opens=time(9), closes=time(12), latitude=FIVES[0], longitude=FIVES[1])]
    db.session.commit()
    data = service_form(client, partner.slug, service.id)
    assert data["where"] == "tournee"
    assert client.post(f"/espace/{partner.slug}/services/{service.id}", data=data).status_code == 302
    assert revisions_of(partner) == [] and geocoder.queries == []


def test_a_bus_stopping_twice_a_day_at_one_address_reads_as_one_place_and_its_days(client):
    partner = make_partner(name="Bus des droits")
    service = make_service(partner, [subneed("colis-alimentaire")], name="Permanence du bus")
    service.stops = [
        ServiceStop(place_name="Place Degeyter", address="Place Degeyter", postcode="59800", city="Lille",
                    weekday=day, opens=opens, closes=closes)
        for day in (0, 3) for opens, closes in ((time(9, 30), time(12, 30)), (time(13, 30), time(16)))
    ]
    db.session.commit()
    page = _plain(client.get(f"/partenaires/{partner.slug}"))
    assert ("Place Degeyter, 59800 Lille Lundi : 09:30 – 12:30, 13:30 – 16:00 "
            "Jeudi : 09:30 – 12:30, 13:30 – 16:00") in page
    assert page.count("Place Degeyter, 59800 Lille") == 1
