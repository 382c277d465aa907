"""Moderation by part in a real browser: the review page's decision form sent back because a
part is refused without a reason, and the partner's overview showing the refused text as a
draft, both pass axe; the decision form works without JavaScript."""

from __future__ import annotations

import pytest
from conftest import log_in, page_violations
from sqlalchemy import delete, select

from portal.extensions import db
from tests.browser.test_accessibility import AXE_OPTIONS, _describe_violations

PASSWORD = "une phrase de passe pour les tests de moderation par partie"
MEMBER_EMAIL = "membre.parties@exemple.fr"
ADMIN_EMAIL = "admin.parties@exemple.fr"
# Listings other browser tests edit: this one takes another.
TAKEN = ("espace-femmes-la-pepiniere", "epicerie-solidaire-le-kiosque", "france-services-lille-bois-blancs")
REFUSED_TEXT = "Ouvert à tous sans condition, venez quand vous voulez."


@pytest.fixture()
def moderated(demo_app, live_server):
    """A demo listing whose member had a change refused (now a draft) and proposed another one
    (pending); the public listing is left as it was, and everything is removed at the end."""
    from portal.accounts.models import User
    from portal.accounts.operations import create_user
    from portal.directory.models import Partner
    from portal.moderation import operations
    from portal.moderation.models import Revision

    with demo_app.app_context():
        partner = db.session.scalars(
            select(Partner).where(Partner.status == "published", Partner.is_trusted.is_(False),
                                  Partner.slug.not_in(TAKEN)).order_by(Partner.id.desc()).limit(1)
        ).one()
        member = create_user(MEMBER_EMAIL, "partner", partners=[partner], password=PASSWORD)
        admin = create_user(ADMIN_EMAIL, "admin", password=PASSWORD)
        db.session.commit()

        def propose(**fields):
            head = operations.head_of(partner)
            snapshot = {**head.snapshot, "partner": {**head.snapshot["partner"], **fields}}
            revision = operations.propose_change(partner, snapshot, member, partner.version, head=head)
            db.session.commit()
            return revision

        first = propose(presentation=REFUSED_TEXT, phone="03 20 98 76 54")
        operations.reject(first, admin, "inaccurate", "L'accueil se fait sur rendez-vous.")
        db.session.commit()
        pending = propose(accessibility_note="Entrée par la cour.", website="https://exemple.fr/accueil")
        slug, partner_id, revision_id = partner.slug, partner.id, pending.id
    yield slug, revision_id
    with demo_app.app_context():
        db.session.execute(delete(Revision).where(Revision.partner_id == partner_id))
        for user in db.session.scalars(select(User).where(User.email.in_([MEMBER_EMAIL, ADMIN_EMAIL]))):
            db.session.delete(user)
        db.session.commit()


def _axe_clean(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"{page.url}:\n{_describe_violations(violations)}"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_part_refused_without_a_reason_comes_back_and_passes_axe(browser, base_url, csp_watch,
                                                                   moderated, javascript):
    _slug, revision_id = moderated
    context = browser.new_context(base_url=base_url, locale="fr-FR", java_script_enabled=javascript)
    violations = csp_watch(context)
    page = context.new_page()
    log_in(page, ADMIN_EMAIL, PASSWORD)
    page.goto(f"/admin/moderation/{revision_id}")
    first_part = page.locator("fieldset.part").first
    first_part.get_by_label("Refuser").check()
    with page.expect_navigation() as sent:
        page.get_by_role("button", name="Enregistrer la décision").click()

    assert sent.value.status == 422
    summary = page.locator(".error-summary")
    assert summary.is_visible() and "raison du refus" in summary.inner_text()
    assert page.locator("fieldset.part").first.get_by_label("Refuser").is_checked()  # choice kept
    if javascript:
        _axe_clean(page)
        violations.extend(page_violations(page))
    context.close()
    assert not violations, violations


def test_the_overview_with_a_draft_passes_axe(page, moderated):
    slug, _revision_id = moderated
    log_in(page, MEMBER_EMAIL, PASSWORD)
    page.goto(f"/espace/{slug}")
    draft = page.locator("#brouillon")
    assert "Refusé par l'équipe du CCAS : Informations inexactes." in draft.inner_text()
    assert REFUSED_TEXT in draft.inner_text()
    assert draft.get_by_role("button", name="Abandonner ce brouillon").is_visible()
    _axe_clean(page)

    page.goto(f"/espace/{slug}/presentation")
    assert page.locator("#presentation").input_value().strip() == REFUSED_TEXT
    assert "Ce texte a été refusé" in page.locator("#brouillon").inner_text()
    _axe_clean(page)
