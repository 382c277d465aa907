"""Freshness: which listings are stale, and the reminder campaigns sent to their members and addresses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import delete, select

from portal.db import utcnow
from portal.extensions import db
from portal.moderation import campaigns, links, queries
from portal.moderation.campaign_models import Campaign, CampaignReminder, ListingToken
from portal.moderation.campaigns import default_key
from tests.factories import login, make_partner, make_user
from tests.mailbox import free_port, loopback_smtp, refusing_server, smtp_server  # noqa: F401 (fixtures)
from tests.partner_space import presentation_form

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
    assert "Fiches sans adresse e-mail : 1." in output
    message = smtp_server.to("ana@asso.fr")[0]
    assert message.subject == "Votre fiche « Épicerie des Bois-Blancs » est-elle toujours à jour ?"
    confirm, correct, space = (urlsplit(link).path for link in message.links())
    assert confirm.startswith("/fiche/a-jour/") and correct.startswith("/fiche/corriger/")
    assert space == f"/espace/{listings['stale'].slug}"
    # The last link leads the member, once logged in, to the partner's space.
    login(client, listings["members"][0])
    assert client.get(space).status_code == 200


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


# Per-listing frequency, addresses without an account, failures, progress ----------------------


def test_each_listing_is_stale_after_its_own_update_frequency(app):
    monthly = make_partner(name="Mensuelle", update_frequency="monthly", last_confirmed_at=NOW - timedelta(days=40))
    yearly = make_partner(name="Annuelle", update_frequency="yearly", last_confirmed_at=NOW - timedelta(days=200))
    default = make_partner(name="Par défaut", last_confirmed_at=NOW - timedelta(days=200))
    make_partner(name="Récente", last_confirmed_at=NOW - timedelta(days=20), update_frequency="monthly")

    assert db.session.scalars(queries.stale_partners(NOW)).all() == [default, monthly]
    # A campaign's months override the frequencies.
    assert db.session.scalars(queries.stale_partners(NOW, months=6)).all() == [yearly, default]
    assert db.session.scalar(queries.stale_count(NOW)) == 2


def test_a_listing_without_members_is_written_to_at_its_contact_address(app, smtp_server):  # noqa: F811
    make_partner(name="Public seulement", email="Accueil@Asso.fr", last_confirmed_at=None)
    make_partner(name="Contact et public", email="public@asso.fr", contact_email="ccas@asso.fr")
    shared = make_partner(name="Membre au même e-mail", email="ana@asso.fr")
    make_user("partner", partners=[shared], email="ana@asso.fr")

    report = campaigns.remind("2026-11")

    assert sorted(r for m in smtp_server.messages for r in m.recipients) == \
        ["accueil@asso.fr", "ana@asso.fr", "ccas@asso.fr"]
    assert (report.sent, report.without_address) == (3, 0)


def test_a_refused_delivery_is_recorded_and_the_run_goes_on(app, refusing_server):  # noqa: F811
    first = make_partner(name="A refusée", email="inconnu@asso.fr")
    second = make_partner(name="B reçue", email="ok@asso.fr")

    report = campaigns.remind("2026-11")

    assert (report.sent, report.failed) == (1, 1)
    assert [m.recipients for m in refusing_server.messages] == [["ok@asso.fr"]]
    failed = db.session.scalars(select(CampaignReminder).where(CampaignReminder.partner_id == first.id)).one()
    assert failed.failed_at is not None and failed.error.startswith("550") and "Mailbox unknown" in failed.error
    # The links of the message nobody received do not work.
    assert all(not t.is_usable() for t in db.session.scalars(select(ListingToken).where(
        ListingToken.partner_id == first.id)))
    assert campaigns.progress(report.campaign) == {
        "listings": 2, "sent": 1, "failed": 1, "opened": 0, "confirmed": 0, "corrected": 0,
        "without_address": 0}
    statuses = {(p.name, r.failed_at is not None) for p, r in db.session.execute(
        campaigns.listing_statuses(report.campaign))}
    assert statuses == {("A refusée", True), ("B reçue", False)}

    # The address is corrected: the next run sends only the failed one, and it is sent now.
    first.contact_email = "bon@asso.fr"
    db.session.commit()
    again = campaigns.remind("2026-11")
    assert (again.sent, again.already_sent, again.failed) == (1, 1, 0)
    assert refusing_server.messages[-1].recipients == ["bon@asso.fr"]
    assert second.id  # untouched, not sent twice
    assert len(refusing_server.messages) == 2


def test_a_mail_server_that_does_not_answer_is_recorded_per_message(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())  # nothing listens there
    for n in range(3):
        make_partner(name=f"Lieu {n}", email=f"lieu{n}@asso.fr")

    output = _remind(app, "--campaign", "2026-11")

    assert "Envois refusés (réessayés à la prochaine exécution) : 3." in output
    reminders = db.session.scalars(select(CampaignReminder)).all()
    assert len(reminders) == 3 and all(r.failed_at and "ConnectionRefusedError" in r.error for r in reminders)
    assert all(r.sent_at is None for r in reminders)


def test_progress_counts_what_became_of_the_messages(app, client, smtp_server):  # noqa: F811
    confirmed = make_partner(name="Confirmée", email="a@asso.fr")
    corrected = make_partner(name="Corrigée", email="b@asso.fr")
    make_partner(name="Ouverte", email="c@asso.fr")
    make_partner(name="Sans adresse")
    report = campaigns.remind("2026-11")
    by_address = {m.recipients[0]: [urlsplit(link).path for link in m.links()] for m in smtp_server.messages}

    client.post(by_address["a@asso.fr"][0])
    client.get(by_address["b@asso.fr"][1])
    client.post(f"/espace/{corrected.slug}/presentation",
                data=presentation_form(client, corrected.slug, phone="03 20 12 34 56"))
    client.get(by_address["c@asso.fr"][0])

    assert campaigns.progress(report.campaign) == {
        "listings": 4, "sent": 3, "failed": 0, "opened": 3, "confirmed": 1, "corrected": 1,
        "without_address": 1}
    assert confirmed.last_confirmed_at is not None


# The campaign over the demo data ------------------------------------------------------------


@pytest.fixture()
def demo_smtp(demo_app):
    """A loopback SMTP server for the demo application; the campaign's rows are removed after."""
    with loopback_smtp(demo_app.config) as mailbox, demo_app.app_context():
        try:
            yield mailbox
        finally:
            db.session.rollback()
            db.session.execute(delete(ListingToken))
            db.session.execute(delete(Campaign))
            db.session.commit()


