"""The diagnostic in a real browser: answered without JavaScript up to the result; its pages
(questions, the error state, the result, the easy version) pass axe in French, English and
Arabic; the radios are reached with the keyboard and show where the focus is."""

from __future__ import annotations

import pytest
from sqlalchemy import delete

from portal.diagnostic.models import DiagnosticCount
from portal.extensions import db
from tests.browser.conftest import watch_csp
from tests.browser.test_accessibility import AXE_OPTIONS, _describe_violations

PHONE = {"width": 360, "height": 740}
LANGS = pytest.mark.parametrize("lang", ["", "/en", "/ar"], ids=["fr", "en", "ar"])
# The radio buttons' positions (0 = first choice) of a person at the beginner's level.
BEGINNER = {"telephone": 0, "ordinateur": 1, "internet": 0, "mail": 0, "photo": 0,
            "formulaire": 1, "rendez_vous": 1, "comptes": 1}


@pytest.fixture(autouse=True, scope="module")
def _forget_counts(demo_app, live_server):
    """The demo database is shared: take away the counts these tests made."""
    yield
    with demo_app.app_context():
        db.session.execute(delete(DiagnosticCount))
        db.session.commit()


def _no_violation(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"{page.url}:\n{_describe_violations(violations)}"


def _answer(page, answers: dict[str, int]) -> None:
    for code, position in answers.items():
        page.locator(f"label[for='{code}-{position}']").click()


def _send(page) -> int:
    with page.expect_navigation() as sent:
        page.locator("main form.diag-form button[type=submit]").click()
    return sent.value.status


def test_the_whole_diagnostic_works_without_javascript(browser, base_url):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, base_url=base_url,
                                  locale="fr-FR", timezone_id="Europe/Paris")
    refused = watch_csp(context)
    page = context.new_page()
    assert page.goto("/diagnostic").status == 200
    _answer(page, {k: v for k, v in BEGINNER.items() if k != "comptes"})
    page.locator("#diag-quartier").select_option("wazemmes")
    assert _send(page) == 422
    assert page.locator("#comptes-error").is_visible()
    assert page.locator("#formulaire-1").is_checked()  # kept
    page.locator(".error-summary a[href='#comptes-0']").click()
    _answer(page, {"comptes": 1})
    assert _send(page) == 200
    assert "/diagnostic/resultat?niveau=debutant" in page.url and "quartier=wazemmes" in page.url
    main = page.locator("main")
    assert "Votre résultat : Débutant" in main.locator("h1").inner_text()
    assert main.locator(".diag-help").count() >= 2  # a kind of help, and the workshops
    assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
    context.close()
    assert not refused, refused


@LANGS
def test_the_questions_and_the_error_state_pass_axe(page, lang):
    assert page.goto(f"{lang}/diagnostic").status == 200
    _no_violation(page)
    _answer(page, {"telephone": 0, "mail": 2})
    assert _send(page) == 422
    assert page.locator(".error-summary").count() == 1
    _no_violation(page)


@LANGS
def test_the_easy_version_and_its_error_state_pass_axe(page, lang):
    assert page.goto(f"{lang}/diagnostic/facile").status == 200
    _no_violation(page)
    assert _send(page) == 422
    assert "/diagnostic" in page.url and page.locator("input[name=version]").count() == 1
    _no_violation(page)


@LANGS
def test_the_result_passes_axe(page, lang):
    path = f"{lang}/diagnostic/resultat?niveau=accompagnement&besoins=accompagnement,atelier,equipement&quartier=fives"
    assert page.goto(path).status == 200
    assert page.locator("main .cards .card").count() >= 1
    _no_violation(page)


def test_the_radios_are_reached_with_the_keyboard_and_show_the_focus(page):
    page.goto("/diagnostic")
    page.locator("#telephone-0").focus()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.id") == "telephone-1"
    assert page.locator("#telephone-1").is_checked()
    # Tab goes on to the next question.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.name") == "ordinateur"
    label = page.locator("label[for='ordinateur-0']")
    outline = label.evaluate("el => getComputedStyle(el).outlineStyle")
    shadow = label.evaluate("el => getComputedStyle(el).boxShadow")
    assert outline != "none" and shadow != "none"


def test_the_result_prints_the_places_and_workshops_without_buttons(page):
    page.goto("/diagnostic/resultat?niveau=debutant&besoins=atelier&quartier=wazemmes")
    page.emulate_media(media="print")
    assert page.locator("main h1").is_visible()
    assert page.locator("main .cards .card-title").first.is_visible()
    assert page.locator("main .card-address").first.is_visible()
    # What is true only when the page is read, and what cannot be clicked on paper, is left out.
    for hidden in (".diag-print", ".diag-again", ".badge-open, .badge-closed", ".site-header nav"):
        shown = page.locator(hidden)
        assert all(not shown.nth(i).is_visible() for i in range(shown.count())), hidden
