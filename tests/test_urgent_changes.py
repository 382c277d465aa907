"""What cannot wait is published at once and reviewed afterwards: a temporary closure, the dated
exceptions of the coming week. The rest of a change still waits for the CCAS team."""

from __future__ import annotations

import html
from datetime import datetime, timedelta

import pytest

from portal.directory import presenters
from portal.directory.hours import PARIS
from portal.extensions import db
from portal.moderation import operations as moderation
from portal.search import pagecache
from tests.factories import login, make_partner, make_service, make_user, subneed
from tests.partner_space import hidden_fields, presentation_form

# The search index follows commits: these tests commit for real (see conftest.py).
pytestmark = pytest.mark.committing

TUESDAY_MORNING = datetime(2026, 3, 10, 10, 0, tzinfo=PARIS)
TODAY = TUESDAY_MORNING.date()
CLOSED = "Fermé après un dégât des eaux, colis à la mairie de quartier"


@pytest.fixture()
def listing(own_index, client, monkeypatch):
    """A partner open now (Monday to Friday, 9:00-17:00) with a service, its member logged in,
    and the clock on a Tuesday morning."""
    monkeypatch.setattr(presenters, "now", lambda: TUESDAY_MORNING)
    pagecache.clear()
    partner = make_partner(name="Restos du Cœur Moulins", presentation="Distribution de colis.")
    make_service(partner, [subneed("colis-alimentaire")], name="Colis du mardi")
    member = make_user("partner", partners=[partner])
    assert login(client, member).status_code == 302
    yield partner
    pagecache.clear()


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _add(client, partner, page: str, **fields) -> None:
    tokens = hidden_fields(client.get(f"/espace/{partner.slug}/{page}").get_data(as_text=True))
    assert client.post(f"/espace/{partner.slug}/{page}", data=tokens | fields).status_code == 302


def _admin_queue(app) -> str:
    admin_client = app.test_client()
    assert login(admin_client, make_user("admin")).status_code == 302
    return _text(admin_client.get("/admin/moderation"))


def test_a_closure_is_public_and_in_search_at_once_and_reviewed_afterwards(app, client, listing):
    partner = listing
    found = _text(client.get("/recherche?q=mardi&ouvert=1"))
    assert "Restos du Cœur Moulins" in found and "Ouvert maintenant" in found

    _add(client, partner, "fermetures", start=TODAY.isoformat(),
         end=(TODAY + timedelta(days=10)).isoformat(), message=CLOSED)

    assert "C'est en ligne" in _text(client.get(f"/espace/{partner.slug}"))
    assert moderation.pending_for(partner) is None
    public = _text(client.get(f"/partenaires/{partner.slug}"))
    assert "Fermé temporairement" in public and CLOSED in public
    found = _text(client.get("/recherche?q=mardi"))
    assert "Restos du Cœur Moulins" in found
    assert "Fermé temporairement" in found and CLOSED in found
    assert "Restos du Cœur Moulins" not in _text(client.get("/recherche?q=mardi&ouvert=1"))
    # The team still reads it, afterwards.
    queue = _admin_queue(app)
    assert "Restos du Cœur Moulins" in queue and "Publiée, relecture à venir" in queue


def test_an_exception_this_week_is_public_at_once_one_in_three_weeks_waits(client, listing):
    partner = listing
    soon, later = TODAY + timedelta(days=3), TODAY + timedelta(weeks=3)
    _add(client, partner, "horaires/exceptions", day=soon.isoformat(), closed="y", label="Formation de l'équipe")
    assert moderation.pending_for(partner) is None
    assert "Formation de l'équipe" in _text(client.get(f"/partenaires/{partner.slug}"))

    _add(client, partner, "horaires/exceptions", day=later.isoformat(), closed="y", label="Inventaire annuel")
    pending = moderation.pending_for(partner)
    assert [d["field"] for d in pending.diff] == ["exceptions"]
    assert "Inventaire annuel" in pending.diff[0]["after"][-1]
    public = _text(client.get(f"/partenaires/{partner.slug}"))
    assert "Inventaire annuel" not in public and "Formation de l'équipe" in public


def test_a_mixed_save_publishes_the_closure_and_keeps_the_presentation_waiting(app, client, listing):
    partner = listing
    data = presentation_form(client, partner.slug, presentation="Colis sur orientation uniquement.")
    assert client.post(f"/espace/{partner.slug}/presentation", data=data).status_code == 302
    # The closure is added on top of the pending change: one save, both changes.
    _add(client, partner, "fermetures", start=TODAY.isoformat(),
         end=(TODAY + timedelta(days=2)).isoformat(), message=CLOSED)

    assert "sont en ligne. Le reste sera visible après sa validation" in _text(client.get(f"/espace/{partner.slug}"))
    public = _text(client.get(f"/partenaires/{partner.slug}"))
    assert CLOSED in public
    assert "Distribution de colis." in public and "Colis sur orientation uniquement." not in public
    pending = moderation.pending_for(partner)
    assert [d["field"] for d in pending.diff] == ["presentation"]
    assert pending.base_version == partner.version  # based on the listing with the closure
    queue = _admin_queue(app)
    assert "Publiée, relecture à venir" in queue and "En attente de validation" in queue

    # Approving the presentation later keeps the closure.
    moderation.approve(pending, make_user("admin"))
    db.session.commit()
    public = _text(client.get(f"/partenaires/{partner.slug}"))
    assert CLOSED in public and "Colis sur orientation uniquement." in public
