"""Emergency numbers one tap away: on the home page, on the emergency need, and "no bed? 115"."""

from __future__ import annotations

import html
import re

from portal.directory import emergency


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.get_data(as_text=True))


def _strip(page: str) -> str:
    """The emergency section of a page, or "" when there is none."""
    found = re.search(r'<section class="emergency[^"]*" aria-labelledby="titre-urgences">.*?</section>',
                      page, re.S)
    return found.group(0) if found else ""


def test_the_home_page_has_the_115_and_every_emergency_number_as_links_a_phone_can_call(client):
    strip = _strip(_page(client, "/"))
    assert '<h2 id="titre-urgences">Urgences</h2>' in strip
    assert 'href="tel:115"' in strip and "Samu social" in strip
    for number in ("15", "17", "112", "119", "3919"):
        assert f'href="tel:{number}"' in strip
    # The 114 takes no voice call: deaf and hard-of-hearing people write to it.
    assert 'href="sms:114"' in strip and 'href="tel:114"' not in strip


def test_the_strip_comes_before_the_needs_and_links_to_the_numbers_explained(client):
    page = _page(client, "/")
    assert page.index('id="titre-urgences"') < page.index('class="needs"')
    assert 'href="/besoins/urgence-sociale"' in _strip(page)


def test_the_emergency_need_explains_each_number_in_plain_words(client):
    strip = _strip(_page(client, "/besoins/urgence-sociale"))
    assert "Hébergement d'urgence, nuit et jour" in strip
    assert "Urgence médicale" in strip
    assert "Violences faites aux femmes : écoute anonyme et gratuite" in strip
    assert "Pour les personnes sourdes ou malentendantes : écrivez un SMS au 114" in strip
    for number in emergency.NUMBERS:
        assert f'href="{number.href}"' in strip


def test_other_needs_do_not_carry_the_strip(client):
    assert _strip(_page(client, "/besoins/alimentation")) == ""


def test_the_strip_is_translated_and_keeps_the_numbers(client):
    strip = _strip(_page(client, "/en/"))
    assert 'href="tel:115"' in strip and 'href="sms:114"' in strip


def test_a_bed_tonight_says_call_the_115_first(client):
    page = _page(client, "/besoins/urgence-sociale/hebergement-ce-soir")
    assert "Pas de place ?" in page
    assert re.search(r'<a class="urgent-call-link" href="tel:115">Appelez le 115</a>', page)
    # Before the list of places, right under the title.
    assert page.index("Appelez le 115") < page.index('id="titre-resultats"')


def test_other_precise_needs_have_no_urgent_call_line(client):
    page = _page(client, "/besoins/urgence-sociale/prendre-une-douche")
    assert "Pas de place ?" not in page
