"""One partner cannot grow the database without bound: a listing holds a limited number of
services and dated entries, saves are limited per hour, the history of a listing is paged, and
the revisions of a long editing session stay small."""

from __future__ import annotations

import html
import json
import random
from datetime import timedelta

import pytest
from sqlalchemy import Text, cast, event, func, select, update

from portal.db import utcnow
from portal.extensions import db
from portal.moderation import operations as moderation
from portal.moderation.models import Revision
from tests.factories import login, make_partner, make_service, make_user, subneed
from tests.partner_space import hidden_fields, presentation_form, revisions_of, service_form


@pytest.fixture()
def listing(app, client):
    """A published partner with two services, and one of its members logged in."""
    partner = make_partner(name="Maison des Solidarités", phone="03 20 11 22 33")
    colis = subneed("colis-alimentaire")
    for name in ("Colis du mardi", "Épicerie solidaire"):
        make_service(partner, [colis], name=name)
    member = make_user("partner", partners=[partner])
    assert login(client, member).status_code == 302
    return partner, member


@pytest.fixture()
def limits(app, monkeypatch):
    """Set the growth limits of the application for one test."""
    def set_limits(**values):
        for key, value in values.items():
            monkeypatch.setitem(app.config, key, value)
    return set_limits


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _new_service(client, slug: str, name: str):
    data = service_form(client, slug, "nouveau", name=name, subneeds=["colis-alimentaire"])
    return client.post(f"/espace/{slug}/services/nouveau", data=data)


# A listing's size ---------------------------------------------------------------------------


def test_a_listing_cannot_hold_more_services_than_the_limit(client, listing, limits):
    partner, _member = listing
    limits(PORTAL_MAX_SERVICES_PER_PARTNER=3)
    assert _new_service(client, partner.slug, "Aide aux devoirs").status_code == 302

    response = _new_service(client, partner.slug, "Atelier cuisine")

    assert response.status_code == 422
    page = _text(response)
    assert "au plus 3 services" in page and "le maximum est atteint" in page
    assert 'value="Atelier cuisine"' in page  # what was typed is kept
    pending = moderation.pending_for(partner)
    assert [s["name"] for s in pending.snapshot["services"]] == [
        "Colis du mardi", "Épicerie solidaire", "Aide aux devoirs"]
    # The services page says so before anything is typed; editing a service still works.
    assert "le maximum" in _text(client.get(f"/espace/{partner.slug}/services"))
    key = pending.snapshot["services"][0]["key"]
    data = service_form(client, partner.slug, key, name="Colis du mercredi")
    assert client.post(f"/espace/{partner.slug}/services/{key}", data=data).status_code == 302


def test_a_listing_cannot_pile_up_dated_entries(client, listing, limits):
    partner, _member = listing
    limits(PORTAL_MAX_DATED_ENTRIES_PER_PARTNER=1)
    page = client.get(f"/espace/{partner.slug}/fermetures").get_data(as_text=True)
    first = {**hidden_fields(page), "start": "2031-08-01", "end": "2031-08-15", "message": "Congés d'été"}
    assert client.post(f"/espace/{partner.slug}/fermetures", data=first).status_code == 302

    page = client.get(f"/espace/{partner.slug}/fermetures").get_data(as_text=True)
    second = {**hidden_fields(page), "start": "2031-12-24", "end": "2031-12-31", "message": "Fêtes"}
    response = client.post(f"/espace/{partner.slug}/fermetures", data=second)

    assert response.status_code == 422
    text = _text(response)
    assert "le maximum" in text and 'value="Fêtes"' in text
    assert len(partner.closures) == 1  # closures are public at once, not pending


def test_a_choice_sent_many_times_is_stored_once(client, listing):
    partner, _member = listing
    data = service_form(client, partner.slug, "nouveau", name="Aide aux devoirs",
                        subneeds=["colis-alimentaire"] * 500, languages=["fr", "ar"] * 500)
    assert client.post(f"/espace/{partner.slug}/services/nouveau", data=data).status_code == 302
    added = moderation.pending_for(partner).snapshot["services"][-1]
    assert added["subneeds"] == ["colis-alimentaire"] and added["languages"] == ["fr", "ar"]


# Saves per hour -----------------------------------------------------------------------------


def _save_phone(client, slug: str, phone: str):
    return client.post(f"/espace/{slug}/presentation", data=presentation_form(client, slug, phone=phone))


