"""The workshops' pages in a real browser: axe finds nothing on the list and on a workshop's
page in French, English and Arabic; the filters work with JavaScript turned off; nothing
scrolls sideways on a 320 px wide phone."""

from __future__ import annotations

import pytest

from portal.extensions import db
from tests.browser.conftest import watch_csp
from tests.browser.test_accessibility import AXE_OPTIONS, LANGUAGES, LAYOUT_PROBLEMS_JS, _describe_violations

PHONE = {"width": 320, "height": 640}


@pytest.fixture(scope="module")
def workshop_urls(demo_app) -> dict[str, str]:
    """The list, and the page of a demo workshop with coming sessions (one online as well)."""
    from portal.workshops.constants import ONLINE
    from portal.workshops.models import Workshop
    from portal.workshops.queries import visible_workshops

    with demo_app.app_context():
        slugs = db.session.execute(
            visible_workshops().with_only_columns(Workshop.slug, Workshop.place_kind).order_by(Workshop.id)).all()
    assert slugs, "the demo has no visible workshop"
    in_place = next(slug for slug, kind in slugs if kind != ONLINE)
    urls = {"list": "/ateliers?quartier=", "workshop": f"/ateliers/{in_place}"}
    online = next((slug for slug, kind in slugs if kind == ONLINE), None)
    if online:
        urls["online"] = f"/ateliers/{online}"
    return urls


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", ["list", "workshop", "online", "filtered-empty"])
def test_no_axe_violation_on_the_workshop_pages(page, workshop_urls, lang, name):
    from axe_playwright_python.sync_playwright import Axe

    urls = {**workshop_urls, "filtered-empty": "/ateliers?periode=semaine&niveau=intermediaire&besoin=logement"}
    if name not in urls:
        pytest.skip("the demo has no online workshop")
    response = page.goto(LANGUAGES[lang] + urls[name])
    assert response.status == 200
    if name == "list":
        assert page.locator(".sessions .session").count() > 0
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"{page.url}:\n{_describe_violations(violations)}"


@pytest.mark.browser_context_args(viewport=PHONE)
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", ["list", "workshop"])
def test_no_horizontal_scroll_at_320px(page, workshop_urls, lang, name):
    page.goto(LANGUAGES[lang] + workshop_urls[name])
    problems = page.evaluate(LAYOUT_PROBLEMS_JS)
    assert not problems, f"{page.url} at 320 px:\n" + "\n".join(problems[:15])


def test_the_filters_work_without_javascript(browser, live_server):
    """A resident on a phone without JavaScript opens the filters, picks a level and "free
    only", sends the form, and gets only those workshops."""
    context = browser.new_context(base_url=live_server, java_script_enabled=False, viewport={"width": 360, "height": 740},
                                  locale="fr-FR")
    violations = watch_csp(context)
    page = context.new_page()
    page.goto("/ateliers?quartier=")
    everything = page.locator(".sessions .session").count()
    assert everything > 0
    assert not page.locator("#f-niveau").is_visible()  # folded on a phone without JavaScript
    page.locator(".workshop-filters summary").click()
    page.locator("#f-niveau").select_option("decouverte")
    page.locator("#f-gratuit").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Voir les ateliers").click()
    assert "niveau=decouverte" in page.url and "gratuit=1" in page.url
    sessions = page.locator(".sessions .session")
    assert 0 < sessions.count() <= everything
    for text in sessions.all_inner_texts():
        assert "Découverte" in text and "Gratuit" in text
    assert "Découverte" in page.locator(".workshop-filters summary").inner_text()
    page.locator(".sessions .session-title a").first.click()
    assert page.locator("h1").inner_text().strip()
    assert "/ateliers/" in page.url
    context.close()
    assert not violations, violations
