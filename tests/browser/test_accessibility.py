"""Accessibility of the public pages in a real browser (RGAA 4.1 / WCAG 2.2 AA).

axe-core finds the failures a machine can detect; the other tests check what axe cannot see:
the keyboard journey, the skip link, a visible focus on every focusable element, reflow at
320 px and nothing clipped at 200 % zoom. Passing them is not a conformance audit.
"""

from __future__ import annotations

import pytest

# Every kind of public page, on the deterministic demo data. Each URL is checked to still show
# what it is meant to show (PAGE_MARKERS), so that a change in the demo cannot silently turn
# a results page into an empty one.
PAGES = {
    "home": "/",
    "need": "/besoins/alimentation",
    "subneed": "/besoins/alimentation/colis-alimentaire",
    "subneed-no-result": "/besoins/alimentation/epicerie-solidaire?gratuit=1&sans_rdv=1",
    "subneed-unknown-quartier": "/besoins/alimentation/colis-alimentaire?quartier=atlantide",
    "partner-open-data": "/partenaires/france-services-lille-bois-blancs",
    "partner-demo": "/partenaires/espace-femmes-la-pepiniere",
    "quartiers": "/quartiers/",
    "quartier": "/quartiers/wazemmes",
    "a-z": "/partenaires/",
    "a-z-other": "/partenaires/?lettre=%23",
    "search": "/recherche?q=num%C3%A9rique",
    "search-no-result": "/recherche?q=zzqxw",
    "search-empty": "/recherche",
    "accessibility": "/accessibilite",
    "easy-read": "/facile-a-lire",
    "not-found": "/cette-page-n-existe-pas",
}
PAGE_MARKERS = {
    "subneed": ".cards .card",
    "subneed-no-result": "text=Aucun lieu ne correspond à ces critères.",
    "subneed-unknown-quartier": "main .notice[role=status]",
    "quartier": ".cards .card",
    "a-z": ".az-list li",
    "search": ".cards .card",
    "search-no-result": "text=Nous n'avons rien trouvé",
    "accessibility": "table.criteria",
    "easy-read": ".falc-steps li",
}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# The WCAG A/AA rules, the rules axe maps to RGAA 4 criteria, and the heading hierarchy
# (RGAA 9.1.1, a "best practice" for axe).
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": [*WCAG_TAGS, "RGAAv4"]},
    "rules": {"heading-order": {"enabled": True}},
    "resultTypes": ["violations"],
}
PHONE = {"width": 320, "height": 640}
ZOOM_200 = {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2}

# Returns what a reader would miss: horizontal scrolling, and text laid out outside the
# viewport or outside a box that clips it. Off-screen-by-design elements are skipped.
LAYOUT_PROBLEMS_JS = """
() => {
  const root = document.documentElement;
  const problems = [];
  if (root.scrollWidth > root.clientWidth) {
    problems.push(`page scrolls horizontally: scrollWidth ${root.scrollWidth} > ${root.clientWidth}`);
  }
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.data.trim() || !el || el.closest('script, style, .visually-hidden, .skip-link, [hidden]')) continue;
    if (!el.checkVisibility()) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const clippers = [];
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') clippers.push(a);
    }
    for (const r of range.getClientRects()) {
      if (r.width === 0) continue;
      const text = node.data.trim().slice(0, 40);
      if (r.left < -1 || r.right > root.clientWidth + 1) {
        problems.push(`"${text}" in ${describe(el)} lies outside the viewport (${Math.round(r.left)}–${Math.round(r.right)}px)`);
      }
      for (const box of clippers) {
        const b = box.getBoundingClientRect();
        if (r.left < b.left - 1 || r.right > b.right + 1) {
          problems.push(`"${text}" in ${describe(el)} is clipped by ${describe(box)}`);
        }
      }
    }
  }
  return problems;
}
"""

# An element's focus indicator: read once while it has the focus, once after it lost it.
FOCUS_STYLE_JS = """
(el) => {
  const s = getComputedStyle(el);
  return {outline: s.outlineStyle === 'none' ? 'none' : `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
          outlineWidth: s.outlineStyle === 'none' ? 0 : parseFloat(s.outlineWidth) || 0,
          boxShadow: s.boxShadow};
}
"""


def _listing(problems: list[str], limit: int = 15) -> str:
    more = len(problems) - limit
    return "\n".join(problems[:limit] + ([f"… and {more} more"] if more > 0 else []))


def _goto(page, name: str):
    response = page.goto(PAGES[name])
    expected = 404 if name == "not-found" else 200
    assert response.status == expected, f"{PAGES[name]} answered {response.status}"
    if name in PAGE_MARKERS:
        assert page.locator(PAGE_MARKERS[name]).count() > 0, (
            f"{PAGES[name]} no longer shows {PAGE_MARKERS[name]!r}: pick another URL for {name}"
        )
    return response


