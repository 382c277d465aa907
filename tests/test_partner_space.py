"""The partner space: each part of a listing is edited into a pending revision, checked field by
field, and the public page changes only once the change is approved (or at once for a trusted
partner)."""

from __future__ import annotations

import html
import re
from datetime import date, time

import pytest

from portal.accounts.models import User
from portal.directory import geocoding
from portal.directory.models import OpeningException
from portal.extensions import db
from portal.moderation import operations as moderation
from tests.factories import WAZEMMES, login, make_partner, make_service, make_user, quartier, subneed
from tests.geocoder_stub import config_for, running_geocoder
from tests.partner_space import hidden_fields, presentation_form, revisions_of, weekly_form


@pytest.fixture()
def listing(app, client):
    """A published partner with one service, and one of its members logged in."""
    partner = make_partner(name="Épicerie des Bois-Blancs", phone="03 20 11 22 33")
    service = make_service(partner, [subneed("colis-alimentaire")], name="Colis du mardi")
    member = make_user("partner", partners=[partner])
    assert login(client, member).status_code == 302
    return partner, service, member


def _admin() -> User:
    return make_user("admin")


def _approve_pending(partner) -> None:
    moderation.approve(moderation.pending_for(partner), _admin())
    db.session.commit()


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_the_member_reaches_its_listing_from_its_space(client, listing):
    partner, _service, _member = listing
    assert f'href="/espace/{partner.slug}"' in client.get("/espace").get_data(as_text=True)
    page = _text(client.get(f"/espace/{partner.slug}"))
    assert "Mes informations sont à jour" in page and partner.name in page


def test_an_edit_waits_for_approval_and_the_public_page_keeps_the_old_version(client, listing):
    partner, _service, _member = listing
    data = presentation_form(client, partner.slug, phone="+33 3 20 99 88 77",
                             presentation="Nous accueillons tout le monde.")
    response = client.post(f"/espace/{partner.slug}/presentation", data=data)
    assert response.status_code == 302
    (revision,) = revisions_of(partner)
    assert revision.status == "pending"
    assert revision.snapshot["partner"]["phone"] == "03 20 99 88 77"  # normalised
    assert {d["field"] for d in revision.diff} == {"phone", "presentation"}

    public = _text(client.get(f"/partenaires/{partner.slug}"))
    assert "03 20 11 22 33" in public and "03 20 99 88 77" not in public
    overview = _text(client.get(f"/espace/{partner.slug}"))
    assert "En attente de validation" in overview and "03 20 99 88 77" in overview

    _approve_pending(partner)
    public = _text(client.get(f"/partenaires/{partner.slug}"))
    assert "03 20 99 88 77" in public and "Nous accueillons tout le monde." in public


def test_successive_edits_build_on_the_pending_one(client, listing):
    partner, _service, _member = listing
    client.post(f"/espace/{partner.slug}/presentation",
                data=presentation_form(client, partner.slug, email="contact@epicerie.fr"))
    client.post(f"/espace/{partner.slug}/presentation",
                data=presentation_form(client, partner.slug, website="epicerie.fr"))
    first, second = revisions_of(partner)
    assert first.status == "superseded" and second.status == "pending"
    assert second.snapshot["partner"]["email"] == "contact@epicerie.fr"
    assert second.snapshot["partner"]["website"] == "https://epicerie.fr"


