"""The campaign pages in a real browser: the new-campaign form sent back with a mistake, and a
campaign's progress page, pass axe (they have no script of their own)."""

from __future__ import annotations

import pytest

from portal.extensions import db
from tests.browser.conftest import watch_csp
from tests.browser.test_accessibility import AXE_OPTIONS, _describe_violations


def _axe_clean(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"{page.url}:\n{_describe_violations(violations)}"


@pytest.fixture()
def demo_campaign(demo_app):
    """A reminder campaign over three demo listings: one sent, one refused, one without address."""
    from sqlalchemy import delete, null, select

    from portal.db import utcnow
    from portal.directory.models import Partner
    from portal.moderation.campaign_models import Campaign, CampaignReminder

    with demo_app.app_context():
        partners = db.session.scalars(select(Partner).where(Partner.is_published).order_by(Partner.name)
                                      .limit(3)).all()
        campaign = Campaign(key="navigateur-2026", kind="remind", months=6)
        now = utcnow()
        campaign.reminders = [
            CampaignReminder(partner=partners[0], email="lu@exemple.fr", sent_at=now, opened_at=now),
            CampaignReminder(partner=partners[1], email="inconnu@exemple.fr", sent_at=null(), failed_at=now,
                             error="550 5.1.1 Mailbox unknown"),
            CampaignReminder(partner=partners[2], email="", sent_at=null()),
        ]
        db.session.add(campaign)
        db.session.commit()
        campaign_id = campaign.id
    yield campaign_id
    with demo_app.app_context():
        db.session.execute(delete(Campaign).where(Campaign.id == campaign_id))
        db.session.commit()


def test_campaign_pages_pass_axe(browser, base_url, accounts, demo_campaign):
    # Scripts enabled only for axe, which runs in the page; the pages themselves have none.
    context = browser.new_context(base_url=base_url, locale="fr-FR")
    seen = watch_csp(context)
    context.add_cookies(accounts.cookies["admin"])
    page = context.new_page()

    page.goto("/admin/campagnes/nouvelle")
    page.locator("#months").fill("0", timeout=10_000)
    page.locator("#key").fill("ma campagne de test", timeout=10_000)
    with page.expect_navigation(timeout=20_000) as sent:
        page.locator("main form.form button[type=submit]").click(timeout=10_000)
    assert sent.value.status == 422
    assert "Indiquez un nombre de mois entre 1 et 36" in page.locator("#months-error").inner_text()
    assert page.locator("#months").input_value() == "0"
    assert page.locator("#key").input_value() == "ma campagne de test"
    _axe_clean(page)

    page.goto(f"/admin/campagnes/{demo_campaign}")
    main = page.locator("main").inner_text()
    assert "Échec d'envoi : 550 5.1.1 Mailbox unknown" in main and "Jamais atteinte" in main
    _axe_clean(page)
    page.goto(f"/admin/campagnes/{demo_campaign}?statut=echec")
    assert "inconnu@exemple.fr" in page.locator("main table").inner_text()
    _axe_clean(page)

    page.goto("/admin/campagnes")
    _axe_clean(page)
    context.close()
    assert not seen
