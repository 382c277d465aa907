"""The resident's path on a cheap phone: the answer above the fold, nothing sideways at 320 px or
with text at 200 %, near-me working without JavaScript, emergencies one tap away."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.directory.models import Partner, Quartier
from portal.extensions import db
from tests.browser.test_accessibility import LAYOUT_PROBLEMS_JS, _listing

PHONE = {"width": 360, "height": 740}
SUBNEED = "/besoins/alimentation/colis-alimentaire"
SEARCH = "/recherche?q=colis+alimentaire"


def _first_card_top(page) -> float | None:
    return page.evaluate(
        "() => { const c = document.querySelector('.cards > .card');"
        " return c ? c.getBoundingClientRect().top : null; }")


@pytest.mark.browser_context_args(viewport=PHONE)
@pytest.mark.parametrize("path", [SUBNEED, SEARCH, "/en" + SEARCH.replace("colis+alimentaire", "food")])
def test_the_first_result_is_visible_without_scrolling_on_a_phone(page, path):
    page.goto(path)
    top = _first_card_top(page)
    assert top is not None, f"{path} shows no result"
    assert top < PHONE["height"] - 60, f"{path}: the first result starts at {top:.0f} px"


@pytest.mark.browser_context_args(viewport=PHONE)
@pytest.mark.parametrize("path", ["/", SUBNEED, SEARCH, "/partenaires/france-services-lille-bois-blancs",
                                  "/besoins/urgence-sociale/hebergement-ce-soir"])
def test_text_at_200_percent_needs_no_sideways_scroll(page, path):
    page.goto(path)
    # Text-only zoom (RGAA 10.4): the root font size doubles, the viewport stays a phone's.
    page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    problems = page.evaluate(LAYOUT_PROBLEMS_JS)
    assert not problems, f"{path} with text at 200 %:\n" + _listing(problems)


@pytest.fixture()
def page_without_javascript(browser, base_url):
    """A phone with JavaScript turned off (its own context: the shared one's policy watch
    needs JavaScript to read what a page recorded)."""
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, base_url=base_url,
                                  locale="fr-FR", timezone_id="Europe/Paris")
    yield context.new_page()
    context.close()


def test_near_me_without_javascript_puts_the_chosen_quartier_first(page_without_javascript, demo_app):
    page = page_without_javascript
    page.goto(SUBNEED)
    page.click("summary:has-text('Près de chez moi')")
    with demo_app.app_context():
        quartiers = {q.slug: q.id for q in db.session.scalars(select(Quartier))}
    page.select_option("#near-quartier", "fives")
    with page.expect_navigation():
        page.click("button:has-text('Voir les plus proches')")
    first = page.locator(".cards > .card .card-title a").first.get_attribute("href")
    slug = first.rsplit("/", 1)[-1]
    with demo_app.app_context():
        partner = db.session.scalars(select(Partner).where(Partner.slug == slug)).one()
        in_fives = partner.quartier_id == quartiers["fives"] or any(
            place.quartier_id == quartiers["fives"] for s in partner.live_services for place in s.places)
    assert in_fives, f"first card {slug} is not in Fives"
    assert "Près de : Fives" in page.inner_text("summary >> nth=0")
    # Remembered for the next page, still without JavaScript.
    page.goto(SUBNEED.replace("colis-alimentaire", "epicerie-solidaire"))
    assert "Près de : Fives" in page.inner_text(".near-panel summary")


@pytest.mark.browser_context_args(viewport=PHONE)
def test_emergency_numbers_are_call_links_on_the_home_page(page):
    page.goto("/")
    link = page.locator("a[href='tel:115']").first
    assert link.is_visible()
    assert link.bounding_box()["height"] >= 24  # a finger can hit it


@pytest.fixture()
def phone_at_fives(browser, base_url, csp_watch):
    """A phone whose owner lets the site know where they are: in Fives, to the metre."""
    context = browser.new_context(viewport=PHONE, base_url=base_url, locale="fr-FR",
                                  timezone_id="Europe/Paris", permissions=["geolocation"],
                                  geolocation={"latitude": 50.628312, "longitude": 3.088745})
    seen = csp_watch(context)
    yield context.new_page()
    context.close()
    assert not seen, seen


def test_use_my_position_sends_only_a_rounded_point_and_orders_by_it(phone_at_fives):
    page = phone_at_fives
    page.goto(SUBNEED)
    page.click("summary:has-text('Près de chez moi')")
    with page.expect_navigation():
        page.click("button:has-text('Utiliser ma position')")
    assert "pres=50.628%2C3.089" in page.url  # three decimals: about a hundred metres
    assert "Près de : votre position" in page.inner_text(".near-panel summary")
    # Cards say how far; the first one is within walking distance (Fives has food parcels).
    distances = page.locator(".cards > .card .card-meta strong").all_inner_texts()
    assert distances
    assert distances[0].endswith("min à pied"), distances[0]
