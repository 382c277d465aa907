"""Accessibility of every kind of page in a real browser (RGAA 4.1 / WCAG 2.2 AA).

axe-core finds the failures a machine can detect; the other tests check what axe cannot see:
the keyboard journey, the skip link, a visible focus on every focusable element, reflow at
320 px and nothing clipped at 200 % zoom. Passing them is not a conformance audit.

The pages are the public ones and those behind the login form (partner space, administration),
forms included in their error state. Each is checked in the three interface languages (French,
English, and Arabic, right to left) with axe, at 320 px and at 200 % zoom: the languages differ
in text length and direction, which is what breaks layouts. The skip link and the keyboard
journey are checked in the three languages on a sample of pages; the visible focus, slow to walk
through, in French and Arabic (the two directions) on a sample of pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

# The interface languages and their URL prefixes: French /…, English /en/…, Arabic /ar/… (RTL).
LANGUAGES = {"fr": "", "en": "/en", "ar": "/ar"}

# Every kind of public page, on the deterministic demo data. Each URL is checked to still show
# what it is meant to show (PAGE_MARKERS, selectors that do not depend on the language), so
# that a change in the demo cannot silently turn a results page into an empty one.
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
    "open-data": "/donnees",
    "api-doc": "/api",
    "not-found": "/cette-page-n-existe-pas",
}
PAGE_MARKERS = {
    "subneed": ".cards .card",
    # Shown only when no place matches: the link back to every place of the sub-need.
    "subneed-no-result": "main p a[href$='/besoins/alimentation/epicerie-solidaire']",
    "subneed-unknown-quartier": "main .notice[role=status]",
    "quartier": ".cards .card",
    "a-z": ".az-list li",
    "search": ".cards .card",
    "search-no-result": ".need-links a",
    "accessibility": "table.criteria",
    "easy-read": ".falc-steps li",
    "open-data": "table a[href$='/api/v1/data-inclusion/services.csv']",
    "api-doc": "a[href$='/api/v1/openapi.json']",
}


# --- Pages behind the login form, and forms sent back with mistakes ------------------------------

def _wrong_password(page) -> None:
    page.locator("#email").fill("personne@exemple.fr")
    page.locator("#password").fill("pas le bon mot de passe")


def _wrong_contacts(page) -> None:
    page.locator("#phone").fill("12 34")
    page.locator("#email").fill("contact-sans-arobase")
    page.locator("#postcode").fill("")


def _unnamed_service(page) -> None:
    page.locator("#name").fill("")


def _closing_before_opening(page) -> None:
    page.locator("#days-0-intervals-0-opens").fill("14:00")
    page.locator("#days-0-intervals-0-closes").fill("09:00")


def _exception_without_hours(page) -> None:
    page.locator("#day").fill("2031-06-10")
    page.locator("#label").fill("Journée portes ouvertes")


def _closure_ending_before_it_starts(page) -> None:
    page.locator("#start").fill("2031-06-20")
    page.locator("#end").fill("2031-06-10")
    page.locator("#message").fill("Fermé pour travaux.")


def _unreachable_phone(page) -> None:
    page.locator("#send-phone").fill("06 12 3")


def _no_file(page) -> None:
    """Send the import form without choosing a file."""


def _webmail_address(page) -> None:
    page.locator("#name").fill("Camille Martin")
    page.locator("#email").fill("camille.martin@gmail.com")


@dataclass(frozen=True)
class Visit:
    """A page reached by logging in as `role` (see conftest.accounts), then maybe by filling in
    its form with `mistakes` and sending it: the form comes back with its errors (422)."""

    path: str
    role: str | None = None
    mistakes: Callable | None = None
    marker: str | None = None


SPACE = "/espace/{slug}"
ERRORS = ".error-summary a[href='#{}']"  # the summary of a form sent back links to each wrong field
ACCOUNT_PAGES = {
    "login": Visit("/connexion", marker="main form #password"),
    "login-error": Visit("/connexion", mistakes=_wrong_password, marker="#login-error"),
    "partner-space": Visit("/espace", "partner", marker="main ul.plain a[href$='/espace/{slug}']"),
    "partner-listing": Visit(SPACE, "partner", marker="table.diff"),
    "partner-presentation": Visit(SPACE + "/presentation", "partner", marker="#phone"),
    "partner-presentation-error": Visit(SPACE + "/presentation", "partner", _wrong_contacts,
                                        ERRORS.format("phone")),
    "partner-services": Visit(SPACE + "/services", "partner", marker=".service"),
    "partner-service-form": Visit(SPACE + "/services/nouveau", "partner", marker="#subneeds"),
    "partner-service-form-error": Visit(SPACE + "/services/nouveau", "partner", _unnamed_service,
                                        ERRORS.format("name")),
    "partner-hours": Visit(SPACE + "/horaires", "partner", marker="fieldset.panel"),
    "partner-hours-error": Visit(SPACE + "/horaires", "partner", _closing_before_opening,
                                 ERRORS.format("days-0-intervals-0-closes")),
    "partner-exceptions": Visit(SPACE + "/horaires/exceptions", "partner", marker="#day"),
    "partner-exceptions-error": Visit(SPACE + "/horaires/exceptions", "partner", _exception_without_hours,
                                      ERRORS.format("closes")),
    "partner-closures": Visit(SPACE + "/fermetures", "partner", marker="#start"),
    "partner-closures-error": Visit(SPACE + "/fermetures", "partner", _closure_ending_before_it_starts,
                                    ERRORS.format("end")),
    "admin-queue": Visit("/admin/moderation", "admin", marker="th a[href$='/admin/moderation/{revision}']"),
    "admin-revision": Visit("/admin/moderation/{revision}", "admin", marker="table.diff td.diff-after"),
    "admin-orientation-counts": Visit("/admin/orientations", "admin", marker="table.counts-table tbody th"),
    "admin-pro-requests": Visit("/admin/demandes-de-compte", "admin", marker="main h1"),
    "admin-imports": Visit("/admin/imports", "admin", marker="main form input[type=file]"),
    "admin-imports-error": Visit("/admin/imports", "admin", _no_file, ERRORS.format("files")),
    "admin-import-columns": Visit("/admin/imports/{columns}/colonnes", "admin", marker="main form select"),
    "admin-import-review": Visit("/admin/imports/{review}", "admin", marker="table.import-compare"),
    "partner-pro-info": Visit(SPACE + "/professionnels", "partner", marker="#pro_procedure"),
    "pro-account-request": Visit("/demande-de-compte-professionnel", marker="#organisation"),
    "pro-account-request-error": Visit("/demande-de-compte-professionnel", mistakes=_webmail_address,
                                       marker=ERRORS.format("email")),
    # What a professional sees more than anyone: the toolkit's buttons and the pro-only box.
    "pro-partner": Visit("/partenaires/permanence-juridique-les-cerisiers", "professional", marker=".pro-info"),
    "pro-subneed": Visit("/besoins/alimentation/colis-alimentaire", "professional",
                         marker=".card form.selection-add"),
    "pro-selection-empty": Visit("/orientation/selection", "professional", marker="main h1"),
}
ALL_PAGES = [*PAGES, *ACCOUNT_PAGES]


def _in_languages(names, languages=LANGUAGES) -> list:
    """(lang, name) parameters with ids such as "ar-partner-demo"."""
    return [pytest.param(lang, name, id=f"{lang}-{name}") for lang in languages for name in names]


PAGES_IN_ALL_LANGUAGES = _in_languages(ALL_PAGES)

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


def _goto(page, name: str, lang: str = "fr", accounts=None):
    """Open the page `name` in the interface language `lang`; for a page of ACCOUNT_PAGES, log in
    first (with the session cookies of `accounts`) and send the form with its mistakes."""
    prefix = LANGUAGES[lang]
    if name in PAGES:
        path, visit = PAGES[name], None
        marker = PAGE_MARKERS.get(name)
    else:
        visit = ACCOUNT_PAGES[name]
        values = ({"slug": accounts.partner_slug, "revision": accounts.revision_id, **accounts.batches}
                  if accounts else {})
        path, marker = visit.path.format(**values), visit.marker and visit.marker.format(**values)
        if visit.role:
            page.context.add_cookies(accounts.cookies[visit.role])
    url = prefix + path
    response = page.goto(url)
    expected = 404 if name == "not-found" else 200
    if visit and visit.mistakes:
        assert response.status == 200, f"{url} answered {response.status}"
        visit.mistakes(page)
        with page.expect_navigation() as sent:
            page.locator("main form.form button[type=submit]").click()
        response, expected = sent.value, 422
    assert response.status == expected, f"{url} answered {response.status}, not {expected}"
    if marker:
        assert page.locator(marker).count() > 0, (
            f"{url} no longer shows {marker!r}: pick another URL for {name}"
        )
    return response


@pytest.fixture()
def visit(page, request):
    """visit(name, lang): _goto on the test's page; the accounts are made only when needed."""

    def _visit(name: str, lang: str = "fr"):
        accounts = request.getfixturevalue("accounts") if name in ACCOUNT_PAGES else None
        return _goto(page, name, lang, accounts)

    return _visit


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


