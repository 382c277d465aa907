"""Workshops are moderated like the listing: what residents see waits for the CCAS team unless
the partner is trusted; cancellations and full dates are published at once, whoever sends them."""

from __future__ import annotations

import html
from datetime import date, datetime

import pytest
from sqlalchemy import select

from portal.directory import presenters
from portal.extensions import db
from portal.workshops import queries
from portal.workshops.models import Workshop
from portal.workshops.recurrence import PARIS
from tests.factories import login, make_partner, make_user, make_workshop, subneed
from tests.test_workshop_editing import valid

MONDAY = datetime(2027, 1, 4, 10, 0, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def _monday(monkeypatch):
    monkeypatch.setattr(presenters, "now", lambda: MONDAY)


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True)).replace("\xa0", " ")


def _visible_titles() -> set[str]:
    return {w.title for w in db.session.scalars(queries.visible_workshops())}


def _member_of(client, partner):
    assert login(client, make_user("partner", partners=[partner])).status_code == 302


def _as_admin(app):
    admin_client = app.test_client()
    assert login(admin_client, make_user("admin")).status_code == 302
    return admin_client


def _only(partner) -> Workshop:
    return db.session.scalars(select(Workshop).where(Workshop.partner_id == partner.id)).one()


def test_a_new_workshop_of_an_untrusted_partner_waits_then_is_seen_once_approved(app, client):
    partner = make_partner(name="Association Clic")
    _member_of(client, partner)
    assert client.post(f"/espace/{partner.slug}/ateliers/nouveau", data=valid()).status_code == 302
    workshop = _only(partner)
    assert workshop.status == "pending"
    assert "Premiers pas sur un smartphone" not in _visible_titles()
    assert "En attente de validation" in _text(client.get(f"/espace/{partner.slug}/ateliers"))
    admin = _as_admin(app)
    queue = _text(admin.get("/admin/ateliers"))
    assert "Premiers pas sur un smartphone" in queue and "Association Clic" in queue
    assert admin.post(f"/admin/ateliers/{workshop.id}/valider").status_code == 302
    assert "Premiers pas sur un smartphone" in _visible_titles()
    assert db.session.get(Workshop, workshop.id).reviewed


def test_a_change_of_a_published_workshop_waits_and_the_old_title_stays_visible(app, client):
    partner = make_partner(name="Association Clic")
    workshop = make_workshop(partner, subneeds=[subneed("apprendre-a-utiliser-son-telephone")],
                             title="Atelier tablette", first_day=date(2027, 1, 12))
    db.session.commit()
    _member_of(client, partner)
    data = valid(title="Atelier tablette et smartphone", frequency="once", until="", first_day="2027-01-12")
    assert client.post(f"/espace/{partner.slug}/ateliers/{workshop.id}", data=data).status_code == 302
    assert _visible_titles() == {"Atelier tablette"}
    # The partner sees its proposal waiting, and can go on editing it.
    assert "modification en attente de validation" in _text(client.get(f"/espace/{partner.slug}/ateliers"))
    assert 'value="Atelier tablette et smartphone"' in _text(
        client.get(f"/espace/{partner.slug}/ateliers/{workshop.id}"))
    make_workshop(partner, title="Atelier nouveau", status="pending", reviewed=False)
    db.session.commit()
    admin = _as_admin(app)
    review = _text(admin.get(f"/admin/ateliers/{workshop.id}"))
    assert "Titre" in review and "Atelier tablette et smartphone" in review
    queue = _text(admin.get("/admin/ateliers"))
    assert "Atelier tablette → Atelier tablette et smartphone" in queue
    assert admin.post(f"/admin/ateliers/{workshop.id}/valider").status_code == 302
    assert _visible_titles() == {"Atelier tablette et smartphone"}
    # Approved, it leaves the head of the queue: a new workshop waiting comes first.
    queue = _text(admin.get("/admin/ateliers"))
    assert queue.index("Atelier nouveau") < queue.index("Atelier tablette et smartphone")
    assert "Atelier tablette →" not in queue


def test_a_refusal_needs_a_reason_and_the_partner_reads_it(app, client):
    partner = make_partner(name="Association Clic")
    _member_of(client, partner)
    client.post(f"/espace/{partner.slug}/ateliers/nouveau", data=valid())
    workshop = _only(partner)
    admin = _as_admin(app)
    response = admin.post(f"/admin/ateliers/{workshop.id}/refuser", data={"reason": ""})
    assert response.status_code == 422
    assert "Indiquez le motif du refus." in _text(response)
    assert db.session.get(Workshop, workshop.id).status == "pending"
    reason = "Cet atelier est déjà publié par le centre social voisin."
    assert admin.post(f"/admin/ateliers/{workshop.id}/refuser", data={"reason": reason}).status_code == 302
    assert db.session.get(Workshop, workshop.id).status == "rejected"
    page = _text(client.get(f"/espace/{partner.slug}/ateliers"))
    assert "Refusé" in page and reason in page
    assert "Premiers pas sur un smartphone" not in _visible_titles()


