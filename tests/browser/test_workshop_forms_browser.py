"""The workshop pages of the partner space and the back office in a real browser: axe finds
nothing on the partner's list, the new-workshop form (empty and sent back with mistakes) and the
review queue; the form is sent and saved with JavaScript turned off, on a phone's width."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import delete, select

from portal.extensions import db
from tests.browser.conftest import log_in, page_violations, watch_csp
from tests.browser.test_accessibility import AXE_OPTIONS, _describe_violations

EMAIL = "ateliers.navigateur@exemple.fr"
ADMIN_EMAIL = "ateliers.admin.navigateur@exemple.fr"
PASSWORD = "une phrase de passe pour les ateliers"
SLUG = "lieu-des-essais-d-ateliers"
SUBNEED = "apprendre-a-utiliser-son-telephone"


def _cookies(browser, live_server, email: str) -> list:
    context = browser.new_context(base_url=live_server, locale="fr-FR")
    log_in(context.new_page(), email, PASSWORD)
    cookies = context.cookies()
    context.close()
    return cookies


@pytest.fixture(scope="module")
def accounts(demo_app, live_server, browser):
    """A partner of its own with its member, and an administrator; all removed at the end."""
    from portal.accounts.models import User
    from portal.accounts.operations import create_user
    from portal.directory.models import Partner
    from portal.workshops.models import Workshop
    from tests.factories import make_partner

    with demo_app.app_context():
        partner = make_partner(slug=SLUG, name="Lieu des essais d'ateliers", weekly=[])
        create_user(EMAIL, "partner", partners=[partner], password=PASSWORD)
        create_user(ADMIN_EMAIL, "admin", password=PASSWORD)
        db.session.commit()
        partner_id = partner.id
    yield {"member": _cookies(browser, live_server, EMAIL), "admin": _cookies(browser, live_server, ADMIN_EMAIL)}

    with demo_app.app_context():
        db.session.execute(delete(Workshop).where(Workshop.partner_id == partner_id))
        for user in db.session.scalars(select(User).where(User.email.in_([EMAIL, ADMIN_EMAIL]))):
            db.session.delete(user)
        db.session.delete(db.session.get(Partner, partner_id))
        db.session.commit()


def _axe(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, _describe_violations(violations)


def _send(page, locator: str) -> int:
    with page.expect_navigation() as sent:
        page.locator(locator).click()
    return sent.value.status


def _next_tuesday() -> date:
    day = date.today() + timedelta(days=7)
    return day + timedelta(days=(1 - day.weekday()) % 7)


def test_the_new_workshop_form_sent_with_javascript_off_saves_the_workshop(browser, base_url, accounts):
    context = browser.new_context(java_script_enabled=False, base_url=base_url, locale="fr-FR",
                                  viewport={"width": 360, "height": 740})
    context.add_cookies(accounts["member"])
    seen = watch_csp(context)
    page = context.new_page()
    page.goto(f"/espace/{SLUG}/ateliers")
    page.locator("a", has_text="Publier un atelier").click()
    first = _next_tuesday()
    page.locator("#title").fill("Premiers pas sur un smartphone")
    page.locator("#description").fill("Allumer, appeler, envoyer un message.")
    page.locator("#level-0").check()
    page.locator(f"details:has(input[value='{SUBNEED}']) > summary").click()
    page.locator(f"input[value='{SUBNEED}']").check()
    page.locator("#first_day").fill(first.isoformat())
    page.locator("#starts").fill("14:00")
    page.locator("#ends").fill("13:00")
    page.locator("input[name=frequency][value=weekly]").check()
    assert _send(page, "main form.workshop-form button[type=submit]") == 422
    assert "L'heure de fin doit être après l'heure de début." in page.locator("#ends-error").inner_text()
    assert "Indiquez jusqu'à quand l'atelier se répète." in page.locator("#until-error").inner_text()
    assert page.locator("#title").input_value() == "Premiers pas sur un smartphone"
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
    page.locator("#ends").fill("16:00")
    page.locator("#until").fill((first + timedelta(weeks=8)).isoformat())
    assert _send(page, "main form.workshop-form button[type=submit]") == 200  # after the redirect
    assert page.url.endswith(f"/espace/{SLUG}/ateliers")
    text = page.locator("main").inner_text().replace("\xa0", " ")
    assert "Premiers pas sur un smartphone" in text and "En attente de validation" in text
    assert "14 h – 16 h" in text
    context.close()
    assert not seen, seen


def test_the_partner_pages_pass_axe(page, accounts):
    page.context.add_cookies(accounts["member"])
    page.goto(f"/espace/{SLUG}/ateliers")
    _axe(page)
    page.locator("a", has_text="Gérer les dates").first.click()
    page.locator("details.session-cancel > summary").first.click()
    _axe(page)
    page.goto(f"/espace/{SLUG}/ateliers/nouveau")
    _axe(page)
    assert _send(page, "main form.workshop-form button[type=submit]") == 422
    assert page.locator(".error-summary a[href='#title']").count() == 1
    _axe(page)
    assert not page_violations(page)


def test_the_review_queue_passes_axe(page, accounts):
    page.context.add_cookies(accounts["admin"])
    page.goto("/admin/ateliers")
    assert "Premiers pas sur un smartphone" in page.locator("main").inner_text()
    _axe(page)