@pytest.mark.parametrize(("field", "typed", "message"), [
    ("phone", "12 34", "numéro français à 10 chiffres"),
    ("postcode", "75001", "code postal du Nord"),
    ("website", "ftp://exemple", "adresse web n'est pas valide"),
    ("email", "contact@", "adresse e-mail n'est pas valide"),
    ("address", "", "Indiquez l'adresse du lieu."),
    ("presentation", "x" * 3001, "3000"),
])
def test_a_wrong_value_is_shown_next_to_its_field_and_nothing_typed_is_lost(client, listing, field, typed, message):
    partner, _service, _member = listing
    data = presentation_form(client, partner.slug, city="Lille-Lomme", **{field: typed})
    response = client.post(f"/espace/{partner.slug}/presentation", data=data)
    assert response.status_code == 422
    page = _text(response)
    error_block = page.split(f'id="{field}-error"', 1)[1].split("</ul>", 1)[0]
    assert message in error_block
    assert 'aria-invalid="true"' in page.split(f'name="{field}"', 1)[0].rsplit("<", 1)[1] + page.split(f'name="{field}"', 1)[1].split(">", 1)[0]
    assert 'value="Lille-Lomme"' in page  # the other typed values stay
    if typed and field != "presentation":
        assert f'value="{typed}"' in page
    assert revisions_of(partner) == []


def test_the_presentation_keeps_only_a_safe_subset_of_html(client, listing):
    partner, _service, _member = listing
    typed = '<p>Bienvenue <strong>à tous</strong> & <script>alert(1)</script><a href="javascript:x">clic</a></p>'
    client.post(f"/espace/{partner.slug}/presentation", data=presentation_form(client, partner.slug, presentation=typed))
    stored = moderation.pending_for(partner).snapshot["partner"]["presentation"]
    assert stored == "<p>Bienvenue <strong>à tous</strong> &amp; clic</p>"
    _approve_pending(partner)
    public = client.get(f"/partenaires/{partner.slug}").get_data(as_text=True)
    assert "<strong>à tous</strong>" in public
    assert "<script>alert" not in public and "javascript:" not in public


def test_a_no_op_save_creates_nothing_and_does_not_confirm(client, listing):
    partner, _service, _member = listing
    response = client.post(f"/espace/{partner.slug}/presentation", data=presentation_form(client, partner.slug))
    assert response.status_code == 302
    assert "Rien n'a changé" in _text(client.get(response.headers["Location"]))
    db.session.refresh(partner)
    assert revisions_of(partner) == [] and partner.last_confirmed_at is None and partner.version == 1


def test_up_to_date_sets_the_confirmation_date_and_is_in_the_history(client, listing):
    partner, _service, _member = listing
    response = client.post(f"/espace/{partner.slug}/a-jour")
    assert response.status_code == 302
    db.session.refresh(partner)
    assert partner.last_confirmed_at is not None
    (revision,) = revisions_of(partner)
    assert (revision.kind, revision.status) == ("confirm", "approved")
    assert "Informations confirmées par le lieu" in _text(client.get(f"/partenaires/{partner.slug}"))


def test_a_trusted_partner_publishes_at_once_and_is_reviewed_afterwards(client, listing):
    partner, _service, _member = listing
    partner.is_trusted = True
    db.session.commit()
    client.post(f"/espace/{partner.slug}/presentation",
                data=presentation_form(client, partner.slug, phone="0320445566"))
    (revision,) = revisions_of(partner)
    assert (revision.status, revision.reviewed) == ("applied", False)
    assert "03 20 44 55 66" in _text(client.get(f"/partenaires/{partner.slug}"))
    assert partner.last_confirmed_at is None  # published is not reviewed
    moderation.approve(revision, _admin())
    db.session.commit()
    assert (revision.status, revision.reviewed) == ("applied", True)
    assert partner.last_confirmed_at is not None


