"""Onboarding: every listing nobody keeps is invited to claim it, once per campaign, and the
campaign's page says what became of each invitation."""

from __future__ import annotations

import html
import time
from collections import Counter
from urllib.parse import urlsplit

import pytest
from sqlalchemy import delete, select

from portal.accounts.models import User
from portal.directory.models import Partner
from portal.extensions import db
from portal.moderation import campaigns, onboarding
from portal.moderation.campaign_models import Campaign, CampaignReminder
from tests.factories import PASSWORD, login, make_partner, make_user
from tests.mailbox import loopback_smtp, refusing_server, smtp_server  # noqa: F401 (fixtures)


def _invite(app, *extra) -> str:
    result = app.test_cli_runner().invoke(args=["campaigns", "invite", *extra])
    assert result.exit_code == 0, result.output
    return result.output


def _campaign(key: str) -> Campaign:
    return db.session.scalars(select(Campaign).where(Campaign.key == key)).one()


def test_one_invitation_per_address_and_one_account_keeps_its_listings(app, smtp_server):  # noqa: F811
    mairie = [make_partner(name=f"Mairie de quartier {n}", email="accueil@mairie.fr") for n in (1, 2)]
    private = make_partner(name="Épicerie solidaire", email="public@epicerie.fr", contact_email="Direction@Epicerie.fr")
    kept = make_partner(name="Déjà tenue", email="tenue@asso.fr")
    make_user("partner", partners=[kept], email="membre@asso.fr")
    make_partner(name="Sans adresse")
    make_partner(name="Brouillon", email="brouillon@asso.fr", status="draft")

    output = _invite(app, "--campaign", "invitations-test")

    assert sorted(r for m in smtp_server.messages for r in m.recipients) == ["accueil@mairie.fr",
                                                                            "direction@epicerie.fr"]
    assert "Invitations envoyées : 2 e-mails pour 3 fiches." in output
    assert "Fiches sans membre ni adresse e-mail : 1." in output
    message = smtp_server.to("accueil@mairie.fr")[0]
    assert message.subject == "Réclamez vos 2 fiches dans l'annuaire de Lille"
    assert "Mairie de quartier 1" in message.text and "Mairie de quartier 2" in message.text
    assert "Réclamez votre fiche" in message.text
    # One account, member of both listings, that the link opens once a password is chosen.
    account = db.session.scalars(select(User).where(User.email == "accueil@mairie.fr")).one()
    assert {p.id for p in account.partners} == {p.id for p in mairie}
    (link,) = message.links()
    assert urlsplit(link).path.startswith("/invitation/")
    single = smtp_server.to("direction@epicerie.fr")[0]
    assert single.subject == f"Réclamez votre fiche « {private.name} » dans l'annuaire de Lille"


def test_running_the_campaign_again_invites_nobody_twice(app, smtp_server):  # noqa: F811
    for n in range(3):
        make_partner(name=f"Lieu {n}", email=f"lieu{n}@asso.fr")
    _invite(app, "--campaign", "invitations-test")
    output = _invite(app, "--campaign", "invitations-test")

    assert len(smtp_server.messages) == 3
    assert "Invitations envoyées : 0 e-mails pour 0 fiches." in output
    assert "Déjà invitées lors de cette campagne : 3." in output
    # A new campaign writes again to those who have not accepted yet, with a fresh link.
    _invite(app, "--campaign", "invitations-relance")
    assert len(smtp_server.to("lieu0@asso.fr")) == 2


