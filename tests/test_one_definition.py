"""One word, one definition: the pages that say "sans rendez-vous", "gratuit" or show a partner
at all agree with each other, because each rule is written once (on the models)."""

from __future__ import annotations

import html
import re

import pytest

from portal.extensions import db
from portal.search import pagecache
from portal.search.store import index as idx
from portal.search.store import state
from tests.factories import make_partner, make_service, subneed

CARD = re.compile(r'<li class="card">(.*?)</li>', re.S)
CARD_NAME = re.compile(r'<h3 class="card-title"><a href="[^"]+">([^<]+)</a>')
BADGE = re.compile(r'<span class="badge[^"]*">([^<]+)</span>')

ACCESS = {
    "Accueil sans rendez-vous": ["sans-rdv"],
    "Accueil ou téléphone": ["telephone", "sans-rdv"],
    "Appeler d'abord": ["telephone"],
    "Sur rendez-vous": ["sur-rdv"],
    "Sur orientation": ["orientation"],
    "Accès non précisé": [],
}
WALK_IN = {"Accueil sans rendez-vous", "Accueil ou téléphone"}


@pytest.fixture()
def food_places(app, tmp_path, monkeypatch):
    """One partner per way in, each with one food-parcel service, and a search index of them."""
    food = subneed("colis-alimentaire")
    for n, (name, modes) in enumerate(ACCESS.items()):
        partner = make_partner(name=name, slug=f"lieu-{n}")
        make_service(partner, [food], name=f"Colis {n}", access_modes=modes,
                     fees="gratuit" if n % 2 else "payant")
    db.session.commit()
    monkeypatch.setitem(app.config, "SEARCH_INDEX_DIR", str(tmp_path / "index"))
    pagecache.clear()
    idx.rebuild(db.session)
    yield
    state.close_all()
    pagecache.clear()


def _cards(client, url: str) -> dict[str, set[str]]:
    """The cards of a result page: partner name -> its badges."""
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.get_data(as_text=True)
    cards = {}
    for card in CARD.findall(page):
        (name,) = CARD_NAME.findall(card)
        cards[html.unescape(name)] = {html.unescape(b) for b in BADGE.findall(card)}
    return cards


def test_sans_rendez_vous_is_the_same_on_the_sub_need_page_and_in_the_search(client, food_places):
    on_subneed = _cards(client, "/besoins/alimentation/colis-alimentaire?sans_rdv=1")
    in_search = _cards(client, "/recherche?besoin=alimentation&sans_rdv=1")
    assert set(on_subneed) == set(in_search) == WALK_IN


def test_the_sans_rendez_vous_badge_is_on_walk_in_places_only(client, food_places):
    for url in ("/besoins/alimentation/colis-alimentaire", "/recherche?besoin=alimentation"):
        cards = _cards(client, url)
        assert set(cards) == set(ACCESS), url
        assert {name for name, badges in cards.items() if "Sans rendez-vous" in badges} == WALK_IN, url
        # The others say how to get in, as the partner wrote it; nothing when it is not known.
        assert "Par téléphone" in cards["Appeler d'abord"]
        assert "Sur orientation d'un professionnel" in cards["Sur orientation"]
        assert not cards["Accès non précisé"] & {"Sans rendez-vous", "Sur rendez-vous", "Par téléphone"}


def test_gratuit_is_the_same_on_the_sub_need_page_and_in_the_search(client, food_places):
    on_subneed = _cards(client, "/besoins/alimentation/colis-alimentaire?gratuit=1")
    in_search = _cards(client, "/recherche?besoin=alimentation&gratuit=1")
    assert set(on_subneed) == set(in_search) == {"Accueil ou téléphone", "Sur rendez-vous", "Accès non précisé"}
    assert all("Gratuit" in badges for badges in on_subneed.values())


def test_a_draft_partner_or_an_archived_service_is_nowhere_public(app, client, tmp_path, monkeypatch):
    food = subneed("colis-alimentaire")
    shown = make_partner(name="Lieu publié", slug="lieu-publie")
    make_service(shown, [food], name="Colis publiés")
    draft = make_partner(name="Lieu en brouillon", slug="lieu-brouillon", status="draft")
    make_service(draft, [food], name="Colis du brouillon")
    make_service(shown, [food], name="Colis archivés", status="archived")
    db.session.commit()
    quartier = shown.quartier.slug
    monkeypatch.setitem(app.config, "SEARCH_INDEX_DIR", str(tmp_path / "index"))
    pagecache.clear()
    idx.rebuild(db.session)
    try:
        pages = {
            "sub-need": client.get("/besoins/alimentation/colis-alimentaire"),
            "search": client.get("/recherche?q=colis"),
            "quartier": client.get(f"/quartiers/{quartier}"),
            "a-z": client.get("/partenaires/?lettre=L"),
            "sitemap": client.get("/sitemap.xml"),
        }
        for where, response in pages.items():
            text = html.unescape(response.get_data(as_text=True))
            assert "lieu-publie" in text or "Lieu publié" in text, where
            assert "lieu-brouillon" not in text and "Lieu en brouillon" not in text, where
        assert client.get("/partenaires/lieu-brouillon").status_code == 404
        public = html.unescape(client.get("/partenaires/lieu-publie").get_data(as_text=True))
        assert "Colis publiés" in public and "Colis archivés" not in public
        assert "archivés" not in html.unescape(pages["search"].get_data(as_text=True))
    finally:
        state.close_all()
        pagecache.clear()