def test_services_are_added_edited_and_archived(client, listing):
    partner, service, _member = listing
    page = client.get(f"/espace/{partner.slug}/services/nouveau").get_data(as_text=True)
    data = hidden_fields(page) | {"name": "Atelier cuisine", "subneeds": ["repas-chaud"], "fees": "gratuit",
                                  "modes": ["en-presentiel"], "access_modes": ["sur-rdv"]}
    assert client.post(f"/espace/{partner.slug}/services/nouveau", data=data).status_code == 302
    pending = moderation.pending_for(partner)
    assert [d["label_code"] for d in pending.diff] == ["service.added"]
    assert "Atelier cuisine" in _text(client.get(f"/espace/{partner.slug}/services"))
    assert "Atelier cuisine" not in _text(client.get(f"/partenaires/{partner.slug}"))

    edit = client.get(f"/espace/{partner.slug}/services/{service.id}").get_data(as_text=True)
    data = hidden_fields(edit) | {"name": "Colis du mercredi", "subneeds": ["colis-alimentaire"], "fees": "gratuit"}
    assert client.post(f"/espace/{partner.slug}/services/{service.id}", data=data).status_code == 302
    _approve_pending(partner)
    public = _text(client.get(f"/partenaires/{partner.slug}"))
    assert "Colis du mercredi" in public and "Atelier cuisine" in public

    tokens = hidden_fields(client.get(f"/espace/{partner.slug}/services").get_data(as_text=True))
    assert client.post(f"/espace/{partner.slug}/services/{service.id}/archiver", data=tokens).status_code == 302
    assert "Colis du mercredi" in _text(client.get(f"/partenaires/{partner.slug}"))  # until approved
    _approve_pending(partner)
    assert "Colis du mercredi" not in _text(client.get(f"/partenaires/{partner.slug}"))
    db.session.refresh(service)
    assert service.status == "archived"  # kept, never deleted


def test_a_service_needs_a_name_and_a_need(client, listing):
    partner, _service, _member = listing
    page = client.get(f"/espace/{partner.slug}/services/nouveau").get_data(as_text=True)
    response = client.post(f"/espace/{partner.slug}/services/nouveau",
                           data=hidden_fields(page) | {"name": "", "description": "Des cours", "fees": "gratuit"})
    assert response.status_code == 422
    page = _text(response)
    assert "Donnez un nom au service." in page and "Choisissez au moins un besoin." in page
    assert "Des cours" in page


def test_weekly_hours_with_an_evening_past_midnight(client, listing):
    partner, _service, _member = listing
    grid = {0: [("09:00", "12:00", False), ("14:00", "17:00", False)], 4: [("20:00", "02:00", True)],
            5: [("18:00", "24:00", False)]}
    assert client.post(f"/espace/{partner.slug}/horaires", data=weekly_form(client, partner.slug, grid)).status_code == 302
    _approve_pending(partner)
    slots = [(s.weekday, s.opens, s.closes) for s in partner.slots]
    assert slots == [(0, time(9), time(12)), (0, time(14), time(17)), (4, time(20), time(2)), (5, time(18), time(0))]
    page = _text(client.get(f"/espace/{partner.slug}/horaires"))
    assert re.search(r'<input checked id="days-4-intervals-0-overnight"', page)
    assert not re.search(r'<input checked id="days-0-intervals-0-overnight"', page)


@pytest.mark.parametrize(("grid", "message"), [
    ({1: [("14:00", "09:00", False)]}, "La fermeture doit être après l'ouverture"),
    ({1: [("14:00", "18:00", True)]}, "Après minuit, la fermeture doit être plus tôt"),
    ({1: [("09:00", "", False)]}, "Indiquez l'heure d'ouverture et l'heure de fermeture."),
    ({1: [("9h", "25:00", False)]}, "Heure non valide"),
    ({1: [("09:00", "13:00", False), ("12:00", "17:00", False)]}, "chevauche un autre créneau"),
])
def test_wrong_hours_are_refused_next_to_the_field(client, listing, grid, message):
    partner, _service, _member = listing
    response = client.post(f"/espace/{partner.slug}/horaires", data=weekly_form(client, partner.slug, grid))
    assert response.status_code == 422
    page = _text(response)
    blocks = re.findall(r'<ul class="field-errors" id="([^"]+)-error">(.*?)</ul>', page, re.S)
    assert any(field_id.startswith("days-1-intervals-") and message in text for field_id, text in blocks), blocks
    for opens, closes, _ in grid[1]:
        assert f'value="{opens}"' in page and f'value="{closes}"' in page
    assert revisions_of(partner) == []


