"""No false alarm in a real browser: after a successful save the partner sees success and no
conflict notice; when two members really edit the same listing at once, the second one gets the
conflict notice and finds what they typed still in the form."""

from __future__ import annotations

import pytest
from conftest import log_in, page_violations

from portal.extensions import db

# A demo listing of its own (not trusted: changes wait for review), so that no other browser
# test sees these edits.
SLUG = "epicerie-solidaire-le-kiosque"
PASSWORD = "une phrase de passe pour les tests sans fausse alerte"
EMAILS = ("alice.kiosque@exemple.fr", "bruno.kiosque@exemple.fr")
CONFLICT_TEXT = "pendant que vous la modifiiez"


@pytest.fixture()
def two_members(demo_app, live_server):
    """Two members of the same listing in the demo database, removed at the end with their edits."""
    from sqlalchemy import delete, select

    from portal.accounts.models import User
    from portal.accounts.operations import create_user
    from portal.directory.models import Partner
    from portal.moderation.models import Revision

    with demo_app.app_context():
        partner = db.session.scalars(select(Partner).where(Partner.slug == SLUG)).one()
        assert partner.is_published and not partner.is_trusted
        for email in EMAILS:
            create_user(email, "partner", partners=[partner], password=PASSWORD)
        db.session.commit()
        partner_id = partner.id
    yield EMAILS
    with demo_app.app_context():
        db.session.execute(delete(Revision).where(Revision.partner_id == partner_id))
        for user in db.session.scalars(select(User).where(User.email.in_(EMAILS))):
            db.session.delete(user)
        db.session.commit()


def _logged_in(browser, live_server, csp_watch, email: str):
    context = browser.new_context(base_url=live_server, locale="fr-FR")
    violations = csp_watch(context)
    page = context.new_page()
    log_in(page, email, PASSWORD)
    return context, page, violations


def _save(page) -> None:
    with page.expect_navigation():
        page.locator("form:has(#presentation) button[type=submit]").first.click()


def _no_alarm(page) -> None:
    assert page.get_by_text(CONFLICT_TEXT).count() == 0, page.url
    assert page.locator("#conflit").count() == 0, page.url
    assert page.locator("[role=alert]").count() == 0, page.url


def test_a_save_shows_success_and_no_conflict_notice(browser, live_server, csp_watch, two_members):
    context, page, violations = _logged_in(browser, live_server, csp_watch, two_members[0])
    page.goto(f"/espace/{SLUG}/presentation")
    _no_alarm(page)
    page.locator("#presentation").fill("Une épicerie solidaire ouverte à tous les habitants du quartier.")
    _save(page)

    assert page.url.endswith(f"/espace/{SLUG}"), page.url
    success = page.locator(".flashes").get_by_text("C'est enregistré")
    assert success.is_visible()
    _no_alarm(page)
    # The other pages of the space say nothing false either, now that a change is waiting.
    for part in ("/presentation", "/services", "/horaires"):
        page.goto(f"/espace/{SLUG}{part}")
        _no_alarm(page)
    violations.extend(page_violations(page))
    context.close()
    assert not violations, violations


def test_a_real_conflict_shows_the_notice_and_keeps_what_was_typed(browser, live_server, csp_watch,
                                                                    two_members):
    alice_context, alice, seen_a = _logged_in(browser, live_server, csp_watch, two_members[0])
    bruno_context, bruno, seen_b = _logged_in(browser, live_server, csp_watch, two_members[1])
    # Both open the same form; Alice saves first.
    alice.goto(f"/espace/{SLUG}/presentation")
    bruno.goto(f"/espace/{SLUG}/presentation")
    alice.locator("#presentation").fill("Le texte d'Alice, enregistré le premier.")
    _save(alice)
    assert alice.locator(".flashes").get_by_text("C'est enregistré").is_visible()

    typed = "Le texte de Bruno, tapé pendant qu'Alice enregistrait le sien."
    bruno.locator("#presentation").fill(typed)
    _save(bruno)

    notice = bruno.locator("#conflit")
    assert notice.is_visible()
    assert notice.get_attribute("role") == "alert"
    assert CONFLICT_TEXT in notice.inner_text()
    assert bruno.locator("#presentation").input_value() == typed
    assert bruno.locator(".flashes").count() == 0  # nothing says it was saved
    for page, seen in ((alice, seen_a), (bruno, seen_b)):
        seen.extend(page_violations(page))
    alice_context.close()
    bruno_context.close()
    assert not seen_a and not seen_b, seen_a + seen_b