def test_a_campaign_over_the_demo_writes_once_to_every_listing_with_an_address(demo_smtp):
    now = utcnow()
    stale = db.session.scalars(queries.stale_partners(now)).all()
    expected = {p.id for p in stale if p.contact_email or p.email}
    assert len(expected) > 300 and not any(p.members for p in stale)

    report = campaigns.remind("demo-2026", now=now)

    assert report.sent == len(demo_smtp.messages) == len(expected)
    assert report.without_address == len(stale) - len(expected) and report.failed == 0
    # Each listing got exactly one message, to its own address, and its links name it alone.
    reached = []
    for message in demo_smtp.messages:
        secret = urlsplit(message.links()[0]).path.rsplit("/", 1)[1]
        token = links.find(secret, "confirm")
        reached.append(token.partner_id)
        partner = token.partner
        assert message.recipients == [(partner.contact_email or partner.email).lower()]
        assert partner.name in message.subject
    assert sorted(reached) == sorted(expected)

    again = campaigns.remind("demo-2026", now=now)
    assert (again.sent, again.already_sent) == (0, len(expected))
    assert len(demo_smtp.messages) == len(expected)
    assert campaigns.progress(report.campaign) == {
        "listings": len(stale), "sent": len(expected), "failed": 0, "opened": 0, "confirmed": 0,
        "corrected": 0, "without_address": len(stale) - len(expected)}


def test_a_run_with_a_time_budget_leaves_the_rest_for_the_next_one(app, listings, smtp_server):  # noqa: F811
    """A page launching a campaign stops starting messages when its time is up; the next run
    sends exactly what is left."""
    first = campaigns.remind("2026-11", seconds=0)
    db.session.commit()
    assert (first.sent, first.remaining) == (1, 1)
    second = campaigns.remind("2026-11")
    db.session.commit()
    assert (second.sent, second.already_sent, second.remaining) == (1, 1, 0)
    assert sorted(r for m in smtp_server.messages for r in m.recipients) == ["ana@asso.fr", "bruno@asso.fr"]


def test_an_invitation_never_accepted_is_not_a_member_to_remind(app, listings, smtp_server):  # noqa: F811
    """Someone invited who never chose a password has no account to speak of: the reminder
    goes to the listing's address, not as to a member."""
    invited = make_user("partner", partners=[listings["lonely"]], email="pas-encore@asso.fr")
    invited.password_hash = None
    db.session.commit()
    ids = [p for p, _user in db.session.execute(queries.members_to_remind([listings["lonely"].id]))]
    assert ids == []
