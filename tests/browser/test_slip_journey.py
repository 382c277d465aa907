"""A professional's whole journey without JavaScript: three places from three pages into "Ma
sélection", a note, a new order, then the slip, which prints on two A4 pages at most and
whose QR codes lead to the places' pages. The selection and slip pages pass axe in fr, en, ar."""

from __future__ import annotations

import io
import re

import pytest
from conftest import log_in
from test_accessibility import AXE_OPTIONS, _describe_violations

from portal.extensions import db

PASSWORD = "une phrase de passe pour la fiche d'orientation"
EMAIL = "conseillere.fiche@exemple.fr"
NOTE = "Se présenter à l'accueil du matin"
PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
SUBNEED = "/besoins/alimentation/colis-alimentaire"
SEARCH = "/recherche?q=num%C3%A9rique"
PARTNER = "/partenaires/espace-femmes-la-pepiniere"


@pytest.fixture()
def professional(demo_app, live_server):
    """A professional in the live server's database; their slips and counts go at the end."""
    from sqlalchemy import delete, func, select

    from portal.accounts.models import User
    from portal.accounts.operations import create_user
    from portal.orientation.models import OrientationEvent, Slip

    with demo_app.app_context():
        create_user(EMAIL, "professional", password=PASSWORD)
        db.session.commit()
        last_slip = db.session.scalar(select(func.max(Slip.id))) or 0
        last_event = db.session.scalar(select(func.max(OrientationEvent.id))) or 0
    yield EMAIL
    with demo_app.app_context():
        db.session.execute(delete(Slip).where(Slip.id > last_slip))
        db.session.execute(delete(OrientationEvent).where(OrientationEvent.id > last_event))
        for user in db.session.scalars(select(User).where(User.email == EMAIL)):
            db.session.delete(user)
        db.session.commit()


def _add_from_list(page, path: str) -> str:
    """Add the first card not yet selected on a list page; returns its partner's path."""
    page.goto(path)
    card = page.locator("li.card:has(form.selection-add)").first
    href = card.locator("h3 a").get_attribute("href")
    with page.expect_navigation():
        card.locator("form.selection-add button").click()
    assert page.locator(".flashes").get_by_text("Ajouté à votre sélection").count() == 1
    return href


def _no_axe_violation(page, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(path)
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"{path}:\n{_describe_violations(violations)}"


def test_a_slip_from_three_pages_prints_on_two_pages_with_working_qr_codes(browser, live_server, professional):
    import zxingcpp
    from axe_playwright_python.sync_playwright import Axe
    from PIL import Image

    context = browser.new_context(java_script_enabled=False, base_url=live_server, locale="fr-FR",
                                  viewport={"width": 1280, "height": 800}, device_scale_factor=2)
    page = context.new_page()
    log_in(page, professional, PASSWORD)

    chosen = [_add_from_list(page, SUBNEED), _add_from_list(page, SEARCH)]
    page.goto(PARTNER)
    with page.expect_navigation():
        page.locator("article.partner > .pro-tools form.selection-add button").click()
    assert page.url.endswith(PARTNER)
    chosen.append(PARTNER)
    assert len(set(chosen)) == 3
    assert page.get_by_role("link", name="Ma sélection (3)").count() == 1

    page.goto("/orientation/selection")
    page.locator("textarea").nth(2).fill(NOTE)
    with page.expect_navigation():
        page.locator("button[name=up]").last.click()  # the partner page's place moves up, note kept
    entries = page.locator(".selection-entry h2 a")
    assert [entries.nth(i).get_attribute("href") for i in range(3)] == [chosen[0], chosen[2], chosen[1]]
    assert page.locator("textarea").nth(1).input_value() == NOTE

    page.locator("label[for=locale-0]").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Préparer la fiche").click()
    assert re.search(r"/orientation/fiche/\d+$", page.url), page.url
    assert page.locator(".slip-note").inner_text().endswith(NOTE)

    pdf = page.pdf(format="A4")
    assert 1 <= len(PDF_PAGE.findall(pdf)) <= 2

    picture = Image.open(io.BytesIO(page.locator(".slip").screenshot()))
    texts = {code.text for code in zxingcpp.read_barcodes(picture)}
    expected = {live_server + path for path in chosen}
    assert expected <= texts, texts
    kept = page.locator(".slip-link a").inner_text()
    assert kept in texts

    # The kept link opens without an account.
    stranger = browser.new_context(java_script_enabled=False, base_url=live_server)
    other = stranger.new_page()
    assert other.goto(kept).status == 200
    assert other.locator(".slip-note").inner_text().endswith(NOTE)
    stranger.close()

    # axe (it needs scripts: a second context with the same session).
    checked = browser.new_context(base_url=live_server, locale="fr-FR")
    checked.add_cookies(context.cookies())
    axe_page = checked.new_page()
    token_path = "/o/" + kept.rsplit("/o/", 1)[1]
    for prefix in ("", "/en", "/ar"):
        for path in ("/orientation/selection", "/orientation/fiche", token_path):
            _no_axe_violation(axe_page, prefix + path)
        # The send form sent back with a phone number that cannot be one.
        axe_page.goto(prefix + "/orientation/fiche")
        axe_page.locator("#send-phone").fill("06 12 3")
        with axe_page.expect_navigation():
            axe_page.locator("form[action$='/orientation/envoyer'] button[type=submit]").click()
        assert axe_page.locator(".error-summary a[href='#send-phone']").count() == 1
        violations = Axe().run(axe_page, options=AXE_OPTIONS).response["violations"]
        assert not violations, f"{prefix}/orientation/envoyer:\n{_describe_violations(violations)}"
    checked.close()
    context.close()