def test_dated_exceptions_are_added_and_removed(client, listing):
    partner, _service, _member = listing
    tokens = hidden_fields(client.get(f"/espace/{partner.slug}/horaires/exceptions").get_data(as_text=True))
    data = tokens | {"day": "24/12/2026", "opens": "09:00", "closes": "12:00", "label": "Veille de Noël"}
    assert client.post(f"/espace/{partner.slug}/horaires/exceptions", data=data).status_code == 302
    tokens = hidden_fields(client.get(f"/espace/{partner.slug}/horaires/exceptions").get_data(as_text=True))
    data = tokens | {"day": "2026-12-31", "closed": "y"}
    assert client.post(f"/espace/{partner.slug}/horaires/exceptions", data=data).status_code == 302
    _approve_pending(partner)
    assert [(e.day, e.opens, e.label) for e in partner.exceptions] == [
        (date(2026, 12, 24), time(9), "Veille de Noël"), (date(2026, 12, 31), None, "")]

    tokens = hidden_fields(client.get(f"/espace/{partner.slug}/horaires/exceptions").get_data(as_text=True))
    assert client.post(f"/espace/{partner.slug}/horaires/exceptions/0/supprimer", data=tokens).status_code == 302
    _approve_pending(partner)
    assert [e.day for e in db.session.scalars(db.select(OpeningException))] == [date(2026, 12, 31)]


def test_an_exception_needs_hours_or_closed(client, listing):
    partner, _service, _member = listing
    tokens = hidden_fields(client.get(f"/espace/{partner.slug}/horaires/exceptions").get_data(as_text=True))
    response = client.post(f"/espace/{partner.slug}/horaires/exceptions", data=tokens | {"day": "31/02/2026"})
    assert response.status_code == 422
    assert "Date non valide" in _text(response) and 'value="31/02/2026"' in _text(response)


def test_a_temporary_closure_shows_its_message_at_once(client, listing):
    partner, _service, _member = listing
    tokens = hidden_fields(client.get(f"/espace/{partner.slug}/fermetures").get_data(as_text=True))
    wrong = tokens | {"start": "2026-12-20", "end": "2026-12-10", "message": "Travaux"}
    response = client.post(f"/espace/{partner.slug}/fermetures", data=wrong)
    assert response.status_code == 422
    assert "Le dernier jour doit être le même que le premier ou après." in _text(response)
    assert 'value="Travaux"' in _text(response)

    today = date.today()
    good = tokens | {"start": today.isoformat(), "end": date(today.year + 1, 1, 31).isoformat(),
                     "message": "Fermé pour travaux, colis à la mairie de quartier"}
    assert client.post(f"/espace/{partner.slug}/fermetures", data=good).status_code == 302
    # A closure cannot wait for a review: it is public at once (see test_urgent_changes.py).
    assert moderation.pending_for(partner) is None
    public = _text(client.get(f"/partenaires/{partner.slug}"))
    assert "Fermé temporairement" in public and "Fermé pour travaux, colis à la mairie de quartier" in public


@pytest.fixture()
def geocoder(app, monkeypatch):
    geocoding._lookup.cache_clear()
    with running_geocoder() as server:
        for key, value in config_for(server).items():
            monkeypatch.setitem(app.config, key, value)
        yield server
    geocoding._lookup.cache_clear()


def test_a_new_address_is_geocoded_and_its_quartier_recomputed(client, listing, geocoder):
    partner, _service, _member = listing
    assert partner.quartier_id == quartier("wazemmes").id
    data = presentation_form(client, partner.slug, address="12 rue Pierre Legrand", postcode="59800")
    client.post(f"/espace/{partner.slug}/presentation", data=data)
    assert geocoder.queries == []  # nothing happens before approval
    _approve_pending(partner)
    assert geocoder.queries == ["12 rue Pierre Legrand 59800 Lille"]
    assert (partner.latitude, partner.longitude) == (50.6283, 3.0887)
    assert partner.quartier_id == quartier("fives").id


