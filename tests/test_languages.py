"""Interface languages: chosen in the URL, shown on every page, kept while browsing."""

from __future__ import annotations

import re

from tests.factories import make_partner, make_service, subneed


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_french_is_the_default_and_english_and_arabic_live_under_a_prefix(client):
    assert '<html lang="fr" dir="ltr">' in _page(client, "/")
    assert '<html lang="en" dir="ltr">' in _page(client, "/en/")
    assert '<html lang="ar" dir="rtl">' in _page(client, "/ar/")
    assert '<html lang="ar" dir="rtl">' in _page(client, "/ar")


def test_links_keep_the_language_while_browsing(client):
    make_service(make_partner(name="Lieu partagé"), [subneed("colis-alimentaire")])
    home = _page(client, "/en/")
    assert 'href="/en/besoins/alimentation"' in home
    sub = _page(client, "/en/besoins/alimentation/colis-alimentaire")
    assert re.search(r'href="/en/partenaires/partenaire-\d+"', sub)
    assert 'href="/besoins/alimentation"' not in home


def test_switcher_and_alternates_point_to_the_same_page(client):
    page = _page(client, "/en/quartiers/fives?page=1")
    assert 'href="/quartiers/fives?page=1" lang="fr" dir="ltr" hreflang="fr"' in page
    assert 'href="/ar/quartiers/fives?page=1" lang="ar" dir="rtl" hreflang="ar"' in page
    assert '<span aria-current="true" lang="en" dir="ltr">English</span>' in page
    for code in ("fr", "en", "ar"):
        assert f'rel="alternate" hreflang="{code}"' in page


def test_choosing_a_quartier_keeps_the_language(client):
    page = _page(client, "/ar/besoins/alimentation/colis-alimentaire")
    assert 'name="suivant" value="/ar/besoins/alimentation/colis-alimentaire"' in page
    response = client.get("/ar/quartier?quartier=fives&suivant=/ar/besoins/alimentation")
    assert response.headers["Location"].endswith("/ar/besoins/alimentation")


def test_unknown_pages_in_another_language_get_the_not_found_page(client):
    response = client.get("/en/besoins/nothing-here")
    assert response.status_code == 404
    assert '<html lang="en"' in response.get_data(as_text=True)