def test_accounts_already_there(app, smtp_server):  # noqa: F811
    active_place, pending_place = make_partner(name="Autre lieu"), make_partner(name="Lieu en attente")
    in_use = make_partner(name="Nouvelle fiche du membre", email="membre@asso.fr")
    make_user("partner", partners=[active_place], email="membre@asso.fr")
    pending_user = make_user("partner", partners=[pending_place], email="attente@asso.fr", password=None)
    waiting = make_partner(name="Seconde fiche", email="attente@asso.fr")
    make_user("admin", email="equipe@ccas.fr")
    make_partner(name="Fiche à l'adresse de l'équipe", email="equipe@ccas.fr")

    output = _invite(app, "--campaign", "invitations-test")

    # A member already using the site becomes a member of the listing too, and is told so.
    member_mail = smtp_server.to("membre@asso.fr")[0]
    assert "Vous avez déjà un compte" in member_mail.text and in_use.name in member_mail.text
    assert urlsplit(member_mail.links()[0]).path == "/connexion"
    assert in_use in db.session.scalars(select(User).where(User.email == "membre@asso.fr")).one().partners
    # An invitation not accepted yet is refreshed and keeps the listings it had.
    assert {p.name for p in pending_user.partners} == {"Lieu en attente", waiting.name}
    assert urlsplit(smtp_server.to("attente@asso.fr")[0].links()[0]).path.startswith("/invitation/")
    # An administrator's address is left alone.
    assert smtp_server.to("equipe@ccas.fr") == []
    assert "Adresses d'un autre type de compte, ignorées : 1." in output


def test_accepting_then_confirming_shows_on_the_progress_page(app, client, smtp_server):  # noqa: F811
    partner = make_partner(name="Centre social", email="centre@asso.fr")
    _invite(app, "--campaign", "invitations-test")
    link = urlsplit(smtp_server.messages[0].links()[0]).path

    new_password = "un mot de passe choisi par le centre"
    response = client.post(link, data={"password": new_password, "confirm": new_password})
    assert response.status_code == 302
    assert client.post(f"/espace/{partner.slug}/a-jour").status_code == 302
    client.post("/deconnexion")

    campaign = _campaign("invitations-test")
    login(client, make_user("admin"))
    page = client.get(f"/admin/campagnes/{campaign.id}").get_data(as_text=True)
    assert campaigns.progress(campaign) == {"listings": 1, "sent": 1, "failed": 0, "opened": 1,
                                            "confirmed": 1, "corrected": 0, "without_address": 0}
    assert "Confirmée" in page.split("Centre social</a>")[1].split("</tr>")[0]


def test_a_refused_invitation_is_recorded_shown_and_tried_again(app, client, refusing_server):  # noqa: F811
    refused = make_partner(name="Adresse fausse", email="inconnu@asso.fr")
    make_partner(name="Adresse juste", email="juste@asso.fr")
    login(client, make_user("admin"))

    response = client.post("/admin/campagnes/invitations", data={"key": "invitations-test"})
    assert response.status_code == 302
    page = html.unescape(client.get(response.headers["Location"]).get_data(as_text=True))

    assert [m.recipients for m in refusing_server.messages] == [["juste@asso.fr"]]
    row = page.split("Adresse fausse</a>")[1].split("</tr>")[0]
    assert "Échec d'envoi : 550 5.1.1 Mailbox unknown" in row
    failed_only = client.get(f"{urlsplit(response.headers['Location']).path}?statut=echec").get_data(as_text=True)
    assert "Adresse fausse" in failed_only and "Adresse juste" not in failed_only

    # Corrected, the address gets its invitation from "Envoyer ce qui manque"; nobody twice.
    refused.email = "corrigee@asso.fr"
    db.session.commit()
    campaign = _campaign("invitations-test")
    client.post(f"/admin/campagnes/{campaign.id}/relancer")
    assert [m.recipients for m in refusing_server.messages] == [["juste@asso.fr"], ["corrigee@asso.fr"]]


def test_a_page_sends_for_a_limited_time_and_the_rest_waits(app, client, smtp_server):  # noqa: F811
    for n in range(3):
        make_partner(name=f"Lieu {n}", email=f"lieu{n}@asso.fr")
    report = onboarding.invite_all("invitations-test", seconds=0)
    db.session.commit()

    assert (report.messages, report.remaining) == (1, 2)
    assert campaigns.progress(report.campaign)["listings"] == 3
    login(client, make_user("admin"))
    waiting = client.get(f"/admin/campagnes/{report.campaign.id}?statut=en-attente").get_data(as_text=True)
    assert waiting.count('<td data-label="État">Pas encore envoyée</td>') == 2
    client.post(f"/admin/campagnes/{report.campaign.id}/relancer")
    assert len(smtp_server.messages) == 3