def test_an_unreachable_geocoder_keeps_the_old_position_and_says_so(client, listing, app, monkeypatch):
    partner, _service, _member = listing
    geocoding._lookup.cache_clear()
    monkeypatch.setitem(app.config, "GEOCODER_DOMAIN", "127.0.0.1:9")  # discard port: refused
    monkeypatch.setitem(app.config, "GEOCODER_SCHEME", "http")
    monkeypatch.setitem(app.config, "GEOCODER_TIMEOUT", 1)
    client.post(f"/espace/{partner.slug}/presentation",
                data=presentation_form(client, partner.slug, address="3 rue de Marquillies"))
    revision = moderation.pending_for(partner)
    _approve_pending(partner)
    assert revision.flags == ["geocoder-unavailable"]
    assert (partner.latitude, partner.longitude) == WAZEMMES and partner.address == "3 rue de Marquillies"


def test_a_refused_change_shows_its_reason_to_the_member(client, listing):
    partner, _service, _member = listing
    client.post(f"/espace/{partner.slug}/presentation", data=presentation_form(client, partner.slug, city="Lomme"))
    moderation.reject(moderation.pending_for(partner), _admin(), "inaccurate", "La commune est Lille.")
    db.session.commit()
    page = _text(client.get(f"/espace/{partner.slug}"))
    assert "Refusée" in page and "Informations inexactes" in page and "La commune est Lille." in page


def test_forms_refuse_a_post_without_the_csrf_token(client, listing, app, monkeypatch):
    partner, _service, _member = listing
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    assert client.post(f"/espace/{partner.slug}/a-jour").status_code == 400
    data = presentation_form(client, partner.slug, phone="0320000000")
    assert "csrf_token" in data
    assert client.post(f"/espace/{partner.slug}/presentation", data=data).status_code == 302
    del data["csrf_token"]
    # Refused, and the form comes back with what was typed (see test_sessions.py).
    refused = client.post(f"/espace/{partner.slug}/presentation", data={**data, "phone": "0320111111"})
    assert refused.status_code == 422 and 'value="03 20 11 11 11"' in refused.get_data(as_text=True)


def test_an_imported_day_with_three_intervals_keeps_them_all(app, client):
    from tests.partner_space import filled_form

    partner = make_partner(weekly=[(0, time(8), time(10)), (0, time(11), time(12)), (0, time(14), time(16))])
    assert login(client, make_user("partner", partners=[partner])).status_code == 302
    data = filled_form(client.get(f"/espace/{partner.slug}/horaires").get_data(as_text=True))
    assert data["days-0-intervals-2-opens"] == "14:00"
    response = client.post(f"/espace/{partner.slug}/horaires", data=data)
    assert response.status_code == 302 and revisions_of(partner) == []  # saved as it was: nothing to review


def test_a_save_reads_the_listing_once_and_a_page_shows_no_false_conflict(client, listing, monkeypatch):
    """The edit round trip takes the listing as its editors see it once per request, whether a
    change is pending or not; and a page that is not a conflict does not say it is one."""
    from portal.moderation import snapshots

    partner, _service, _member = listing
    taken = []
    original = snapshots.snapshot_of
    monkeypatch.setattr(snapshots, "snapshot_of", lambda p: taken.append(p.id) or original(p))
    monkeypatch.setattr(moderation, "snapshot_of", snapshots.snapshot_of)
    for phone in ("03 20 00 00 01", "03 20 00 00 02"):  # the second save replaces a pending one
        data = presentation_form(client, partner.slug, phone=phone)
        taken.clear()
        response = client.post(f"/espace/{partner.slug}/presentation", data=data, follow_redirects=True)
        assert len(taken) == 1, phone
        page = _text(response)
        assert "C'est enregistré" in page
        assert "pendant que vous la modifiiez" not in page
    for part in ("", "/presentation", "/services", "/horaires", "/horaires/exceptions", "/fermetures"):
        assert "pendant que vous la modifiiez" not in _text(client.get(f"/espace/{partner.slug}{part}")), part