def _where(page) -> str:
    """The path of the page shown (after a form was sent, the URL it was sent to)."""
    return "/" + page.url.split("/", 3)[-1]


@pytest.mark.parametrize(("lang", "name"), PAGES_IN_ALL_LANGUAGES)
def test_no_axe_violation(visit, page, lang, name):
    from axe_playwright_python.sync_playwright import Axe

    visit(name, lang)
    results = Axe().run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    assert not violations, f"{_where(page)} ({name}):\n{_describe_violations(violations)}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_keyboard_journey_home_need_subneed_partner(page, lang):
    """Home → need → sub-need → partner with Tab and Enter only, in each interface language."""
    prefix = LANGUAGES[lang]
    page.goto(prefix + "/")
    need = page.locator(f".needs a[href='{prefix}/besoins/alimentation'] .need-label").inner_text().strip()
    _tab_to(page, need)
    _press_enter_and_wait(page)
    assert page.url.endswith(f"{prefix}/besoins/alimentation")

    subneed_link = f".subneeds a[href='{prefix}/besoins/alimentation/colis-alimentaire']"
    _tab_to(page, page.locator(f"{subneed_link} .subneed-label").inner_text().strip())
    _press_enter_and_wait(page)
    assert page.url.endswith(f"{prefix}/besoins/alimentation/colis-alimentaire")

    partner_name = page.locator(".cards .card-title a").first.inner_text().strip()
    _tab_to(page, partner_name)
    _press_enter_and_wait(page)
    assert f"{prefix}/partenaires/" in page.url
    assert page.locator("h1").inner_text().strip() == partner_name