def _describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} – {v['helpUrl']}")
        for node in v["nodes"]:
            lines.append(f"    {' '.join(map(str, node['target']))}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


def _focused(page) -> dict:
    return page.evaluate("""() => {
      const el = document.activeElement;
      return {tag: el.tagName.toLowerCase(), id: el.id, cls: el.className,
              text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim(),
              href: el.getAttribute('href')};
    }""")


def _first_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[0].strip() if lines else ""


def _tab_to(page, text: str, max_tabs: int = 250) -> None:
    """Press Tab until the first line of the focused element's text is `text`."""
    seen = []
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if _first_line(focused["text"]) == text:
            return
        seen.append(_first_line(focused["text"]) or focused["tag"])
    raise AssertionError(f"{text!r} was never reached with Tab; focus went through: {seen}")


def _press_enter_and_wait(page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("name", PAGES)
def test_no_axe_violation(page, name):
    from axe_playwright_python.sync_playwright import Axe

    _goto(page, name)
    results = Axe().run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    assert not violations, f"{PAGES[name]}:\n{_describe_violations(violations)}"


def test_keyboard_journey_home_need_subneed_partner(page):
    page.goto("/")
    _tab_to(page, "Se nourrir")
    _press_enter_and_wait(page)
    assert page.url.endswith("/besoins/alimentation")

    _tab_to(page, "Colis alimentaire")
    _press_enter_and_wait(page)
    assert page.url.endswith("/besoins/alimentation/colis-alimentaire")

    partner_name = page.locator(".cards .card-title a").first.inner_text().strip()
    _tab_to(page, partner_name)
    _press_enter_and_wait(page)
    assert "/partenaires/" in page.url
    assert page.locator("h1").inner_text().strip() == partner_name


@pytest.mark.parametrize("name", ["home", "subneed", "partner-demo"])
def test_first_tab_reaches_skip_link_which_moves_focus_to_main(page, name):
    _goto(page, name)
    page.keyboard.press("Tab")
    focused = _focused(page)
    assert focused["href"] == "#contenu", f"the first Tab reached {focused}, not the skip link"
    box = page.locator(".skip-link").bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0 and box["width"] > 1, (
        "the focused skip link is not on screen"
    )

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement === document.querySelector('main')")
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)"), (
        f"after the skip link, Tab went to {_focused(page)} instead of the content"
    )


@pytest.mark.parametrize("name", ["home", "subneed", "partner-demo", "a-z"])
def test_every_focusable_element_shows_a_visible_focus(page, name):
    _goto(page, name)
    stops = []
    for _ in range(600):
        page.keyboard.press("Tab")
        handle = page.evaluate_handle("document.activeElement")
        first = stops[0][0] if stops else None
        # Past the last element, focus leaves the page (body) or wraps around to the first one.
        if handle.evaluate("(el, first) => el === document.body || el === first", first):
            break
        stops.append((handle, handle.evaluate(FOCUS_STYLE_JS), _focused(page)))
    assert len(stops) > 5, f"only {len(stops)} elements are reachable with Tab"

    page.evaluate("document.activeElement.blur()")
    invisible = []
    for handle, focused_style, described in stops:
        rest = handle.evaluate(FOCUS_STYLE_JS)
        # An outline is required: forced-colours modes (Windows contrast themes) drop box-shadows.
        outline = focused_style["outlineWidth"] >= 2
        changed = (focused_style["outline"], focused_style["boxShadow"]) != (
            rest["outline"],
            rest["boxShadow"],
        )
        if not (outline and changed):
            invisible.append(f"{described['tag']} {described['text'][:40]!r}: {focused_style} vs {rest}")
    assert not invisible, "no visible focus indicator on:\n" + _listing(invisible)


@pytest.mark.browser_context_args(viewport=PHONE)
@pytest.mark.parametrize("name", PAGES)
def test_no_horizontal_scroll_at_320px(page, name):
    _goto(page, name)
    problems = page.evaluate(LAYOUT_PROBLEMS_JS)
    assert not problems, f"{PAGES[name]} at 320 px:\n" + _listing(problems)


@pytest.mark.browser_context_args(**ZOOM_200)
@pytest.mark.parametrize("name", PAGES)
def test_nothing_clipped_at_200_percent_zoom(page, name):
    _goto(page, name)
    problems = page.evaluate(LAYOUT_PROBLEMS_JS)
    assert not problems, f"{PAGES[name]} at 200 % zoom:\n" + _listing(problems)