def test_a_refused_proposal_is_dropped_and_the_published_version_stays(app, client):
    partner = make_partner(name="Association Clic")
    workshop = make_workshop(partner, subneeds=[subneed("apprendre-a-utiliser-son-telephone")],
                             title="Atelier tablette", first_day=date(2027, 1, 12))
    db.session.commit()
    _member_of(client, partner)
    data = valid(title="Titre hors sujet", frequency="once", until="", first_day="2027-01-12")
    client.post(f"/espace/{partner.slug}/ateliers/{workshop.id}", data=data)
    _as_admin(app).post(f"/admin/ateliers/{workshop.id}/refuser", data={"reason": "Titre trop vague."})
    workshop = db.session.get(Workshop, workshop.id)
    assert workshop.proposal is None and workshop.status == "published"
    assert _visible_titles() == {"Atelier tablette"}
    assert "Titre trop vague." in _text(client.get(f"/espace/{partner.slug}/ateliers"))


def test_a_trusted_partner_publishes_at_once_and_the_team_still_sees_it(app, client):
    partner = make_partner(name="Centre social", is_trusted=True)
    _member_of(client, partner)
    client.post(f"/espace/{partner.slug}/ateliers/nouveau", data=valid())
    workshop = _only(partner)
    assert workshop.status == "published" and not workshop.reviewed
    assert "Premiers pas sur un smartphone" in _visible_titles()
    assert "Publié, pas encore relu" in _text(_as_admin(app).get("/admin/ateliers"))


def test_a_date_cancelled_by_an_untrusted_partner_is_cancelled_at_once(app, client):
    partner = make_partner(name="Association Clic")
    workshop = make_workshop(partner, frequency="weekly", first_day=date(2027, 1, 5), until=date(2027, 3, 30))
    db.session.commit()
    _member_of(client, partner)
    path = f"/espace/{partner.slug}/ateliers/{workshop.id}/dates"
    assert "mardi 12 janvier" in _text(client.get(path))
    response = client.post(path, data={"day": "2027-01-12", "action": "cancel", "note": "Formatrice malade"})
    assert response.status_code == 302
    sessions = {s.day: s for s in queries.sessions_of(db.session.get(Workshop, workshop.id),
                                                      date(2027, 1, 4), date(2027, 1, 31))}
    assert sessions[date(2027, 1, 12)].cancelled and sessions[date(2027, 1, 12)].note == "Formatrice malade"
    assert not sessions[date(2027, 1, 19)].cancelled
    client.post(path, data={"day": "2027-01-19", "action": "full"})
    client.post(path, data={"day": "2027-01-12", "action": "normal"})
    sessions = {s.day: s for s in queries.sessions_of(db.session.get(Workshop, workshop.id),
                                                      date(2027, 1, 4), date(2027, 1, 31))}
    assert not sessions[date(2027, 1, 12)].cancelled and sessions[date(2027, 1, 19)].full
    # A day that is not one of its sessions is refused.
    assert client.post(path, data={"day": "2027-01-13", "action": "cancel"}).status_code == 400


def test_a_whole_workshop_is_cancelled_or_withdrawn_at_once(app, client):
    partner = make_partner(name="Association Clic")
    first = make_workshop(partner, title="Atelier un", frequency="weekly", until=date(2027, 2, 23))
    second = make_workshop(partner, title="Atelier deux")
    db.session.commit()
    _member_of(client, partner)
    response = client.post(f"/espace/{partner.slug}/ateliers/{first.id}/annuler",
                           data={"note": "Local en travaux"})
    assert response.status_code == 302
    sessions = queries.sessions_of(db.session.get(Workshop, first.id), date(2027, 1, 4), date(2027, 2, 28))
    assert sessions and all(s.cancelled and s.note == "Local en travaux" for s in sessions)
    assert client.post(f"/espace/{partner.slug}/ateliers/{second.id}/retirer").status_code == 302
    assert _visible_titles() == {"Atelier un"}  # cancelled stays visible, as cancelled
    assert "Retiré" in _text(client.get(f"/espace/{partner.slug}/ateliers"))


def test_a_network_wide_event_by_an_administrator_is_published_at_once(app):
    admin = _as_admin(app)
    data = valid(organiser="CCAS de Lille", place_kind="online", online_url="https://visio.exemple.fr/cafe",
                 frequency="once", until="", title="Café numérique en ligne")
    response = admin.post("/admin/ateliers/nouveau", data=data)
    assert response.status_code == 302
    event = db.session.scalars(select(Workshop).where(Workshop.title == "Café numérique en ligne")).one()
    assert event.partner_id is None and event.organiser == "CCAS de Lille"
    assert event.status == "published" and event.reviewed
    assert "Café numérique en ligne" in _visible_titles()
    # Without an organiser, the form says so.
    response = admin.post("/admin/ateliers/nouveau", data={**data, "organiser": ""})
    assert response.status_code == 422
    assert "Indiquez qui organise l'événement." in _text(response)