def test_saves_are_limited_per_hour_and_the_form_keeps_what_was_typed(client, listing, limits):
    partner, _member = listing
    limits(PORTAL_EDITS_PER_HOUR=3)
    for phone in ("03 20 00 00 01", "03 20 00 00 02", "03 20 00 00 03"):
        assert _save_phone(client, partner.slug, phone).status_code == 302

    response = _save_phone(client, partner.slug, "03 20 00 00 04")

    assert response.status_code == 429
    page = _text(response)
    assert "plus tard" in page and 'value="03 20 00 00 04"' in page
    assert moderation.pending_for(partner).snapshot["partner"]["phone"] == "03 20 00 00 03"
    # A button is refused the same way, with a message instead of a bare error page.
    key = moderation.pending_for(partner).snapshot["services"][0]["key"]
    page = client.get(f"/espace/{partner.slug}/services").get_data(as_text=True)
    response = client.post(f"/espace/{partner.slug}/services/{key}/archiver", data=hidden_fields(page),
                           follow_redirects=True)
    assert response.status_code == 200 and "plus tard" in _text(response)
    response = client.post(f"/espace/{partner.slug}/a-jour", follow_redirects=True)
    assert response.status_code == 200 and "plus tard" in _text(response)

    # An hour later, saving works again.
    db.session.execute(update(Revision).where(Revision.partner_id == partner.id)
                       .values(created_at=utcnow() - timedelta(minutes=61)))
    assert _save_phone(client, partner.slug, "03 20 00 00 04").status_code == 302


def test_the_daily_limit_counts_the_whole_day(client, listing, limits):
    partner, _member = listing
    limits(PORTAL_EDITS_PER_DAY=2)
    for phone in ("03 20 00 00 01", "03 20 00 00 02"):
        assert _save_phone(client, partner.slug, phone).status_code == 302
    db.session.execute(update(Revision).where(Revision.partner_id == partner.id)
                       .values(created_at=utcnow() - timedelta(hours=5)))
    assert _save_phone(client, partner.slug, "03 20 00 00 03").status_code == 429


def test_an_administrator_is_not_limited(app, listing, limits):
    partner, _member = listing
    limits(PORTAL_EDITS_PER_HOUR=1)
    admin_browser = app.test_client()
    assert login(admin_browser, make_user("admin")).status_code == 302
    for phone in ("03 20 00 00 01", "03 20 00 00 02"):
        assert _save_phone(admin_browser, partner.slug, phone).status_code == 302


# The history --------------------------------------------------------------------------------


def _many_revisions(partner, author, count: int) -> None:
    for n in range(count):
        head = moderation.head_of(partner)
        snapshot = {**head.snapshot, "partner": {**head.snapshot["partner"], "phone": f"03 20 00 {n:02d} 00"}}
        moderation.propose_change(partner, snapshot, author, partner.version, head.revision_id, head=head)
    db.session.flush()


def test_the_history_is_paged_and_does_not_load_the_snapshots(app, client, listing, limits):
    partner, member = listing
    limits(PORTAL_EDITS_PER_HOUR=0, PORTAL_EDITS_PER_DAY=0)
    _many_revisions(partner, member, 45)
    admin = app.test_client()
    assert login(admin, make_user("admin")).status_code == 302
    statements: list[str] = []

    def _seen(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", _seen)
    try:
        first = _text(admin.get(f"/admin/partenaires/{partner.slug}/historique"))
    finally:
        event.remove(db.engine, "before_cursor_execute", _seen)

    assert "45 versions" in first
    assert first.count('id="version-') == 20
    assert "03 20 00 44 00" in first and "03 20 00 24 00" not in first
    assert "Page 1 sur 3" in first and "?page=2" in first
    # The page reads the diffs of its 20 rows, never the whole listing each revision holds.
    rows = [s for s in statements if "FROM revision" in s and not s.startswith("SELECT count(*)")]
    assert rows and not [s for s in rows if "revision.snapshot" in s]
    last = _text(admin.get(f"/admin/partenaires/{partner.slug}/historique?page=3"))
    assert last.count('id="version-') == 5 and "03 20 00 00 00" in last
    assert admin.get(f"/admin/partenaires/{partner.slug}/historique?page=4").status_code == 404


# Compact revisions --------------------------------------------------------------------------


def _stored_bytes(partner) -> int:
    size = func.length(cast(Revision.snapshot, Text)) + func.length(cast(Revision.diff, Text))
    return db.session.scalar(select(func.coalesce(func.sum(size), 0)).where(Revision.partner_id == partner.id))


def test_two_hundred_saves_keep_the_revisions_small(app, listing, limits):
    partner, member = listing
    limits(PORTAL_EDITS_PER_HOUR=0, PORTAL_EDITS_PER_DAY=0)
    colis = subneed("colis-alimentaire")
    words = "accueil écoute colis repas atelier devoirs emploi logement santé droits famille jeunes".split()
    for n in range(10):  # ten services described at length, in text that compresses like real text
        seeded = random.Random(n)
        make_service(partner, [colis], name=f"Atelier {n}",
                     description=" ".join(seeded.choice(words) + str(seeded.randrange(99)) for _ in range(200)))
    full = len(json.dumps(moderation.head_of(partner).snapshot))
    _many_revisions(partner, member, 200)

    stored = _stored_bytes(partner)
    print(f"\n200 saves of one listing: {len(revisions_of(partner))} revisions, {stored} bytes of JSON "
          f"stored; one full snapshot is {full} bytes")
    assert stored < 20 * full
    # Moderation still has what it needs: the pending edit is whole, and once approved it can be
    # restored later.
    pending = moderation.pending_for(partner)
    assert pending.snapshot["partner"]["phone"] == "03 20 00 199 00"
    approved = moderation.approve(pending, make_user("admin"))
    assert approved.snapshot["partner"]["phone"] == "03 20 00 199 00"
