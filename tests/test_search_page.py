"""The search page: everyday words, filters with counts, near an address, the log, OpenSearch."""

from __future__ import annotations

import html
import socket
from datetime import datetime

import pytest
from sqlalchemy import select

from portal.directory import geo, geocoding, presenters
from portal.directory.hours import PARIS
from portal.directory.models import ServiceStop
from portal.extensions import db
from portal.search import pagecache
from portal.search import views as search_views
from portal.search.models import SearchLog
from portal.search.store import index as idx
from portal.search.store import state
from tests.factories import make_partner, make_service, subneed
from tests.geocoder_stub import config_for, running_geocoder

# The index follows the test's commits: these tests commit for real (see conftest.py).
pytestmark = pytest.mark.committing

TUESDAY_MORNING = datetime(2026, 3, 10, 10, 0, tzinfo=PARIS)
FIVES = (50.6300, 3.0900)
LOMME = (50.6430, 2.9880)


@pytest.fixture()
def indexed(app, tmp_path, monkeypatch):
    """The unit app with its own index folder, built from the database, and a fixed clock."""
    monkeypatch.setitem(app.config, "SEARCH_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setattr(presenters, "now", lambda: TUESDAY_MORNING)
    geocoding._lookup.cache_clear()
    pagecache.clear()
    idx.rebuild(db.session)
    yield app
    state.close_all()
    pagecache.clear()
    geocoding._lookup.cache_clear()


def _page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return html.unescape(response.get_data(as_text=True))


def test_everyday_words_find_the_right_partner_with_its_badges(client, indexed):
    food = make_partner(name="Épicerie solidaire La Passerelle")
    make_service(food, [subneed("colis-alimentaire")], name="Colis du jeudi")
    make_service(make_partner(name="Atelier vélo"), [subneed("avoir-un-velo")], name="Réparer son vélo")
    db.session.commit()
    page = _page(client, "/recherche?q=bouffe")
    assert "Épicerie solidaire La Passerelle" in page
    assert "Atelier vélo" not in page
    assert f'href="/partenaires/{food.slug}"' in page
    assert "Ouvert maintenant" in page and "Gratuit" in page and "Sans rendez-vous" in page


def test_a_typo_gets_a_did_you_mean_link(client, indexed):
    make_service(make_partner(name="Agence du logement"), [subneed("demander-un-logement-social")],
                 name="Demande de logement social")
    db.session.commit()
    page = _page(client, "/recherche?q=logemant")
    assert "Agence du logement" in page
    assert "Vouliez-vous dire" in page and "/recherche?q=logement" in page


def test_nothing_found_still_helps(client, indexed, app):
    page = _page(client, "/recherche?q=zzzqqqxx")
    assert "Nous n'avons rien trouvé" in page
    assert 'href="/besoins/alimentation"' in page
    assert app.config["PORTAL_CCAS_PHONE"] in page


def test_a_partner_with_two_matching_services_is_one_result_naming_both(client, indexed, monkeypatch):
    monkeypatch.setattr(search_views, "PER_PAGE", 2)
    food = subneed("colis-alimentaire")
    twice = make_partner(name="Épicerie Double")
    make_service(twice, [food], name="Colis du mardi")
    make_service(twice, [food], name="Colis du samedi")
    make_service(twice, [subneed("avoir-un-velo")], name="Atelier vélo")  # does not match
    for name in ("Colis Nord", "Colis Sud"):
        make_service(make_partner(name=name), [food], name="Colis alimentaire")
    db.session.commit()
    pages = [_page(client, f"/recherche?q=colis&page={n}") for n in (1, 2)]
    assert all("3 résultats pour « colis »" in page for page in pages)
    both = "".join(pages)
    assert both.count(">Épicerie Double</a>") == 1
    assert both.count(">Colis Nord</a>") == 1 and both.count(">Colis Sud</a>") == 1
    card = both[both.index(">Épicerie Double</a>"):]
    card = card[: card.index("</li>")]
    assert "Colis du mardi" in card and "Colis du samedi" in card and "Atelier vélo" not in card
    _page(client, "/recherche?q=colis&page=3", 404)


def test_a_bus_stopping_in_a_quartier_is_found_there_and_shown_at_its_nearest_stop(client, indexed):
    bus = make_service(make_partner(name="Bus solidaire", at=LOMME), [subneed("colis-alimentaire")],
                       name="Colis itinérant")
    bus.stops = [ServiceStop(address=address, postcode="59000", city="Lille", latitude=lat,
                             longitude=lon, quartier_id=geo.quartier_id_at(lat, lon))
                 for address, (lat, lon) in (("Place de Lomme", LOMME), ("Place de Fives", FIVES))]
    make_service(make_partner(name="Épicerie de Wazemmes"), [subneed("colis-alimentaire")])
    db.session.commit()
    page = _page(client, "/recherche?q=colis&quartier=fives&tri=distance")
    assert "1 résultat pour « colis »" in page and "Épicerie de Wazemmes" not in page
    card = page[page.index(">Bus solidaire</a>"):]
    card = card[: card.index("</li>")]
    assert "arrêt le plus proche : Place de Fives" in card and "Place de Lomme" not in card
    assert "à pied" in card  # measured from the stop in Fives, not from the partner in Lomme


def test_filters_show_counts_and_narrow_results(client, indexed):
    food = subneed("colis-alimentaire")
    make_service(make_partner(name="Colis Wazemmes"), [food], name="Colis gratuit")
    make_service(make_partner(name="Colis Fives", at=FIVES), [food], name="Colis payant", fees="payant")
    db.session.commit()
    page = _page(client, "/recherche?q=colis")
    assert "Wazemmes (1)" in page and "Fives (1)" in page and "Gratuit (1)" in page
    page = _page(client, "/recherche?q=colis&gratuit=1")
    assert "Colis Wazemmes" in page and "Colis Fives" not in page
    page = _page(client, "/recherche?q=colis&quartier=fives")
    assert "Colis Fives" in page and "Colis Wazemmes" not in page


def test_bad_filter_values_get_a_message_next_to_the_field(client, indexed):
    make_service(make_partner(name="Colis Wazemmes"), [subneed("colis-alimentaire")])
    db.session.commit()
    page = _page(client, "/recherche?q=colis&quartier=atlantide&besoin=rien&langue=xx")
    assert "Ce quartier n'existe pas : le filtre a été retiré." in page
    assert "Ce besoin n'existe pas" in page and "Cette langue n'est pas proposée" in page
    assert "Colis Wazemmes" in page
    assert 'value="colis"' in page


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99", "9" * 30])
def test_absurd_page_numbers_get_the_not_found_page(client, indexed, page):
    make_service(make_partner(), [subneed("colis-alimentaire")])
    db.session.commit()
    assert "Cette page n'existe pas" in _page(client, f"/recherche?q=colis&page={page}", 404)


def test_near_an_address_sorts_by_distance(client, indexed, app, monkeypatch):
    food = subneed("colis-alimentaire")
    make_service(make_partner(name="Colis de Lomme", at=LOMME), [food])
    make_service(make_partner(name="Colis de Fives", at=FIVES), [food])
    db.session.commit()
    with running_geocoder() as server:
        for key, value in config_for(server).items():
            monkeypatch.setitem(app.config, key, value)
        page = _page(client, "/recherche?q=colis&adresse=12+rue+Pierre+Legrand&tri=distance")
    assert "Adresse trouvée : Rue Pierre Legrand 59800 Lille" in page
    assert page.index("Colis de Fives") < page.index("Colis de Lomme")
    assert "à 150 m, environ" in page or "à 200 m, environ" in page


def test_search_still_works_when_the_geocoder_is_down(client, indexed, app, monkeypatch):
    make_service(make_partner(name="Colis de Fives", at=FIVES), [subneed("colis-alimentaire")])
    db.session.commit()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setitem(app.config, "GEOCODER_DOMAIN", f"127.0.0.1:{port}")
    monkeypatch.setitem(app.config, "GEOCODER_SCHEME", "http")
    monkeypatch.setitem(app.config, "GEOCODER_TIMEOUT", 1)
    page = _page(client, "/recherche?q=colis&adresse=rue+Pierre+Legrand&tri=distance&quartier=fives")
    assert "Le service d'adresses ne répond pas pour le moment" in page
    assert "Colis de Fives" in page
    assert 'value="rue Pierre Legrand"' in page


def test_searches_are_logged_without_personal_data(client, indexed):
    make_service(make_partner(), [subneed("colis-alimentaire")], name="Colis")
    db.session.commit()
    client.get("/recherche?q=colis&gratuit=1", environ_base={"REMOTE_ADDR": "203.0.113.7"})
    client.get("/recherche?q=introuvablezz")
    client.get("/recherche")  # the empty form is not a search
    logs = db.session.scalars(select(SearchLog).order_by(SearchLog.id)).all()
    assert [(log.query, log.filters, log.results) for log in logs] == [
        ("colis", {"free": True}, 1), ("introuvablezz", {}, 0)]
    columns = set(SearchLog.__table__.columns.keys())
    assert columns == {"id", "created_at", "query", "filters", "results", "duration_ms"}


def test_opensearch_description_is_linked_from_every_page(client, indexed):
    for url in ("/", "/recherche", "/quartiers/"):
        assert 'rel="search" type="application/opensearchdescription+xml"' in _page(client, url)
    xml = _page(client, "/opensearch.xml")
    assert 'type="text/html"' in xml and "/recherche?q={searchTerms}" in xml


def test_a_repeated_search_is_logged_each_time_and_follows_changes(client, indexed):
    food = subneed("colis-alimentaire")
    make_service(make_partner(name="Premier lieu"), [food], name="Colis du lundi")
    db.session.commit()
    assert "Premier lieu" in _page(client, "/recherche?q=colis")
    assert "Premier lieu" in _page(client, "/recherche?q=colis")
    make_service(make_partner(name="Second lieu"), [food], name="Colis du mardi")
    db.session.commit()
    page = _page(client, "/recherche?q=colis")
    assert "Second lieu" in page and "Premier lieu" in page
    counts = db.session.scalars(select(SearchLog.results).order_by(SearchLog.id)).all()
    assert counts == [1, 1, 2]


def test_a_visitor_cannot_plant_a_host_or_a_message_in_the_next_visitors_results(app, indexed):
    make_service(make_partner(name="Épicerie du Faubourg"), [subneed("colis-alimentaire")],
                 name="Colis du vendredi")
    db.session.commit()
    first = app.test_client()
    with first.session_transaction(base_url="http://evil.example") as session:
        session["_flashes"] = [("info", "Message réservé au premier visiteur")]
    planted = first.get("/recherche?q=colis", base_url="http://evil.example")
    assert "Message réservé au premier visiteur" in planted.get_data(as_text=True)

    page = _page(app.test_client(), "/recherche?q=colis")
    assert "Épicerie du Faubourg" in page
    assert "evil.example" not in page
    assert "Message réservé au premier visiteur" not in page
