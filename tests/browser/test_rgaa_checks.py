"""RGAA checks that axe-core does not make, on every kind of public page.

Each test is named as evidence in portal/accessibility/data/audit.csv: a criterion is marked
"auto" there only when these tests (with axe) cover all of its RGAA tests. Renaming a test
means updating that table.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_accessibility import LAYOUT_PROBLEMS_JS, PAGES, _goto, _listing

SITE_NAME = "Trouver de l'aide à Lille"
ROOT = Path(__file__).resolve().parents[2]

# What the page would need to be checked by a person: the elements or attributes found.
MEDIA_JS = """() => [...document.querySelectorAll(
  'iframe, frame, frameset, video, audio, object, embed, canvas, applet, map, area, figure, marquee, blink'
)].map(el => el.tagName.toLowerCase())"""

DECORATIVE_IMAGES_JS = """() => {
  const problems = [];
  for (const img of document.querySelectorAll('img')) {
    // A map's tiles and markers are hidden from assistive technologies with their map: the list
    // beside it is the text alternative (RGAA 1.1 applies to images that are conveyed).
    if (img.closest('[aria-hidden="true"]')) continue;
    const text = (img.parentElement.innerText || '').trim();
    if (img.getAttribute('alt') !== '') problems.push(`${img.src}: alt=${JSON.stringify(img.getAttribute('alt'))}`);
    if (img.hasAttribute('title') || img.hasAttribute('aria-label') || img.hasAttribute('aria-labelledby'))
      problems.push(`${img.src}: a decorative image has a title or an accessible name`);
    if (!text) problems.push(`${img.src}: no text beside the pictogram`);
  }
  for (const svg of document.querySelectorAll('svg')) {
    if (svg.getAttribute('aria-hidden') !== 'true') problems.push('inline <svg> without aria-hidden="true"');
  }
  return problems;
}"""

# Elements and attributes that only say how things look (RGAA 10.1.1 and 10.1.2).
PRESENTATION_JS = """() => {
  const problems = [];
  const tags = 'basefont, big, blink, center, font, marquee, s, strike, tt, u';
  for (const el of document.querySelectorAll(tags)) problems.push(`<${el.tagName.toLowerCase()}>`);
  const attrs = ['align', 'alink', 'background', 'bgcolor', 'border', 'cellpadding', 'cellspacing', 'char',
                 'charoff', 'clear', 'color', 'compact', 'frameborder', 'hspace', 'link', 'marginheight',
                 'marginwidth', 'text', 'valign', 'vlink', 'vspace'];
  const sized = new Set(['img', 'svg', 'canvas', 'embed', 'object', 'iframe', 'video', 'input', 'select']);
  for (const el of document.body.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    for (const a of attrs) if (el.hasAttribute(a)) problems.push(`<${tag} ${a}>`);
    for (const a of ['width', 'height', 'size']) if (el.hasAttribute(a) && !sized.has(tag)) problems.push(`<${tag} ${a}>`);
  }
  // Letters spaced out with spaces ("A C C U E I L") instead of letter-spacing (RGAA 10.1.3).
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (/(^|\\s)(\\S[ \\u00a0]){3,}\\S(\\s|$)/u.test(node.data)) problems.push(`spaced-out letters: "${node.data.trim()}"`);
  }
  return problems;
}"""

FIELDS_JS = """() => {
  const problems = [];
  const fields = document.querySelectorAll(
    'input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=reset]):not([type=image]), select, textarea');
  for (const field of fields) {
    const label = field.id && document.querySelector(`label[for="${CSS.escape(field.id)}"]`);
    const name = field.name || field.id || field.tagName;
    if (!label) { problems.push(`${name}: no <label for>`); continue; }
    if (!label.innerText.trim()) problems.push(`${name}: empty label`);
    const box = label.getBoundingClientRect();
    if (label.closest('.visually-hidden') || box.width < 2 || box.height < 2) problems.push(`${name}: label not visible`);
  }
  return problems;
}"""

TABLES_JS = """() => [...document.querySelectorAll('table')].flatMap((table, i) => {
  const problems = [];
  const caption = table.querySelector(':scope > caption');
  if (!caption || !caption.textContent.trim()) problems.push(`table ${i + 1}: no caption`);
  if (!table.querySelector('th')) problems.push(`table ${i + 1}: no header cell`);
  for (const th of table.querySelectorAll('th')) {
    if (!['row', 'col'].includes(th.getAttribute('scope'))) problems.push(`table ${i + 1}: <th> without scope`);
  }
  return problems;
})"""

LANDMARKS_JS = """() => {
  const visible = (sel) => [...document.querySelectorAll(sel)].filter(el => el.checkVisibility());
  const menu = document.querySelector('header nav[aria-label]');
  return {
    headers: visible('body > header').length,
    mains: visible('main').length,
    footers: visible('body > footer').length,
    navs: [...document.querySelectorAll('nav')].map(n => n.getAttribute('aria-label')),
    navOnlyLinks: [...document.querySelectorAll('nav')].every(n =>
      [...n.querySelectorAll('*')].every(el => ['ul', 'ol', 'li', 'a', 'span', 'form', 'input', 'button'].includes(el.tagName.toLowerCase()))),
    menu: menu ? [...menu.querySelectorAll('a')].map(a => [a.innerText.trim(), a.getAttribute('href')]) : null,
    menuFirst: menu ? menu.getBoundingClientRect().top < document.querySelector('main').getBoundingClientRect().top : false,
  };
}"""

TEXT_SPACING_CSS = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""

ORIENTATION_JS = """() => {
  const found = [];
  const walk = (rules) => { for (const r of rules) {
    if (r.media && /orientation/.test(r.media.mediaText)) found.push(r.media.mediaText);
    if (r.cssRules) walk(r.cssRules);
  } };
  for (const sheet of document.styleSheets) { try { walk(sheet.cssRules); } catch (e) { found.push(`unreadable ${sheet.href}`); } }
  return found;
}"""

FOCUSABLE_JS = """() => [...document.querySelectorAll(
  'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])'
)].filter(el => !el.disabled && el.checkVisibility() && el.getAttribute('tabindex') !== '-1').length"""


@pytest.mark.parametrize("name", PAGES)
def test_page_starts_with_html_doctype_and_french_language(page, name):
    _goto(page, name)
    assert page.evaluate("document.doctype && document.doctype.name") == "html"
    assert page.evaluate("document.documentElement.lang") == "fr"


def test_title_names_the_page_then_the_site(page):
    titles = {}
    for name in PAGES:
        _goto(page, name)
        title = page.title()
        specific, _, site = title.rpartition(" – ")
        assert site == SITE_NAME, f"{PAGES[name]}: the title {title!r} does not end with the site's name"
        assert specific.strip() and specific.strip() != SITE_NAME, f"{PAGES[name]}: {title!r} names no page"
        titles.setdefault(title, set()).add(PAGES[name].split("?")[0])
    # Two different pages never share a title (the same page with other filters may).
    shared = {t: paths for t, paths in titles.items() if len(paths) > 1}
    assert not shared, f"different pages share a title: {shared}"


@pytest.mark.parametrize("name", PAGES)
def test_images_are_decorative_pictograms_beside_their_text(page, name):
    _goto(page, name)
    problems = page.evaluate(DECORATIVE_IMAGES_JS)
    assert not problems, f"{PAGES[name]}:\n" + _listing(problems)


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_frame_media_or_object(page, name):
    _goto(page, name)
    found = page.evaluate(MEDIA_JS)
    assert not found, (
        f"{PAGES[name]} now has {sorted(set(found))}: the RGAA criteria marked 'na' for them in "
        "portal/accessibility/data/audit.csv must be checked and updated"
    )


@pytest.mark.parametrize("name", PAGES)
def test_no_new_window_refresh_or_shortcut(page, name):
    _goto(page, name)
    found = page.evaluate("""() => [
      ...[...document.querySelectorAll('[target]')].filter(el => el.target !== '_self').map(el => `target on <${el.tagName.toLowerCase()}>`),
      ...[...document.querySelectorAll('meta[http-equiv]')].filter(m => /refresh/i.test(m.httpEquiv)).map(() => 'meta refresh'),
      ...[...document.querySelectorAll('[accesskey]')].map(el => `accesskey on <${el.tagName.toLowerCase()}>`),
    ]""")
    assert not found, f"{PAGES[name]}: {found}"


def test_scripts_open_no_window_and_listen_to_no_key():
    for script in sorted((ROOT / "static" / "js").glob("*.js")):
        code = script.read_text(encoding="utf-8")
        assert not re.search(r"window\.open|key(down|up|press)|setTimeout|setInterval|location\s*=", code), (
            f"{script.name} may open a window, refresh, or add a keyboard shortcut: check RGAA 12.10, 13.1, 13.2"
        )


@pytest.mark.parametrize("name", PAGES)
def test_same_landmarks_and_menu_on_every_page(page, name):
    _goto(page, "home")
    reference = page.evaluate(LANDMARKS_JS)["menu"]
    _goto(page, name)
    found = page.evaluate(LANDMARKS_JS)
    assert (found["headers"], found["mains"], found["footers"]) == (1, 1, 1), found
    assert "Menu principal" in found["navs"] and found["navOnlyLinks"], found["navs"]
    assert found["menu"] == reference, f"{PAGES[name]}: the main menu differs from the home page's"
    assert found["menuFirst"], "the main menu is not above the content"
    assert ["Rechercher", "/recherche"] in found["menu"], "the search engine is not in the main menu"


@pytest.mark.parametrize("name", PAGES)
def test_no_presentational_markup(page, name):
    _goto(page, name)
    problems = page.evaluate(PRESENTATION_JS)
    assert not problems, f"{PAGES[name]}:\n" + _listing(problems)


@pytest.mark.parametrize("name", PAGES)
def test_form_fields_have_a_visible_label(page, name):
    _goto(page, name)
    problems = page.evaluate(FIELDS_JS)
    assert not problems, f"{PAGES[name]}:\n" + _listing(problems)


@pytest.mark.parametrize("name", PAGES)
def test_data_tables_have_a_caption_and_headers(page, name):
    _goto(page, name)
    problems = page.evaluate(TABLES_JS)
    assert not problems, f"{PAGES[name]}:\n" + _listing(problems)


@pytest.mark.parametrize("name", PAGES)
def test_text_spacing_loses_no_content(page, name):
    _goto(page, name)
    # As a reader's own style sheet would: the site's policy refuses inline <style>, not this.
    page.evaluate("""(css) => { const sheet = new CSSStyleSheet(); sheet.replaceSync(css);
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]; }""", TEXT_SPACING_CSS)
    problems = page.evaluate(LAYOUT_PROBLEMS_JS)
    assert not problems, f"{PAGES[name]} with WCAG text spacing:\n" + _listing(problems)


@pytest.mark.parametrize("name", PAGES)
def test_no_orientation_lock(page, name):
    _goto(page, name)
    assert page.evaluate(ORIENTATION_JS) == []


# Marks each element the focus reaches; says whether it is new, the first one again, or another again.
TAB_STEP_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return 'out';
  if (el.dataset.tabStop !== undefined) return el.dataset.tabStop === '0' ? 'wrapped' : 'again';
  el.dataset.tabStop = String(document.querySelectorAll('[data-tab-stop]').length);
  return 'new';
}"""