SKIP_LINK_PAGES = ["home", "subneed", "partner-demo", "search-no-result", "login-error",
                   "partner-presentation-error", "admin-revision"]


@pytest.mark.parametrize(("lang", "name"), _in_languages(SKIP_LINK_PAGES))
def test_first_tab_reaches_skip_link_which_moves_focus_to_main(visit, page, lang, name):
    visit(name, lang)
    page.keyboard.press("Tab")
    focused = _focused(page)
    assert focused["href"] == "#contenu", f"the first Tab reached {focused}, not the skip link"
    box = page.locator(".skip-link").bounding_box()
    viewport = page.viewport_size
    assert box and box["x"] >= 0 and box["y"] >= 0 and box["width"] > 1, (
        "the focused skip link is not on screen"
    )
    assert box["x"] + box["width"] <= viewport["width"], "the focused skip link is not on screen"

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement === document.querySelector('main')")
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)"), (
        f"after the skip link, Tab went to {_focused(page)} instead of the content"
    )


# The public pages with the most kinds of controls, and a form with its errors, in French and in
# Arabic (right to left); the A–Z page (one link per partner) in French only, it is long to tab through.
FOCUS_PAGES = [
    *_in_languages(["home", "subneed", "partner-demo", "login-error", "partner-presentation-error"], ["fr", "ar"]),
    *_in_languages(["a-z"], ["fr"]),
]


@pytest.mark.parametrize(("lang", "name"), FOCUS_PAGES)
def test_every_focusable_element_shows_a_visible_focus(visit, page, lang, name):
    visit(name, lang)
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
@pytest.mark.parametrize(("lang", "name"), PAGES_IN_ALL_LANGUAGES)
def test_no_horizontal_scroll_at_320px(visit, page, lang, name):
    visit(name, lang)
    problems = page.evaluate(LAYOUT_PROBLEMS_JS)
    assert not problems, f"{_where(page)} ({name}) at 320 px:\n" + _listing(problems)


@pytest.mark.browser_context_args(**ZOOM_200)
@pytest.mark.parametrize(("lang", "name"), PAGES_IN_ALL_LANGUAGES)
def test_nothing_clipped_at_200_percent_zoom(visit, page, lang, name):
    visit(name, lang)
    problems = page.evaluate(LAYOUT_PROBLEMS_JS)
    assert not problems, f"{_where(page)} ({name}) at 200 % zoom:\n" + _listing(problems)
