"""Interface languages: chosen in the URL, shown on every page, kept while browsing."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest

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
    assert '<form method="get" action="/ar/besoins/alimentation/colis-alimentaire" class="near-form"' in page
    response = client.get("/ar/quartier?quartier=fives&suivant=/ar/besoins/alimentation")
    assert response.headers["Location"].endswith("/ar/besoins/alimentation")


def test_unknown_pages_in_another_language_get_the_not_found_page(client):
    response = client.get("/en/besoins/nothing-here")
    assert response.status_code == 404
    assert '<html lang="en"' in response.get_data(as_text=True)


# --- Partner-written text inside English and Arabic pages ----------------------------------------

class _LanguageOfText(HTMLParser):
    """Each piece of text of a page with the lang and dir of the element around it."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str | None, str | None]] = []
        self.texts: list[tuple[str, str | None, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attrs = dict(attrs)
        lang, direction = (self.stack[-1][1:] if self.stack else (None, None))
        self.stack.append((tag, attrs.get("lang", lang), attrs.get("dir", direction)))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if data.strip() and self.stack:
            self.texts.append((" ".join(data.split()), *self.stack[-1][1:]))


def _marking(page: str, text: str) -> set[tuple[str | None, str | None]]:
    """The (lang, dir) of every piece of the page's text that contains `text`."""
    parser = _LanguageOfText()
    parser.feed(page)
    found = {(lang, direction) for data, lang, direction in parser.texts if text in data}
    assert found, f"{text!r} is not on the page"
    return found


PARTNER_TEXTS = {
    "name": "Les Restos du Cœur – antenne de Fives",
    "address": "12 rue Pierre-Legrand",
    "presentation": "Nous accueillons toute personne qui a faim.",
    "accessibility_note": "Rampe côté cour",
    "closure": "Fermé pour travaux, distribution à la mairie de quartier.",
    "exception": "Journée portes ouvertes",
    "service": "Distribution de colis",
    "description": "Un colis par semaine, avec ou sans inscription.",
    "fees_detail": "Participation de 2 euros",
    "documents": "Une pièce d'identité",
}


def _partner_with_written_texts():
    from portal.directory.models import Closure, OpeningException

    t = PARTNER_TEXTS
    partner = make_partner(name=t["name"], address=t["address"], presentation=t["presentation"],
                           accessibility="partial", accessibility_note=t["accessibility_note"])
    today = date.today()
    partner.closures = [Closure(start_date=today - timedelta(days=1), end_date=today + timedelta(days=3),
                                message=t["closure"])]
    partner.exceptions = [OpeningException(day=today + timedelta(days=10), label=t["exception"])]
    make_service(partner, [subneed("colis-alimentaire")], name=t["service"], description=t["description"],
                 fees="payant", fees_detail=t["fees_detail"], documents=t["documents"])
    return partner


@pytest.mark.parametrize("prefix", ["/en", "/ar"])
def test_partner_text_is_marked_french_and_left_to_right_in_other_languages(client, prefix):
    partner = _partner_with_written_texts()
    page = _page(client, f"{prefix}/partenaires/{partner.slug}")
    for field, text in PARTNER_TEXTS.items():
        # The name is also in the <title>, which cannot hold markup: only the body counts.
        body = page.split("<body>", 1)[1]
        assert _marking(body, text) == {("fr", "ltr")}, f"{field} {text!r} on {prefix}/partenaires/…"
    # Kept as written, never translated.
    assert PARTNER_TEXTS["service"] in page


@pytest.mark.parametrize("prefix", ["/en", "/ar"])
def test_partner_names_in_lists_are_marked_french(client, prefix):
    partner = _partner_with_written_texts()
    for url in (f"{prefix}/besoins/alimentation/colis-alimentaire", f"{prefix}/partenaires/?lettre=L"):
        page = _page(client, url)
        assert _marking(page, PARTNER_TEXTS["name"]) == {("fr", "ltr")}, url
    card = _page(client, f"{prefix}/besoins/alimentation/colis-alimentaire")
    assert _marking(card, PARTNER_TEXTS["address"]) == {("fr", "ltr")}
    assert partner.slug in card


def test_french_pages_carry_no_extra_marking(client):
    """In the French interface the page itself is lang="fr" dir="ltr": partner text needs no span."""
    partner = _partner_with_written_texts()
    page = _page(client, f"/partenaires/{partner.slug}")
    content = page.split('<main', 1)[1]
    assert 'lang="fr"' not in content
    for text in PARTNER_TEXTS.values():
        assert _marking(page, text) == {("fr", "ltr")}
