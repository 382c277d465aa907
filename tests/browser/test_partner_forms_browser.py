"""The partner space's forms in a real browser: the service form and the weekly hours sent back
with mistakes pass axe, the service form fits a phone, and the "same hours on these days"
journey works with JavaScript turned off."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from portal.extensions import db
from tests.browser.conftest import log_in, page_violations, watch_csp
from tests.browser.test_accessibility import AXE_OPTIONS, _describe_violations

EMAIL = "formulaires.navigateur@exemple.fr"
PASSWORD = "une phrase de passe pour les formulaires"
SLUG = "lieu-des-essais-de-formulaires"


@pytest.fixture(scope="module")
def member_cookies(demo_app, live_server, browser):
    """A listing of its own (so that saving changes no demo listing) and its member, logged in
    through the login form; all removed at the end."""
    from portal.accounts.models import User
    from portal.accounts.operations import create_user
    from portal.directory.models import Partner
    from portal.moderation.models import Revision
    from tests.factories import make_partner

    with demo_app.app_context():
        partner = make_partner(slug=SLUG, name="Lieu des essais de formulaires", weekly=[])
        create_user(EMAIL, "partner", partners=[partner], password=PASSWORD)
        db.session.commit()
        partner_id = partner.id
    context = browser.new_context(base_url=live_server, locale="fr-FR")
    page = context.new_page()
    log_in(page, EMAIL, PASSWORD)
    cookies = context.cookies()
    context.close()
    yield cookies

    with demo_app.app_context():
        db.session.execute(delete(Revision).where(Revision.partner_id == partner_id))
        for user in db.session.scalars(select(User).where(User.email == EMAIL)):
            db.session.delete(user)
        db.session.delete(db.session.get(Partner, partner_id))
        db.session.commit()


@pytest.fixture()
def no_js(browser, base_url, member_cookies):
    """A logged-in page with JavaScript turned off, at a phone's width; policy violations fail."""
    context = browser.new_context(java_script_enabled=False, base_url=base_url, locale="fr-FR",
                                  viewport={"width": 360, "height": 740})
    context.add_cookies(member_cookies)
    seen = watch_csp(context)
    yield context.new_page()
    context.close()
    assert not seen, seen


def _axe(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, _describe_violations(violations)


def _send(page, locator: str) -> int:
    with page.expect_navigation() as sent:
        page.locator(locator).click()
    return sent.value.status


def test_the_service_form_without_a_need_passes_axe_and_fits_a_phone(page, member_cookies):
    page.context.add_cookies(member_cookies)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"/espace/{SLUG}/services/nouveau")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
    page.locator("#name").fill("Atelier couture")
    assert _send(page, "main form.form button[type=submit]") == 422
    summary = page.locator(".error-summary a[href='#subneeds-0']")
    assert "Choisissez au moins un besoin." in summary.inner_text()
    summary.click()
    assert page.evaluate("document.activeElement.id") == "subneeds-0"
    assert page.locator("#subneeds-0").is_visible()
    assert page.locator("#name").input_value() == "Atelier couture"
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
    _axe(page)
    # A need opens with a tap on its title, and a ticked box stays beside its label.
    page.locator("#subneeds-0").check()
    box, label = page.locator("#subneeds-0").bounding_box(), page.locator("label[for='subneeds-0']").bounding_box()
    assert abs(box["y"] + box["height"] / 2 - (label["y"] + label["height"] / 2)) < 12
    assert label["x"] > box["x"]


def test_the_hours_form_with_a_mistake_passes_axe(page, member_cookies):
    page.context.add_cookies(member_cookies)
    page.goto(f"/espace/{SLUG}/horaires")
    page.locator("#days-0-intervals-0-opens").fill("14:00")
    page.locator("#days-0-intervals-0-closes").fill("09:00")
    assert _send(page, "main form.form button[type=submit]") == 422
    assert page.locator(".error-summary a[href='#days-0-intervals-0-closes']").count() == 1
    assert page.locator("#days-0-intervals-0-opens").input_value() == "14:00"
    _axe(page)
    assert not page_violations(page)


def test_same_hours_on_several_days_without_javascript(no_js):
    page = no_js
    page.goto(f"/espace/{SLUG}/horaires")
    for day in range(5):
        page.locator(f"#same-days-{day}").check()
    page.locator("#same-intervals-0-opens").fill("09:00")
    page.locator("#same-intervals-0-closes").fill("12:00")
    page.locator("#same-intervals-1-opens").fill("14:00")
    page.locator("#same-intervals-1-closes").fill("17:30")
    assert _send(page, "input[name=apply_same]") == 200
    assert "Rien n'est encore enregistré" in page.locator("[role=status]").inner_text()
    for day in range(5):
        assert page.locator(f"#days-{day}-intervals-0-opens").input_value() == "09:00"
        assert page.locator(f"#days-{day}-intervals-1-closes").input_value() == "17:30"
    assert page.locator("#days-5-intervals-0-opens").input_value() == ""

    page.locator("#days-2-closed").check()  # Wednesday closed after all: its hours fold away
    assert not page.locator("#days-2-intervals-0-opens").is_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
    # Enter in a time field saves (the first submit button is "save", not "apply").
    page.locator("#days-4-intervals-1-closes").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/espace/{SLUG}")
    saved = page.locator("main").inner_text()
    assert "C'est enregistré" in saved or "C'est en ligne" in saved
    page.goto(f"/espace/{SLUG}/horaires")
    assert page.locator("#days-1-intervals-1-opens").input_value() == "14:00"
    assert page.locator("#days-2-intervals-0-opens").input_value() == ""
