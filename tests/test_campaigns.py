"""Freshness: which listings are stale, and the reminder campaigns sent to their members."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest

from portal.db import utcnow
from portal.extensions import db
from portal.moderation import queries
from portal.moderation.campaigns import default_key
from tests.factories import login, make_partner, make_user
from tests.mailbox import smtp_server  # noqa: F401 (fixture)

NOW = datetime(2026, 11, 15, 10, 0, tzinfo=UTC)


def _months_ago(months: int, now: datetime = NOW) -> datetime:
    return now - timedelta(days=30.5 * months)


def test_stale_means_never_confirmed_or_confirmed_more_than_six_months_ago(app):
    old = make_partner(name="Confirmée il y a 7 mois", last_confirmed_at=_months_ago(7))
    make_partner(name="Confirmée il y a 2 mois", last_confirmed_at=_months_ago(2))
    never = make_partner(name="Jamais confirmée", last_confirmed_at=None)
    make_partner(name="Brouillon jamais confirmé", status="draft")

    stale = db.session.scalars(queries.stale_partners(NOW)).all()

    # Drafts are not public, so nobody is asked to confirm them; never-confirmed come first.
    assert stale == [never, old]


def test_the_delay_comes_from_the_configuration(app, monkeypatch):
    partner = make_partner(last_confirmed_at=_months_ago(2))
    monkeypatch.setitem(app.config, "PORTAL_STALE_AFTER_DAYS", 30)
    assert db.session.scalars(queries.stale_partners(NOW)).all() == [partner]


@pytest.fixture()
def listings(app):
    """A stale partner with two active members and a closed account, a fresh one, a stale one alone."""
    now = utcnow()
    stale = make_partner(name="Épicerie des Bois-Blancs", last_confirmed_at=_months_ago(7, now))
    fresh = make_partner(name="Centre social Wazemmes", last_confirmed_at=_months_ago(2, now))
    lonely = make_partner(name="Association sans membre", last_confirmed_at=None)
    members = [make_user("partner", partners=[stale], email=e) for e in ("ana@asso.fr", "bruno@asso.fr")]
    make_user("partner", partners=[stale], email="parti@asso.fr", is_active=False)
    make_user("partner", partners=[fresh], email="claire@centre.fr")
    return {"stale": stale, "fresh": fresh, "lonely": lonely, "members": members}


def _remind(app, *extra):
    result = app.test_cli_runner().invoke(args=["campaigns", "remind", *extra])
    assert result.exit_code == 0, result.output
    return result.output


def test_remind_mails_each_member_of_each_stale_listing_once(app, client, listings, smtp_server):  # noqa: F811
    output = _remind(app, "--campaign", "2026-11")

    assert sorted(r for m in smtp_server.messages for r in m.recipients) == ["ana@asso.fr", "bruno@asso.fr"]
    assert "Rappels envoyés : 2." in output
    assert "Fiches sans membre à prévenir : 1." in output
    message = smtp_server.to("ana@asso.fr")[0]
    assert message.subject == "Votre fiche « Épicerie des Bois-Blancs » est-elle toujours à jour ?"
    (link,) = message.links()
    assert urlsplit(link).path == f"/espace/{listings['stale'].slug}"
    # The link leads the member, once logged in, to the partner's space.
    login(client, listings["members"][0])
    assert client.get(urlsplit(link).path).status_code == 200


def test_running_the_same_campaign_again_sends_nothing_new(app, listings, smtp_server):  # noqa: F811
    _remind(app, "--campaign", "2026-11")
    output = _remind(app, "--campaign", "2026-11")

    assert len(smtp_server.messages) == 2
    assert "Rappels envoyés : 0." in output
    assert "Déjà envoyés lors de cette campagne : 2." in output


def test_a_new_campaign_reminds_again(app, listings, smtp_server):  # noqa: F811
    _remind(app, "--campaign", "2026-11")
    _remind(app, "--campaign", "relance-decembre")

    assert len(smtp_server.to("ana@asso.fr")) == 2
    listed = app.test_cli_runner().invoke(args=["campaigns", "list"]).output
    assert "2026-11" in listed and "relance-decembre" in listed and "2 rappels" in listed


def test_the_default_campaign_is_the_current_month(app, listings, smtp_server):  # noqa: F811
    output = _remind(app)
    assert f"Campagne {default_key()} :" in output
    assert default_key(datetime(2026, 11, 30, 23, 30, tzinfo=UTC)) == "2026-12"  # already December in Lille
    assert len(smtp_server.messages) == 2
    _remind(app)
    assert len(smtp_server.messages) == 2


def test_a_member_confirming_later_is_no_longer_reminded(app, listings, smtp_server):  # noqa: F811
    listings["stale"].last_confirmed_at = utcnow()
    db.session.commit()
    output = _remind(app, "--campaign", "2026-11")
    assert smtp_server.messages == []
    assert "Rappels envoyés : 0." in output


def test_administrators_see_the_stale_listings(client, listings):
    login(client, make_user("admin"))
    page = client.get("/admin/fiches-anciennes").get_data(as_text=True)

    assert "Épicerie des Bois-Blancs" in page and "Association sans membre" in page
    assert "Centre social Wazemmes" not in page
    assert "jamais" in page
    assert f"/admin/partenaires/{listings['stale'].slug}/historique" in page
    row = page.split("Épicerie des Bois-Blancs</a>")[1].split("</tr>")[0]
    assert "<td>2</td>" in row.replace(" ", "")  # two active members; the closed account does not count
