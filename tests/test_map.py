"""The map beside the lists: its library served from our own site, its tiles' host the only
outside origin allowed, and its places the same as the list's."""

from __future__ import annotations

import json
import re
from datetime import time

import pytest

from portal.config import load_config
from portal.directory.models import ServiceStop
from portal.vendor import LEAFLET_VERSION
from tests.factories import login, make_partner, make_service, make_user, subneed

LEAFLET = f"/static/vendor/leaflet/{LEAFLET_VERSION}"
# Fives (rue Pierre Legrand), far enough from Wazemmes to be its own marker.
FIVES = (50.6310, 3.0900)


def _img_src(response) -> str:
    policy = response.headers["Content-Security-Policy"]
    return next(part.strip() for part in policy.split(";") if part.strip().startswith("img-src"))


def _map_data(html: str) -> list[dict]:
    found = re.search(r"<div class=\"map\" hidden data-markers='([^']*)'", html)
    assert found, "no map on the page"
    return json.loads(found.group(1))


def test_leaflet_is_served_from_our_site_and_kept_a_year(client):
    for name, kind in (("leaflet.js", "javascript"), ("leaflet.css", "text/css"),
                       ("images/marker-icon.png", "image/png")):
        with client.get(f"{LEAFLET}/{name}") as response:
            assert response.status_code == 200, name
            assert kind in response.content_type
            assert "max-age=31536000" in response.headers["Cache-Control"]
            assert "immutable" in response.headers["Cache-Control"]


def test_leaflet_stays_cacheable_for_a_logged_in_member(client):
    login(client, make_user("partner", partners=[make_partner()]))
    with client.get(f"{LEAFLET}/leaflet.js") as response:
        assert "no-store" not in response.headers["Cache-Control"]
        assert "max-age=31536000" in response.headers["Cache-Control"]


@pytest.mark.parametrize("path", ["/static/vendor/leaflet/0.1/leaflet.js", f"{LEAFLET}/leaflet-src.esm.js",
                                  f"{LEAFLET}/../__init__.py", f"{LEAFLET}/images/../../__init__.py"])
def test_only_the_files_the_pages_use_are_served(client, path):
    assert client.get(path).status_code == 404


def test_pictures_may_come_from_the_tile_host_and_no_other(app, client, monkeypatch):
    assert _img_src(client.get("/")) == "img-src 'self' data: https://tile.openstreetmap.org"
    monkeypatch.setitem(app.config, "PORTAL_MAP_TILES", "https://{s}.tuiles.example.org/{z}/{x}/{y}.png")
    assert _img_src(client.get("/")) == "img-src 'self' data: https://*.tuiles.example.org"
    monkeypatch.setitem(app.config, "PORTAL_MAP_TILES", "/tuiles/{z}/{x}/{y}.png")
    assert _img_src(client.get("/")) == "img-src 'self' data:"


def test_map_settings_come_from_the_environment_and_the_credit_keeps_only_links(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_MAP_TILES", "https://tuiles.example.org/{z}/{x}/{y}.png")
    monkeypatch.setenv("PORTAL_MAP_ATTRIBUTION",
                       '<a href="https://example.org" onclick="x()">Tuiles</a><script>x()</script><img src=x>')
    config = load_config(str(tmp_path), {"TESTING": True})
    assert config["PORTAL_MAP_TILES"] == "https://tuiles.example.org/{z}/{x}/{y}.png"
    credit = config["PORTAL_MAP_ATTRIBUTION"]
    assert "Tuiles</a>" in credit and 'href="https://example.org"' in credit
    assert "<script" not in credit and "onclick" not in credit and "<img" not in credit
    monkeypatch.delenv("PORTAL_MAP_TILES")
    monkeypatch.delenv("PORTAL_MAP_ATTRIBUTION")
    config = load_config(str(tmp_path), {"TESTING": True})
    assert config["PORTAL_MAP_TILES"] == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert "OpenStreetMap" in config["PORTAL_MAP_ATTRIBUTION"]


def test_subneed_map_lists_the_places_of_the_cards_and_links_to_their_partners(client):
    need = subneed("colis-alimentaire")
    near = make_partner(name="Banque alimentaire de Wazemmes")
    far = make_partner(name="Épicerie de Fives", at=FIVES)
    make_service(near, [need])
    make_service(far, [need])
    nowhere = make_partner(name="Sans coordonnées")
    nowhere.latitude = nowhere.longitude = None
    make_service(nowhere, [need], place_address="", modes=["a-distance"])

    html = client.get(f"/besoins/{need.need.slug}/{need.slug}").get_data(as_text=True)
    markers = _map_data(html)
    assert sorted(m["name"] for m in markers) == ["Banque alimentaire de Wazemmes", "Épicerie de Fives"]
    assert {m["url"] for m in markers} == {f"/partenaires/{near.slug}", f"/partenaires/{far.slug}"}
    assert all(f'href="{m["url"]}"' in html for m in markers), "a marker links outside the list"
    assert "Carte : la liste contient les mêmes lieux." in html
    # Leaflet comes with the page, from our own site.
    assert f'src="{LEAFLET}/leaflet.js"' in html and f'href="{LEAFLET}/leaflet.css"' in html


def test_a_list_without_places_has_no_map_and_loads_no_leaflet(client):
    need = subneed("colis-alimentaire")
    html = client.get(f"/besoins/{need.need.slug}/{need.slug}").get_data(as_text=True)
    assert 'class="map"' not in html and "leaflet" not in html


def test_home_page_loads_no_map(client):
    make_service(make_partner(), [subneed("colis-alimentaire")])
    html = client.get("/").get_data(as_text=True)
    assert "leaflet" not in html and 'class="map"' not in html


def test_partner_map_shows_its_address_and_the_stops_of_its_services(client):
    partner = make_partner(name="Bus numérique")
    make_service(partner, [subneed("colis-alimentaire")], name="Atelier au siège")
    touring = make_service(partner, [subneed("colis-alimentaire")], name="Permanence itinérante")
    touring.stops = [ServiceStop(place_name="Marché de Fives", address="Place Degeyter", postcode="59800",
                                 city="Lille", latitude=FIVES[0], longitude=FIVES[1], weekday=2,
                                 opens=time(9), closes=time(12))]
    html = client.get(f"/partenaires/{partner.slug}").get_data(as_text=True)
    markers = _map_data(html)
    assert [(m["name"], m["place"]) for m in markers] == [
        ("Bus numérique", "10 rue Gambetta, 59000 Lille"),
        ("Permanence itinérante", "Marché de Fives – Place Degeyter, 59800 Lille"),
    ]
    assert [m["lat"] for m in markers] == [partner.latitude, FIVES[0]]
    assert "Carte : les mêmes adresses sont écrites sur cette page." in html


def test_quartier_page_shows_its_partners_on_a_map(client):
    partner = make_partner(name="Centre social de Wazemmes")
    html = client.get(f"/quartiers/{partner.quartier.slug}").get_data(as_text=True)
    assert [m["url"] for m in _map_data(html)] == [f"/partenaires/{partner.slug}"]


def test_search_results_come_with_their_map_even_from_the_page_cache(demo_client):
    for _ in range(2):  # the second answer comes from the page cache
        html = demo_client.get("/recherche?q=colis").get_data(as_text=True)
        markers = _map_data(html)
        cards = set(re.findall(r'class="card-title"><a href="([^"]+)"', html))
        assert markers and {m["url"] for m in markers} <= cards
        assert f'src="{LEAFLET}/leaflet.js"' in html