@pytest.mark.parametrize("name", PAGES)
def test_no_keyboard_trap(page, name):
    """Tab goes through every focusable element once, then leaves the page."""
    _goto(page, name)
    expected = page.evaluate(FOCUSABLE_JS)
    reached = 0
    for _ in range(expected + 5):
        page.keyboard.press("Tab")
        step = page.evaluate(TAB_STEP_JS)
        if step in ("out", "wrapped"):
            break
        assert step == "new", f"{PAGES[name]}: the focus came back to an element before the end of the page"
        reached += 1
    else:
        pytest.fail(f"{PAGES[name]}: after {expected + 5} Tabs the focus has not left the page")
    assert reached == expected, f"{PAGES[name]}: Tab reached {reached} of {expected} focusable elements"


# Partner-written text shown in the English and Arabic interfaces (RGAA 8.7 and 8.10): the
# elements that hold it, on pages that show it.
PARTNER_TEXT_SELECTORS = {
    "partner-demo": ["h1", ".breadcrumb [aria-current]", ".address", ".presentation",
                     ".service > h3", ".service > p:not(.tags)"],
    "subneed": [".card-title a", ".card-address"],
    "search": [".card-title a", ".card-address"],
    "a-z": [".az-list a"],
}

# For each element matched: the text, and the lang and dir in force on that text (the nearest
# element with the attribute, so a span inside the element counts).
TEXT_LANGUAGE_JS = """(selectors) => selectors.flatMap(sel => [...document.querySelectorAll(sel)]).flatMap(el => {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.data.trim()) continue;
    const p = node.parentElement;
    found.push({text: node.data.trim().slice(0, 40), lang: p.closest('[lang]').lang, dir: p.closest('[dir]').dir});
  }
  return found;
})"""


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("name", PARTNER_TEXT_SELECTORS)
def test_partner_text_is_marked_french_and_left_to_right_in_other_languages(page, name, lang):
    _goto(page, name, lang)
    assert page.evaluate("document.documentElement.lang") == lang
    found = page.evaluate(TEXT_LANGUAGE_JS, PARTNER_TEXT_SELECTORS[name])
    assert len(found) >= len(PARTNER_TEXT_SELECTORS[name]), f"{name}: the partner's text is not where expected"
    wrong = [f"{t['text']!r}: lang={t['lang']} dir={t['dir']}" for t in found if (t["lang"], t["dir"]) != ("fr", "ltr")]
    assert not wrong, f"/{lang}{PAGES[name]}: partner text not marked lang=fr dir=ltr:\n" + _listing(wrong)


@pytest.mark.parametrize("lang", ["fr", "en", "ar"])
def test_language_names_carry_their_language_and_direction(page, lang):
    _goto(page, "home", lang)
    names = page.evaluate("""() => [...document.querySelectorAll('nav.languages li > *')]
      .map(el => ({text: el.innerText.trim(), lang: el.lang, dir: el.dir}))""")
    assert {(n["lang"], n["dir"]) for n in names} == {("fr", "ltr"), ("en", "ltr"), ("ar", "rtl")}, names
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.evaluate("document.documentElement.dir") == ("rtl" if lang == "ar" else "ltr")
