"""The links of a reminder in a real browser: the confirm page and the correction journey work
without JavaScript, and the pages (a refused link included) pass axe."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from portal.extensions import db
from tests.browser.conftest import MEMBER_PARTNER, watch_csp
from tests.browser.test_accessibility import AXE_OPTIONS, _describe_violations

NEW_NOTE = "Entrée par la rue de Lannoy, rampe à droite."


@dataclass
class Links:
    slug: str
    name: str
    confirm: str
    correct: str
    expired: str


@pytest.fixture()
def reminder_links(demo_app, live_server):
    """A confirm, a correction and an expired link about one demo listing; all it wrote is
    undone at the end."""
    from sqlalchemy import delete, select

    from portal.directory.models import Partner
    from portal.moderation import links
    from portal.moderation.campaign_models import ListingToken
    from portal.moderation.models import Revision

    with demo_app.test_request_context():
        partner = db.session.scalars(
            select(Partner).where(Partner.is_published, Partner.is_demo, Partner.is_trusted.is_(False),
                                  Partner.slug != MEMBER_PARTNER, Partner.phone != "")
            .order_by(Partner.name).limit(1)).one()
        confirmed_at = partner.last_confirmed_at
        expired = links.issue(partner, "correct")  # retired by the next one: it reads as expired
        raw = {purpose: links.issue(partner, purpose) for purpose in ("confirm", "correct")}
        db.session.commit()
        found = Links(partner.slug, partner.name, f"/fiche/a-jour/{raw['confirm']}",
                      f"/fiche/corriger/{raw['correct']}", f"/fiche/corriger/{expired}")
        partner_id = partner.id
    yield found
    with demo_app.app_context():
        db.session.execute(delete(Revision).where(Revision.partner_id == partner_id))
        db.session.execute(delete(ListingToken).where(ListingToken.partner_id == partner_id))
        db.session.get(Partner, partner_id).last_confirmed_at = confirmed_at
        db.session.commit()


def _axe_clean(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"{page.url}:\n{_describe_violations(violations)}"


def test_link_pages_pass_axe(browser, base_url, reminder_links):
    context = browser.new_context(base_url=base_url, locale="fr-FR")
    seen = watch_csp(context)
    page = context.new_page()
    for path, marker in ((reminder_links.confirm, "Rien n'a changé, je confirme"),
                         (reminder_links.expired, "Ce lien a expiré"),
                         ("/fiche/a-jour/invente", "Ce lien n'est pas valable")):
        page.goto(path)
        assert marker in page.locator("main").inner_text()
        _axe_clean(page)
    page.goto(reminder_links.correct)
    assert "grâce au lien reçu par e-mail" in page.locator("main").inner_text()
    _axe_clean(page)
    page.goto(f"/espace/{reminder_links.slug}/presentation")
    _axe_clean(page)
    context.close()
    assert not seen


def test_confirm_and_correct_without_javascript(browser, base_url, reminder_links):
    context = browser.new_context(java_script_enabled=False, base_url=base_url, locale="fr-FR")
    page = context.new_page()

    page.goto(reminder_links.confirm)
    assert reminder_links.name in page.locator("h2").first.inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="Rien n'a changé, je confirme").click()
    assert page.url.endswith(f"/partenaires/{reminder_links.slug}")
    assert "Merci ! La fiche est confirmée à jour" in page.locator("main").inner_text()
    page.goto(reminder_links.confirm)
    assert "Ce lien a déjà servi" in page.locator("main").inner_text()

    page.goto(reminder_links.correct)
    assert page.url.endswith(f"/espace/{reminder_links.slug}")
    page.get_by_role("link", name="Présentation, contacts, adresse").click()
    page.locator("#accessibility_note").fill(NEW_NOTE)
    with page.expect_navigation():
        page.locator("main form.form button[type=submit]").first.click()
    assert page.url.endswith(f"/espace/{reminder_links.slug}")
    assert "sera visible après sa validation" in page.locator("main").inner_text()
    page.goto(f"/partenaires/{reminder_links.slug}")
    assert NEW_NOTE not in page.locator("main").inner_text()  # waits for review
    context.close()


def test_the_change_sent_by_link_waits_for_review(demo_app, browser, base_url, reminder_links):
    from sqlalchemy import select

    from portal.directory.models import Partner
    from portal.moderation.models import Revision

    context = browser.new_context(java_script_enabled=False, base_url=base_url, locale="fr-FR")
    page = context.new_page()
    page.goto(reminder_links.correct)
    page.goto(f"/espace/{reminder_links.slug}/presentation")
    page.locator("#accessibility_note").fill(NEW_NOTE)
    with page.expect_navigation():
        page.locator("main form.form button[type=submit]").first.click()
    context.close()
    with demo_app.app_context():
        partner = db.session.scalars(select(Partner).where(Partner.slug == reminder_links.slug)).one()
        revision = db.session.scalars(select(Revision).where(Revision.partner_id == partner.id)).one()
        assert (revision.status, revision.author_id, revision.link.purpose) == ("pending", None, "correct")
        assert partner.accessibility_note != NEW_NOTE
