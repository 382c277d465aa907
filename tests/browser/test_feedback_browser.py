""""Signaler une erreur" and "Proposer un lieu" in a real browser: both forms sent back with
mistakes pass axe in French and in Arabic (right to left), so do the administrators' lists,
and the report journey works without JavaScript, from the listing to the thank-you page."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from portal.extensions import db
from portal.feedback.models import PlaceProposal, Report
from tests.browser.test_accessibility import AXE_OPTIONS, _describe_violations

LISTING = "france-services-lille-bois-blancs"
PHONE = {"width": 360, "height": 740}
JOURNEY_TEXT = "Le guichet est fermé le jeudi après-midi depuis janvier."


def _send(page) -> int:
    with page.expect_navigation() as sent:
        page.locator("main form.form button[type=submit]").click()
    return sent.value.status


def _wrong_report(page) -> None:
    page.locator("#email").fill("adresse-sans-arobase")


def _wrong_proposal(page) -> None:
    page.locator("#name").fill("Épicerie du Faubourg")
    page.locator("#phone").fill("12 34")
    page.locator("#website").fill("pas une adresse")


FORMS = {
    "report": (f"/partenaires/{LISTING}/signaler", _wrong_report, "code-0"),
    "proposal": ("/proposer-un-lieu", _wrong_proposal, "city"),
}


@pytest.mark.parametrize("lang", ["", "/ar"], ids=["fr", "ar"])
@pytest.mark.parametrize("form", sorted(FORMS))
def test_the_forms_in_their_error_state_pass_axe(page, form, lang):
    from axe_playwright_python.sync_playwright import Axe

    path, mistakes, first_wrong = FORMS[form]
    page.goto(lang + path)
    mistakes(page)
    assert _send(page) == 422
    assert page.locator(f".error-summary a[href='#{first_wrong}']").count() == 1
    # What was typed is still there.
    typed = "#email" if form == "report" else "#name"
    assert page.locator(typed).input_value()
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"{lang}{path}:\n{_describe_violations(violations)}"


@pytest.fixture()
def feedback_rows(demo_app):
    """A report and a proposal in the demo database, removed afterwards with any the test made."""
    from portal.directory.models import Partner
    from portal.feedback import operations

    with demo_app.app_context():
        partner = db.session.scalars(select(Partner).where(Partner.slug == LISTING)).one()
        operations.record_report(partner, "phone", "Le numéro a changé.", "pro@exemple.fr", True)
        operations.record_proposal(name="Permanence du Faubourg", city="Lille", offer="Aide aux papiers.",
                                   phone="03 20 00 00 00")
        db.session.commit()
    yield
    with demo_app.app_context():
        db.session.execute(delete(Report))
        db.session.execute(delete(PlaceProposal))
        db.session.commit()


@pytest.mark.parametrize("path", ["/admin/signalements", "/admin/propositions"])
def test_the_administrators_lists_pass_axe(page, accounts, feedback_rows, path):
    from axe_playwright_python.sync_playwright import Axe

    page.context.add_cookies(accounts.cookies["admin"])
    assert page.goto(path).status == 200
    assert page.locator("main form button").count() >= 1  # a decision to take
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"{path}:\n{_describe_violations(violations)}"


@pytest.fixture()
def page_without_javascript(browser, base_url, demo_app):
    """A phone with JavaScript turned off; the reports it sends are removed afterwards."""
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, base_url=base_url,
                                  locale="fr-FR", timezone_id="Europe/Paris")
    yield context.new_page()
    context.close()
    with demo_app.app_context():
        db.session.execute(delete(Report))
        db.session.commit()


def test_the_report_journey_without_javascript(page_without_javascript, demo_app):
    page = page_without_javascript
    page.goto(f"/partenaires/{LISTING}")
    with page.expect_navigation():
        page.get_by_role("link", name="Signaler une erreur sur cette fiche").click()
    # Sent empty: the form comes back with a clear message next to each question.
    assert _send(page) == 422
    assert page.locator(".error-summary").is_visible()
    assert "Choisissez ce qui est faux sur la fiche." in page.locator("#code").inner_text()
    # The honeypot is out of sight, and out of the keyboard's way.
    assert page.locator("#reference_dossier").get_attribute("tabindex") == "-1"
    box = page.locator("div", has=page.locator("#reference_dossier")).last.bounding_box()
    assert box["width"] <= 1 and box["height"] <= 1

    page.get_by_label("Les horaires sont faux").check()
    page.locator("#text").fill(JOURNEY_TEXT)
    page.get_by_label("Je suis un professionnel", exact=False).check()
    page.wait_for_timeout(2200)  # a person takes a moment; a form sent back at once is dropped
    assert _send(page) == 200
    assert page.url.endswith(f"/partenaires/{LISTING}/signaler/merci")
    assert "Rien ne change sur la fiche" in page.locator("main").inner_text()
    with demo_app.app_context():
        report = db.session.scalars(select(Report)).one()
        assert (report.code, report.text, report.is_professional) == ("hours", JOURNEY_TEXT, True)
