"""The pages run under the site's Content-Security-Policy: nothing refused, the print button works,
and a script slipped into a page is refused."""

from __future__ import annotations

from conftest import page_violations

MAIN_PAGES = {
    "home": "/",
    "need": "/besoins/alimentation",
    "subneed": "/besoins/alimentation/colis-alimentaire",
    # JSON-LD data block and the print button's script.
    "partner": "/partenaires/espace-femmes-la-pepiniere",
    "search": "/recherche?q=num%C3%A9rique",
    "login": "/connexion",
}

INJECT_INLINE_SCRIPT = """() => new Promise((resolve) => {
  document.addEventListener("securitypolicyviolation",
    (event) => resolve({ran: window.injected === true, refused: event.effectiveDirective}), {once: true});
  const script = document.createElement("script");
  script.textContent = "window.injected = true";
  document.body.append(script);
  if (window.injected === true) resolve({ran: true, refused: null});  // inline scripts run at once
})"""


def _open(page, path: str) -> None:
    response = page.goto(path)
    assert response.status == 200, f"{path} answered {response.status}"
    assert "script-src 'self'" in response.headers.get("content-security-policy", ""), path
    assert page_violations(page) == [], path


def test_main_pages_show_no_policy_violation(page, accounts):
    for path in MAIN_PAGES.values():
        _open(page, path)
    page.context.add_cookies(accounts.cookies["partner"])
    for path in (f"/espace/{accounts.partner_slug}", f"/espace/{accounts.partner_slug}/presentation"):
        _open(page, path)


def test_print_button_still_prints_under_the_policy(page):
    _open(page, MAIN_PAGES["partner"])
    # The partner page describes the place for search engines in a JSON-LD block, which stays.
    assert page.locator('script[type="application/ld+json"]').count() == 1
    button = page.locator(".print-button")
    assert button.is_visible(), "the print button's script did not run"
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    button.click()
    assert page.evaluate("() => window.printed") == 1


def test_a_script_slipped_into_a_page_is_refused_and_reported(browser, live_server, csp_watch):
    context = browser.new_context(base_url=live_server)
    seen = csp_watch(context)
    page = context.new_page()
    page.goto(MAIN_PAGES["search"])
    with page.expect_console_message(lambda message: "Content-Security-Policy" in message.text):
        outcome = page.evaluate(INJECT_INLINE_SCRIPT)
        assert outcome == {"ran": False, "refused": "script-src-elem"}
    assert seen and "script-src-elem" in seen[0]
    context.close()
