"""The printed monthly planning: A4 pages, nothing wider than the paper, dark text on white
(no colour needed), the sessions in the PDF's text; and the screen planning passes axe."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest

from tests.browser.test_accessibility import AXE_OPTIONS, _describe_violations

A4 = (595.28, 841.89)  # points
# 210 mm at 96 px per inch, minus the page's side margins (12 mm each): the printed width.
A4_CONTENT_PX = round((210 - 24) / 25.4 * 96)


def next_month() -> str:
    today = date.today()
    return f"{today.year + today.month // 12}-{today.month % 12 + 1:02d}"


@pytest.fixture()
def printed(page):
    """The printable planning of next month (the demo's workshops are dated from today)."""
    response = page.goto(f"/planning/imprimer?mois={next_month()}&quartier=")
    assert response.status == 200
    page.emulate_media(media="print")
    titles = [" ".join(t.split()) for t in page.locator(".planning-title").all_inner_texts()]
    assert titles, "the demo has no workshop next month any more: pick another month"
    return page, titles


def _poppler(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        pytest.fail(f"{tool} (poppler-utils) is needed to read the PDF", pytrace=False)
    return found


def test_every_printed_page_is_a4_and_holds_the_sessions(printed, tmp_path):
    page, titles = printed
    path = tmp_path / "planning.pdf"
    path.write_bytes(page.pdf(format="A4", print_background=False))
    info = subprocess.run([_poppler("pdfinfo"), "-f", "1", "-l", "999", str(path)],
                          capture_output=True, text=True, check=True).stdout
    sizes = [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)]
    assert sizes, info
    assert all(abs(w - A4[0]) <= 1 and abs(h - A4[1]) <= 1 for w, h in sizes), sizes
    text = subprocess.run([_poppler("pdftotext"), "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    missing = [t for t in set(titles) if t not in flat]
    assert not missing, f"titles missing from the PDF: {missing}"


def test_nothing_is_wider_than_the_paper(printed):
    page, _titles = printed
    page.set_viewport_size({"width": A4_CONTENT_PX, "height": 1100})
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"the printed page is {widths[0]} px wide for {widths[1]} px of paper"


# Relative luminance (WCAG) of a computed colour; text below 0.1 reads as black on white paper.
LUMINANCE_JS = """
() => {
  const lum = (c) => {
    const [r, g, b, a = 1] = c.match(/[\\d.]+/g).map(Number);
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return {l: 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b), a};
  };
  const texts = [...document.querySelectorAll('main *')].filter(e => e.innerText && e.innerText.trim())
    .map(e => ({tag: e.tagName + '.' + e.className, ...lum(getComputedStyle(e).color)}));
  const backgrounds = [document.body, ...document.querySelectorAll('main, main *')]
    .map(e => ({tag: e.tagName + '.' + e.className, ...lum(getComputedStyle(e).backgroundColor)}))
    .filter(b => b.a > 0);
  return {texts, backgrounds};
}
"""


def test_the_text_is_dark_on_white(printed):
    page, _titles = printed
    colours = page.evaluate(LUMINANCE_JS)
    light = [t["tag"] for t in colours["texts"] if t["l"] > 0.1]
    assert not light, f"text not dark enough on paper: {sorted(set(light))}"
    coloured = [b["tag"] for b in colours["backgrounds"] if b["l"] < 0.95]
    assert not coloured, f"backgrounds that are not white: {sorted(set(coloured))}"
    # Cancelled and full sessions say so in words, not only by a style.
    for session in page.locator(".planning-session.is-cancelled").all():
        assert "annulé" in session.inner_text().casefold()
    for session in page.locator(".planning-session.is-full").all():
        assert "complet" in session.inner_text().casefold()


@pytest.mark.parametrize("lang", ["", "/en", "/ar"], ids=["fr", "en", "ar"])
def test_the_planning_passes_axe(page, lang):
    from axe_playwright_python.sync_playwright import Axe

    assert page.goto(f"{lang}/planning?mois={next_month()}&quartier=").status == 200
    assert page.locator(".planning-session").count() >= 1
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"{lang}/planning:\n{_describe_violations(violations)}"


def test_the_printable_page_passes_axe(page):
    from axe_playwright_python.sync_playwright import Axe

    assert page.goto(f"/planning/imprimer?mois={next_month()}&quartier=").status == 200
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"/planning/imprimer:\n{_describe_violations(violations)}"