def test_the_invitations_page_counts_and_shows_the_message(app, client):
    make_partner(name="Maison de quartier", email="maison@asso.fr")
    make_partner(name="Sans adresse")
    db.session.add(Campaign(key="2026-11", kind="remind"))
    db.session.commit()
    login(client, make_user("admin"))

    page = client.get("/admin/campagnes/invitations").get_data(as_text=True)
    assert "1 fiche sans membre a une adresse" in page
    assert "1 fiche sans membre n'a aucune adresse" in html.unescape(page)
    assert "Réclamez votre fiche « Maison de quartier »" in page
    # The name of a reminder campaign cannot be taken again: said next to the field, kept.
    response = client.post("/admin/campagnes/invitations", data={"key": "2026-11"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Une campagne porte déjà ce nom" in page and 'value="2026-11"' in page


# The invitations over the demo data ----------------------------------------------------------


@pytest.fixture()
def demo_invitations(demo_app):
    """A loopback SMTP server for the demo application; what the campaign wrote is removed after."""
    with loopback_smtp(demo_app.config) as mailbox, demo_app.app_context():
        accounts_before = set(db.session.scalars(select(User.id)))
        try:
            yield mailbox
        finally:
            db.session.rollback()
            db.session.execute(delete(CampaignReminder))
            db.session.execute(delete(Campaign))
            for user in db.session.scalars(select(User).where(User.id.not_in(accounts_before))):
                db.session.delete(user)
            db.session.commit()


def test_invitations_over_the_demo_reach_every_unclaimed_listing_once(demo_app, demo_invitations):
    expected = {p.id: onboarding.address_of(p) for p in db.session.scalars(onboarding.unclaimed())}
    assert len(expected) > 400

    started = time.monotonic()
    output = _invite(demo_app, "--campaign", "invitations-demo")
    elapsed = time.monotonic() - started

    # Exactly one message per address (listings sharing one get a single message)...
    received = Counter(r for m in demo_invitations.messages for r in m.recipients)
    assert set(received) == set(expected.values()) and set(received.values()) == {1}
    # ...and each listing is named in the message its address received.
    texts = {m.recipients[0]: m.text for m in demo_invitations.messages}
    partners = {p.id: p for p in db.session.scalars(select(Partner).where(Partner.id.in_(expected)))}
    assert all(partners[pid].name in texts[address] for pid, address in expected.items())
    assert f"e-mails pour {len(expected)} fiches." in output
    print(f"\n{len(demo_invitations.messages)} invitations in {elapsed:.1f} s")

    again = _invite(demo_app, "--campaign", "invitations-demo")
    assert len(demo_invitations.messages) == len(received)
    assert "Invitations envoyées : 0 e-mails pour 0 fiches." in again

    # The progress page says what the campaign did, as the mail server counted it.
    campaign = _campaign("invitations-demo")
    counts = campaigns.progress(campaign)
    assert counts["sent"] == len(expected) and counts["failed"] == 0
    client = demo_app.test_client()
    admin = make_user("admin", email="admin.invitations@exemple.fr")
    assert login(client, admin, PASSWORD).status_code == 302
    page = client.get(f"/admin/campagnes/{campaign.id}").get_data(as_text=True)
    shown = dict(zip(("listings", "sent", "addresses", "failed", "opened", "confirmed", "corrected",
                      "without_address"),
                     (int(n) for n in _counts_on(page)), strict=True))
    assert shown == {**counts, "addresses": len(received)}


def _counts_on(page: str) -> list[str]:
    """The figures of the progress page's counts, in order."""
    block = page.split('<dl class="counts">')[1].split("</dl>")[0]
    return [part.split("</dd>")[0] for part in block.split("<dd>")[1:]]
