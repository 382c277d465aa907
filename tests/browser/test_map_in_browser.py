"""The map beside a result list, in a real browser: the same places as the list, markers that
lead to the list's partners, nothing for assistive technologies or the keyboard to stumble on,
the whole list without JavaScript, and no map library on pages without a map.

Tiles never come from the internet: the live server's tiles are a data: picture (conftest.py),
and any request that would leave the loopback is refused and fails the test.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from test_accessibility import AXE_OPTIONS, _describe_violations

from portal.directory import presenters, queries
from portal.extensions import db

SUBNEED = ("alimentation", "colis-alimentaire")
SUBNEED_PATH = "/besoins/{}/{}".format(*SUBNEED)
PARTNER_PATH = "/partenaires/espace-femmes-la-pepiniere"


@pytest.fixture(scope="module")
def expected(demo_app) -> dict:
    """What the sub-need page lists, read from the database: its partners and the distinct
    coordinates of the places where their services are given."""
    with demo_app.test_request_context():
        subneed = db.session.scalars(queries.subneed_of(*SUBNEED)).one()
        services = db.session.scalars(queries.services_for(subneed)).unique().all()
        cards = presenters.cards_for_services(services)
        places = {(round(p.latitude, 6), round(p.longitude, 6))
                  for card in cards for p in card.places if p.latitude is not None}
        return {"cards": len(cards), "places": places}


@pytest.fixture()
def offline(context) -> list[str]:
    """Refuse, and record, every request that would leave this machine."""
    outside: list[str] = []

    def guard(route) -> None:
        if urlsplit(route.request.url).hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    yield outside
    assert not outside, f"requests left the machine: {outside}"


def _open_map(page, path: str) -> None:
    response = page.goto(path)
    assert response.status == 200, path
    page.locator(".map .leaflet-marker-icon").first.wait_for()


def _open_popup(page, marker) -> None:
    """Click a marker and wait until its popup is the only one (the last one fades out)."""
    marker.dispatch_event("click")
    page.wait_for_function("() => document.querySelectorAll('.map .leaflet-popup').length === 1"
                           " && document.querySelector('.map .leaflet-popup-content li')")


def test_the_map_shows_each_place_of_the_list_once_and_leads_to_its_partners(page, offline, expected):
    _open_map(page, SUBNEED_PATH)
    cards = page.locator(".cards .card-title a")
    assert cards.count() == expected["cards"]
    listed = {cards.nth(i).get_attribute("href") for i in range(cards.count())}

    markers = page.locator(".map .leaflet-marker-icon")
    assert markers.count() == len(expected["places"]) > 1
    assert page.locator(".map .map-caption").is_visible()
    reached = set()
    for i in range(markers.count()):
        _open_popup(page, markers.nth(i))
        links = page.locator(".map .leaflet-popup-content a")
        hrefs = {links.nth(j).get_attribute("href") for j in range(links.count())}
        assert hrefs <= listed, f"marker {i} leads outside the list: {hrefs - listed}"
        reached |= hrefs
    # Every partner of the list with a place on the map is reachable from a marker.
    assert len(reached) == len(listed)

    # A marker's link goes to the partner's page.
    _open_popup(page, markers.first)
    link = page.locator(".map .leaflet-popup-content a").first
    name = link.inner_text().strip()
    with page.expect_navigation():
        link.click()
    assert page.locator("h1").inner_text().strip() == name


def test_the_map_is_hidden_from_assistive_technologies_and_the_keyboard(page, offline):
    from axe_playwright_python.sync_playwright import Axe

    _open_map(page, SUBNEED_PATH)
    _open_popup(page, page.locator(".map .leaflet-marker-icon").first)
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, _describe_violations(violations)

    assert page.locator(".map-canvas[aria-hidden=true]").count() == 1
    # Tab goes from the caption's credit link straight on to the list, never into the map.
    stops = []
    for _ in range(200):
        page.keyboard.press("Tab")
        where = page.evaluate("""() => {
          const el = document.activeElement;
          return {inMap: !!el.closest('.map-canvas'), card: !!el.closest('.cards'), text: el.innerText || ''};
        }""")
        assert not where["inMap"], f"Tab stopped inside the map after {stops[-3:]}"
        stops.append(where["text"][:30])
        if where["card"]:
            break
    else:
        raise AssertionError("Tab never reached the list")


def test_the_partner_page_maps_its_address(page, offline):
    _open_map(page, PARTNER_PATH)
    assert page.locator(".map .leaflet-marker-icon").count() >= 1
    assert page.locator("#titre-venir ~ .map").count() == 1


def test_without_javascript_the_whole_list_and_no_map(browser, live_server, expected):
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(SUBNEED_PATH)
    assert page.locator(".cards .card").count() == expected["cards"]
    assert not page.locator(".map").is_visible()
    assert page.locator(".map img, .map-canvas, .leaflet-container").count() == 0
    assert not [url for url in requested if urlsplit(url).hostname != "127.0.0.1"]
    context.close()


def test_the_home_page_loads_no_map_library(page, offline):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/")
    page.wait_for_load_state("load")
    assert requested, "no request seen"
    assert not [url for url in requested if "leaflet" in url or "/map." in url]
    assert page.locator(".map").count() == 0
