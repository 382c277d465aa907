"""The two links of a reminder: "Rien n'a changé" confirms once, "Je corrige" opens one listing's
space for a while; a used, expired, forged or foreign link changes nothing."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from portal.db import utcnow
from portal.extensions import db
from portal.mail import outbox
from portal.moderation import campaigns, links
from portal.moderation.campaign_models import CampaignReminder, ListingToken
from portal.moderation.models import Revision
from tests.factories import login, make_partner, make_user
from tests.partner_space import presentation_form


def _revisions(partner) -> int:
    return db.session.scalar(select(func.count()).select_from(Revision).where(Revision.partner_id == partner.id))


@pytest.fixture()
def reminded(app):
    """Two stale listings with an e-mail each, reminded in campaign 2026-11; their links by listing."""
    outbox().clear()
    first = make_partner(name="Épicerie solidaire du Faubourg", email="Contact@Epicerie.fr",
                         phone="03 20 00 00 01", is_trusted=True)
    other = make_partner(name="Maison des Bois-Blancs", email="accueil@mbb.fr")
    report = campaigns.remind("2026-11")
    assert report.sent == 2
    paths = {}
    for message in outbox():
        found = re.findall(r"https?://\S+", message.get_body(("plain",)).get_content())
        slug = first.slug if message["To"] == "contact@epicerie.fr" else other.slug
        paths[slug] = {"confirm": urlsplit(found[0]).path, "correct": urlsplit(found[1]).path}
    return {"first": first, "other": other, "links": paths}


def _reminder(partner) -> CampaignReminder:
    return db.session.scalars(select(CampaignReminder).where(CampaignReminder.partner_id == partner.id)).one()


def test_the_message_carries_a_confirm_link_and_a_correction_link(reminded):
    (message, *_rest) = [m for m in outbox() if m["To"] == "contact@epicerie.fr"]
    text = message.get_body(("plain",)).get_content()
    assert "Rien n'a changé ?" in text and "Quelque chose a changé ?" in text
    paths = reminded["links"][reminded["first"].slug]
    assert paths["confirm"].startswith("/fiche/a-jour/") and paths["correct"].startswith("/fiche/corriger/")
    # Only a hash is stored: the secret in the message is nowhere in the database.
    secret = paths["confirm"].rsplit("/", 1)[1]
    assert db.session.scalar(select(func.count()).select_from(ListingToken)
                             .where(ListingToken.token_hash == secret)) == 0


def test_the_confirm_link_records_a_human_confirmation_once(client, reminded):
    partner, path = reminded["first"], reminded["links"][reminded["first"].slug]["confirm"]

    page = client.get(path)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Épicerie solidaire du Faubourg" in html and "03 20 00 00 01" in html
    assert "Rien n'a changé, je confirme" in html
    # Opening it (a mail scanner does too) confirms nothing; it is counted as opened.
    assert partner.last_confirmed_at is None and _reminder(partner).opened_at is not None
    assert page.headers["Cache-Control"] == "no-store"

    done = client.post(path)
    assert done.status_code == 302 and urlsplit(done.headers["Location"]).path == f"/partenaires/{partner.slug}"
    assert "Merci ! La fiche est confirmée à jour" in client.get(done.headers["Location"]).get_data(as_text=True)
    db.session.expire_all()
    assert partner.last_confirmed_at is not None
    revision = db.session.scalars(select(Revision).where(Revision.partner_id == partner.id)).one()
    assert (revision.kind, revision.status, revision.author, revision.link.purpose) == \
        ("confirm", "approved", None, "confirm")
    assert _reminder(partner).confirmed_at is not None

    confirmed_at = partner.last_confirmed_at
    for again in (client.post(path), client.get(path)):
        assert again.status_code == 410
        html = again.get_data(as_text=True)
        assert "Ce lien a déjà servi" in html and "Épicerie" not in html
    db.session.expire_all()
    assert partner.last_confirmed_at == confirmed_at and _revisions(partner) == 1


def test_an_expired_link_is_refused_and_changes_nothing(client, reminded):
    partner = reminded["first"]
    for token in db.session.scalars(select(ListingToken)):
        token.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()

    for path in reminded["links"][partner.slug].values():
        for response in (client.get(path), client.post(path)):
            html = response.get_data(as_text=True)
            assert response.status_code in (405, 410)
            if response.status_code == 410:
                assert "Ce lien a expiré" in html and "03 20 49 50 00" in html and "Épicerie" not in html
    assert client.get("/espace/" + partner.slug).status_code == 302  # no grant: the login page
    db.session.expire_all()
    assert partner.last_confirmed_at is None and _revisions(partner) == 0


@pytest.mark.parametrize("path", [
    "/fiche/a-jour/jeton-invente", "/fiche/corriger/jeton-invente", "/fiche/a-jour/" + "x" * 500,
])
def test_a_forged_link_is_refused(client, reminded, path):
    for response in (client.get(path), client.post(path)):
        if response.status_code != 405:
            assert response.status_code == 410
            assert "Ce lien n'est pas valable" in response.get_data(as_text=True)
    assert _revisions(reminded["first"]) == _revisions(reminded["other"]) == 0


def test_a_link_works_only_for_its_purpose_and_its_listing(client, reminded):
    first, other = reminded["first"], reminded["other"]
    confirm_secret = reminded["links"][first.slug]["confirm"].rsplit("/", 1)[1]
    # A confirm link pasted into the correction address is not a correction link.
    assert client.get(f"/fiche/corriger/{confirm_secret}").status_code == 410

    assert client.post(reminded["links"][first.slug]["confirm"]).status_code == 302
    db.session.expire_all()
    assert first.last_confirmed_at is not None and other.last_confirmed_at is None
    assert _reminder(other).opened_at is None and _revisions(other) == 0

    client.get(reminded["links"][first.slug]["correct"])
    form = {"name": "Repris", "presentation": "", "base_version": str(other.version), "base_revision": ""}
    for page in ("", "/presentation", "/services", "/horaires", "/fermetures"):
        assert client.get(f"/espace/{other.slug}{page}").status_code == 404
    assert client.post(f"/espace/{other.slug}/presentation", data=form).status_code == 404
    assert client.post(f"/espace/{other.slug}/a-jour").status_code == 404
    assert client.get("/espace").status_code == 404  # no list of listings, no account features
    db.session.expire_all()
    assert other.name == "Maison des Bois-Blancs" and _revisions(other) == 0


def test_the_correction_link_edits_only_its_listing_and_the_change_waits_for_review(client, reminded):
    partner = reminded["first"]
    opened = client.get(reminded["links"][partner.slug]["correct"])
    assert opened.status_code == 302 and urlsplit(opened.headers["Location"]).path == f"/espace/{partner.slug}"
    overview = client.get(f"/espace/{partner.slug}").get_data(as_text=True)
    assert "Vous modifiez cette fiche grâce au lien reçu par e-mail" in overview
    assert "Mon espace partenaire" not in overview
    assert _reminder(partner).opened_at is not None and _reminder(partner).corrected_at is None

    form = presentation_form(client, partner.slug, phone="03 20 99 99 99")
    saved = client.post(f"/espace/{partner.slug}/presentation", data=form)
    assert saved.status_code == 302
    assert "sera visible après sa validation" in client.get(saved.headers["Location"]).get_data(as_text=True)

    db.session.expire_all()
    revision = db.session.scalars(select(Revision).where(Revision.partner_id == partner.id)).one()
    # Even for a trusted partner: a change without an account always waits for an administrator.
    assert (revision.status, revision.author, revision.link.purpose) == ("pending", None, "correct")
    assert partner.phone == "03 20 00 00 01"
    public = client.get(f"/partenaires/{partner.slug}").get_data(as_text=True)
    assert "03 20 99 99 99" not in public
    assert _reminder(partner).corrected_at is not None


def test_up_to_date_in_the_space_opened_by_link_is_recorded_with_the_link(client, reminded):
    partner = reminded["first"]
    client.get(reminded["links"][partner.slug]["correct"])
    response = client.post(f"/espace/{partner.slug}/a-jour")
    assert response.status_code == 307
    done = client.post(response.headers["Location"])
    assert urlsplit(done.headers["Location"]).path == f"/espace/{partner.slug}"
    db.session.expire_all()
    revision = db.session.scalars(select(Revision).where(Revision.partner_id == partner.id)).one()
    assert (revision.kind, revision.author, revision.link.purpose) == ("confirm", None, "correct")
    assert partner.last_confirmed_at is not None and _reminder(partner).confirmed_at is not None


def test_the_space_opened_by_link_closes_after_two_idle_hours_or_when_done(client, reminded):
    partner = reminded["first"]
    client.get(reminded["links"][partner.slug]["correct"])
    assert client.get(f"/espace/{partner.slug}").status_code == 200
    with client.session_transaction() as session:
        held = session[links.SESSION_KEY]
        session[links.SESSION_KEY] = held | {"until": (utcnow() - timedelta(seconds=1)).timestamp()}
    assert client.get(f"/espace/{partner.slug}").status_code == 302  # to the login page

    client.get(reminded["links"][partner.slug]["correct"])  # the link itself still works
    assert client.get(f"/espace/{partner.slug}").status_code == 200
    client.post("/fiche/lien/terminer")
    assert client.get(f"/espace/{partner.slug}").status_code == 302


def test_a_member_logged_in_keeps_editing_as_a_member(client, reminded):
    partner = reminded["first"]
    member = make_user("partner", partners=[partner])
    login(client, member)
    client.get(reminded["links"][partner.slug]["correct"])
    page = client.get(f"/espace/{partner.slug}").get_data(as_text=True)
    assert "grâce au lien reçu par e-mail" not in page
    client.post(f"/espace/{partner.slug}/presentation",
                data=presentation_form(client, partner.slug, phone="03 20 11 11 11"))
    db.session.expire_all()
    revision = db.session.scalars(select(Revision).where(Revision.partner_id == partner.id)).one()
    # A trusted partner's member publishes at once, as without the link.
    assert (revision.author, revision.link, revision.status) == (member, None, "applied")


def test_a_new_campaign_retires_the_links_of_the_earlier_one(client, reminded):
    partner = reminded["first"]
    old = reminded["links"][partner.slug]
    outbox().clear()
    campaigns.remind("relance-decembre")
    for path in old.values():
        response = client.get(path)
        assert response.status_code == 410 and "Ce lien a expiré" in response.get_data(as_text=True)
    (message,) = [m for m in outbox() if m["To"] == "contact@epicerie.fr"]
    new_confirm = urlsplit(re.findall(r"https?://\S+", message.get_body(("plain",)).get_content())[0]).path
    assert client.get(new_confirm).status_code == 200


def test_history_names_a_change_made_through_a_link(app, reminded):
    from portal.templating import revision_author

    partner = reminded["first"]
    token = db.session.scalars(select(ListingToken).where(ListingToken.partner_id == partner.id,
                                                          ListingToken.purpose == "confirm")).one()
    revision = links.confirm(token)
    with app.test_request_context():
        assert revision_author(revision) == "lien reçu par e-mail"
