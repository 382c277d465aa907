"""Reminder campaigns from the back office: choose, check what will be sent, send, follow; and
each listing's contact address and update frequency."""

from __future__ import annotations

import html
from datetime import timedelta

from sqlalchemy import select

from portal.db import utcnow
from portal.extensions import db
from portal.moderation import campaigns
from portal.moderation.campaign_models import Campaign
from tests.factories import login, make_partner, make_user
from tests.mailbox import smtp_server  # noqa: F401 (fixture)


def _admin(client):
    login(client, make_user("admin"))


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_the_new_campaign_page_previews_the_message_of_a_real_listing(client):
    make_partner(name="Bagagerie solidaire", email="bagagerie@asso.fr")
    _admin(client)
    page = _text(client.get("/admin/campagnes/nouvelle"))

    assert "Votre fiche « Bagagerie solidaire » est-elle toujours à jour ?" in page
    assert "bagagerie@asso.fr" in page and "[lien « Rien n'a changé »]" in page
    assert f'value="{campaigns.default_key()}"' in page and 'value="6"' in page


def test_bad_input_is_said_next_to_the_field_and_kept(client):
    db.session.add(Campaign(key="deja-prise", kind="remind"))
    db.session.commit()
    _admin(client)

    response = client.post("/admin/campagnes/nouvelle",
                           data={"scope": "months", "months": "0", "key": "deja-prise", "step": "check"})
    assert response.status_code == 422
    page = _text(response)
    assert page.count("Indiquez un nombre de mois entre 1 et 36, par exemple 6.") == 2  # summary, field
    assert "Une campagne porte déjà ce nom" in page
    assert 'value="0"' in page and 'value="deja-prise"' in page
    assert 'aria-invalid="true"' in page

    response = client.post("/admin/campagnes/nouvelle",
                           data={"scope": "months", "months": "six", "key": "ma-campagne", "step": "send"})
    assert response.status_code == 422 and 'value="six"' in _text(response)
    assert db.session.scalar(select(Campaign).where(Campaign.key == "ma-campagne")) is None


def test_check_then_send_then_follow(client, smtp_server):  # noqa: F811
    now = utcnow()
    make_partner(name="Vieille fiche", email="vieille@asso.fr", last_confirmed_at=now - timedelta(days=200))
    make_partner(name="Fiche récente", email="recente@asso.fr", last_confirmed_at=now - timedelta(days=20))
    make_partner(name="Jamais confirmée, sans adresse")
    _admin(client)
    form = {"scope": "months", "months": "3", "key": "relance-test"}

    check = client.post("/admin/campagnes/nouvelle", data=form | {"step": "check"})
    assert check.status_code == 200
    page = _text(check)
    assert "1 fiche recevra le message" in page and "1 fiche n'a aucune adresse" in page
    assert smtp_server.messages == []  # nothing leaves before the confirmation

    sent = client.post("/admin/campagnes/nouvelle", data=form | {"step": "send"})
    assert sent.status_code == 302
    assert [m.recipients for m in smtp_server.messages] == [["vieille@asso.fr"]]
    campaign = db.session.scalars(select(Campaign).where(Campaign.key == "relance-test")).one()
    assert (campaign.months, campaign.created_by.role) == (3, "admin")

    page = _text(client.get(sent.headers["Location"]))
    counts = campaigns.progress(campaign)
    assert counts == {"listings": 2, "sent": 1, "failed": 0, "opened": 0, "confirmed": 0, "corrected": 0,
                      "without_address": 1}
    for label, figure in (("Fiches concernées", 2), ("Messages envoyés", 1), ("Échecs d'envoi", 0),
                          ("Fiches jamais atteintes (aucune adresse)", 1)):
        assert f"<dt>{label}</dt><dd>{figure}</dd>" in page
    assert "Rappel envoyé" in page.split("Vieille fiche</a>")[1].split("</tr>")[0]
    unreached = _text(client.get(f"/admin/campagnes/{campaign.id}?statut=jamais-atteinte"))
    assert "Jamais confirmée, sans adresse" in unreached and "Vieille fiche</a>" not in unreached
    assert client.get(f"/admin/campagnes/{campaign.id}?statut=nimporte").status_code == 404

    listed = _text(client.get("/admin/campagnes"))
    assert "relance-test" in listed and "Rappel" in listed

    # Sent again from its page, the campaign writes to nobody twice.
    client.post(f"/admin/campagnes/{campaign.id}/relancer")
    assert len(smtp_server.messages) == 1


def test_a_campaign_by_each_listings_frequency(client, smtp_server):  # noqa: F811
    now = utcnow()
    make_partner(name="Mensuelle", email="mensuelle@asso.fr", update_frequency="monthly",
                 last_confirmed_at=now - timedelta(days=40))
    make_partner(name="Annuelle", email="annuelle@asso.fr", update_frequency="yearly",
                 last_confirmed_at=now - timedelta(days=200))
    _admin(client)

    form = {"scope": "frequency", "months": "", "key": "selon-frequence"}
    assert "1 fiche recevra le message" in _text(client.post("/admin/campagnes/nouvelle",
                                                             data=form | {"step": "check"}))
    client.post("/admin/campagnes/nouvelle", data=form | {"step": "send"})
    assert [m.recipients for m in smtp_server.messages] == [["mensuelle@asso.fr"]]


def test_contact_address_and_frequency_of_a_listing(client):
    partner = make_partner(name="Point d'accès", email="public@pad.fr", last_confirmed_at=None)
    _admin(client)
    url = f"/admin/partenaires/{partner.slug}/suivi"
    assert "Tous les trois mois" in _text(client.get(url))

    bad = client.post(url, data={"contact_email": "pas une adresse", "update_frequency": "quarterly"})
    assert bad.status_code == 422
    page = _text(bad)
    assert "Cette adresse e-mail n'est pas valide" in page and 'value="pas une adresse"' in page

    assert client.post(url, data={"contact_email": " Direction@PAD.fr ",
                                  "update_frequency": "quarterly"}).status_code == 302
    db.session.refresh(partner)
    assert (partner.contact_email, partner.update_frequency) == ("direction@pad.fr", "quarterly")
    stale = _text(client.get("/admin/fiches-anciennes"))
    row = stale.split("Point d'accès</a>")[1].split("</tr>")[0]
    assert "Tous les trois mois" in row and "direction@pad.fr" in row

    # Emptied, the campaigns write to the public address again, at the site's default pace.
    client.post(url, data={"contact_email": "", "update_frequency": ""})
    db.session.refresh(partner)
    assert (partner.contact_email, partner.update_frequency) == ("", "")
