"""Orientation requests in a real browser: the request form (sent back with its mistakes), the
professional's list and the partner's answer page pass axe in French, English and Arabic; and
the whole hand-off works without JavaScript, from the form to the partner's refusal."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select

from portal.extensions import db
from portal.orientation.models import OrientationEvent, OrientationRequest
from tests.browser.conftest import PASSWORD, log_in, watch_csp
from tests.browser.test_accessibility import AXE_OPTIONS, _describe_violations

LISTING = "france-services-lille-bois-blancs"
PRO_EMAIL = "pro.demandes@exemple.fr"
PARTNER_ADDRESS = "orientation.demandes@exemple.fr"
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def hand_off(demo_app, live_server, browser):
    """A service of the demo that accepts requests, a logged-in professional and one request
    they sent, with its answer link; all put back as it was afterwards."""
    from portal.accounts.models import User
    from portal.accounts.operations import create_user
    from portal.directory.models import Partner
    from portal.orientation import requests

    with demo_app.app_context():
        partner = db.session.scalars(select(Partner).where(Partner.slug == LISTING)).one()
        service = partner.live_services[0]
        saved = (partner.pro_email, service.accepts_orientations)
        partner.pro_email, service.accepts_orientations = PARTNER_ADDRESS, True
        first_event = db.session.scalar(select(func.coalesce(func.max(OrientationEvent.id), 0)))
        professional = create_user(PRO_EMAIL, "professional", password=PASSWORD)
        sent = requests.send(service, professional, person_name="L. M.", person_contact="via moi",
                             summary="Besoin d'aide pour un dossier de retraite.\nDisponible le mardi.")
        token = requests.issue_link(sent)
        db.session.commit()
        service_id = service.id

    context = browser.new_context(base_url=live_server, locale="fr-FR")
    violations = watch_csp(context)
    log_in(context.new_page(), PRO_EMAIL, PASSWORD)
    cookies = context.cookies()
    context.close()
    assert not violations, violations
    yield {"cookies": cookies, "service": service_id, "token": token}

    with demo_app.app_context():
        db.session.execute(delete(OrientationRequest))
        db.session.execute(delete(OrientationEvent).where(OrientationEvent.id > first_event))
        db.session.execute(delete(User).where(User.email == PRO_EMAIL))
        partner = db.session.scalars(select(Partner).where(Partner.slug == LISTING)).one()
        partner.pro_email = saved[0]
        partner.live_services[0].accepts_orientations = saved[1]
        db.session.commit()


def _send(page) -> int:
    with page.expect_navigation() as sent:
        page.locator("main form.form button[type=submit]").click()
    return sent.value.status


def _no_violation(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"{page.url}:\n{_describe_violations(violations)}"


LANGS = pytest.mark.parametrize("lang", ["", "/en", "/ar"], ids=["fr", "en", "ar"])


@LANGS
def test_the_request_form_sent_back_with_mistakes_passes_axe(page, hand_off, lang):
    page.context.add_cookies(hand_off["cookies"])
    assert page.goto(f"{lang}/orientation/demande/{hand_off['service']}").status == 200
    page.locator("#person_contact").fill("06 12 34 56 78")
    assert _send(page) == 422
    assert page.locator(".error-summary a[href='#person_name']").count() == 1
    assert page.locator("#person_contact").input_value() == "06 12 34 56 78"
    _no_violation(page)


@LANGS
def test_my_requests_pass_axe(page, hand_off, lang):
    page.context.add_cookies(hand_off["cookies"])
    assert page.goto(f"{lang}/orientation/demandes").status == 200
    assert page.locator("main table tbody tr").count() >= 1
    _no_violation(page)


@LANGS
def test_the_answer_page_passes_axe_also_with_a_mistake(page, hand_off, lang):
    path = f"{lang}/orientation/reponse/{hand_off['token']}"
    assert page.goto(path).status == 200
    assert "L. M." in page.locator("main").inner_text()
    _no_violation(page)
    page.locator("#answer-2").check()  # refuse, without a reason
    assert _send(page) == 422
    assert page.locator(".error-summary a[href='#reason']").count() == 1
    _no_violation(page)


def test_the_hand_off_without_javascript(browser, base_url, hand_off, demo_app):
    from portal.orientation import requests

    context = browser.new_context(viewport=PHONE, java_script_enabled=False, base_url=base_url,
                                  locale="fr-FR", timezone_id="Europe/Paris")
    context.add_cookies(hand_off["cookies"])
    page = context.new_page()
    page.goto(f"/partenaires/{LISTING}")
    with page.expect_navigation():
        page.get_by_role("link", name="Demander une orientation vers ce service").first.click()
    page.locator("#person_name").fill("S. K.")
    page.locator("#person_contact").fill("s.k@exemple.fr")
    page.locator("#summary").fill("Cherche un accompagnement pour une demande de logement.")
    page.get_by_label("La personne a donné son accord", exact=False).check()
    assert _send(page) == 200
    assert page.url.endswith("/orientation/demandes")
    assert "S. K." in page.locator("main table").inner_text()

    with demo_app.app_context():
        sent = db.session.scalars(select(OrientationRequest).where(OrientationRequest.person_name == "S. K.")).one()
        token = requests.issue_link(sent)
        db.session.commit()
    partner_page = browser.new_context(viewport=PHONE, java_script_enabled=False, base_url=base_url,
                                       locale="fr-FR").new_page()
    partner_page.goto(f"/orientation/reponse/{token}")
    partner_page.get_by_label("Je refuse").check()
    assert _send(partner_page) == 422
    partner_page.locator("#reason").select_option("full")
    assert _send(partner_page) == 200
    assert partner_page.url.endswith("/orientation/reponse-envoyee")
    # Nothing scrolls sideways on a phone.
    for shown in (page, partner_page):
        assert shown.evaluate("() => document.documentElement.scrollWidth <= innerWidth")

    page.reload()
    assert "Refusée" in page.locator("main table").inner_text()
    assert partner_page.goto(f"/orientation/reponse/{token}").status == 410
    partner_page.context.close()
    context.close()
