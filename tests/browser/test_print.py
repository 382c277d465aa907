"""A partner page prints as a one-page orientation slip (A4), without the screen-only parts."""

from __future__ import annotations

import re

import pytest

# A demo partner with four services, opening hours, contacts and a presentation: a typical
# listing (most partners have two to four services).
TYPICAL_PARTNERS = ["/partenaires/la-halte-lille-sud", "/partenaires/france-services-lille-bois-blancs"]
# Each page of a PDF written by Chromium is one "/Type /Page" object ("/Pages" is the tree root).
PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


@pytest.mark.parametrize("path", TYPICAL_PARTNERS)
def test_partner_page_prints_on_one_page(page, path):
    assert page.goto(path).status == 200
    assert page.locator(".partner .service").count() >= 1, f"{path} has no service any more: pick another"
    pdf = page.pdf(format="A4", print_background=False)
    pages = len(PDF_PAGE.findall(pdf))
    assert pages == 1, f"{path} prints on {pages} pages"


def test_printed_slip_keeps_what_helps_and_drops_the_screen_parts(page):
    page.goto(TYPICAL_PARTNERS[0])
    page.emulate_media(media="print")
    hidden = {sel: page.locator(sel).first.is_visible() for sel in
              ("header nav", ".breadcrumb", ".skip-link", ".footer-links", "form", ".print-button")
              if page.locator(sel).count()}
    assert not any(hidden.values()), f"shown on paper: {[s for s, shown in hidden.items() if shown]}"
    for sel in (".site-name", "h1", ".address", ".hours", ".service", ".print-only"):
        assert page.locator(sel).first.is_visible(), f"{sel} is missing from the printed slip"
    assert "Informations lues sur" in page.locator(".print-only").inner_text()
    # The address of an external link is printed after it.
    external = page.evaluate("""() => [...document.querySelectorAll('.partner a[href^="http"]')]
      .filter(a => !a.closest('.plain, .tags')).map(a => getComputedStyle(a, '::after').content)""")
    assert all(content.startswith('" (') for content in external), external
