""""Mon espace professionnel" in a real browser: with a followed place and a saved search it
passes axe in French, English and Arabic, and a professional without JavaScript follows a
place from its page and finds it there, on a phone's width without scrolling sideways."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from portal.extensions import db
from tests.browser.conftest import log_in
from tests.browser.test_accessibility import AXE_OPTIONS, _describe_violations

PRO_EMAIL = "pro.navigateur@exemple.fr"
PRO_PASSWORD = "une phrase de passe pour l'espace pro"
FOLLOWED = "espace-femmes-la-pepiniere"


@pytest.fixture(scope="module")
def professional(demo_app):
    """A professional in the demo database who follows a place and keeps a search; removed
    afterwards with all they made."""
    from portal.accounts.models import User
    from portal.accounts.operations import create_user
    from portal.db import utcnow
    from portal.directory.models import Partner
    from portal.orientation import favourites
    from portal.orientation.models import Favourite, SavedSearch

    with demo_app.app_context(), demo_app.test_request_context("/"):
        user = create_user(PRO_EMAIL, "professional", password=PRO_PASSWORD)
        db.session.flush()
        partner = db.session.scalars(select(Partner).where(Partner.slug == FOLLOWED)).one()
        favourites.star(user, partner, utcnow())
        params = favourites.clean_params("subneed", {"besoin": "alimentation", "sous_besoin": "colis-alimentaire",
                                                     "quartier": "wazemmes", "gratuit": "1"})
        favourites.save_search(user, params, "", "fr", utcnow())
        db.session.commit()
        user_id = user.id
    yield PRO_EMAIL
    with demo_app.app_context():
        db.session.execute(delete(Favourite).where(Favourite.user_id == user_id))
        db.session.execute(delete(SavedSearch).where(SavedSearch.user_id == user_id))
        db.session.delete(db.session.get(User, user_id))
        db.session.commit()


@pytest.mark.parametrize("lang", ["", "/en", "/ar"], ids=["fr", "en", "ar"])
def test_the_professional_space_passes_axe(page, professional, lang):
    from axe_playwright_python.sync_playwright import Axe

    log_in(page, professional, PRO_PASSWORD)
    assert page.goto(f"{lang}/orientation/").status == 200
    assert page.locator("main .pro-item").count() == 2  # the place and the search
    page.locator("main details.rename summary").first.click()  # the rename form, opened
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"{lang}/orientation/:\n{_describe_violations(violations)}"


def test_following_a_place_without_javascript_on_a_phone(browser, base_url, professional, demo_app):
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False,
                                  base_url=base_url, locale="fr-FR", timezone_id="Europe/Paris")
    page = context.new_page()
    try:
        log_in(page, professional, PRO_PASSWORD)
        with demo_app.app_context():
            from portal.directory.models import Partner

            slug = db.session.scalars(select(Partner.slug).where(Partner.is_published, Partner.slug != FOLLOWED)
                                      .order_by(Partner.id)).first()
        page.goto(f"/partenaires/{slug}")
        with page.expect_navigation():
            page.locator("main form.favourite-form button").click()
        assert page.url.endswith(f"/partenaires/{slug}")
        assert page.locator("main .favourite-state").is_visible()

        page.goto("/orientation/")
        assert page.locator("main .pro-item").count() == 3
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

        with page.expect_navigation():
            page.locator("main .pro-item form.favourite-form button").last.click()
    finally:
        context.close()
        with demo_app.app_context():
            from portal.accounts.models import User
            from portal.orientation.models import Favourite

            user_id = db.session.scalars(select(User.id).where(User.email == professional)).one()
            kept = db.session.scalars(select(Favourite).where(Favourite.user_id == user_id)).all()
            for favourite in kept:
                if favourite.partner.slug != FOLLOWED:
                    db.session.delete(favourite)
            db.session.commit()
