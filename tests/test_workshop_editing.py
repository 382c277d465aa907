"""A partner publishes a workshop from its space: the form says clearly what is wrong, next to
the field, and keeps everything typed; a valid workshop is saved with its dates."""

from __future__ import annotations

import html
import re
from datetime import date, datetime

import pytest
from sqlalchemy import select

from portal.directory import geocoding, presenters
from portal.extensions import db
from portal.workshops.models import Workshop
from portal.workshops.recurrence import PARIS
from tests.factories import login, make_partner, make_user, make_workshop, subneed
from tests.geocoder_stub import config_for, running_geocoder

MONDAY = datetime(2027, 1, 4, 10, 0, tzinfo=PARIS)


@pytest.fixture()
def space(app, client, monkeypatch):
    """A trusted partner and one of its members, logged in, on Monday 4 January 2027."""
    monkeypatch.setattr(presenters, "now", lambda: MONDAY)
    partner = make_partner(name="Centre social Arc-en-ciel", is_trusted=True)
    member = make_user("partner", partners=[partner])
    assert login(client, member).status_code == 302
    return partner


@pytest.fixture()
def geocoder(app, monkeypatch):
    geocoding.clear_cache()
    with running_geocoder() as server:
        for key, value in config_for(server).items():
            monkeypatch.setitem(app.config, key, value)
        yield server
    geocoding.clear_cache()


def valid(**changes) -> dict:
    """A weekly workshop on Tuesdays 14:00–16:00 from January to June, as a browser sends it."""
    data = {
        "title": "Premiers pas sur un smartphone", "description": "Allumer, appeler, envoyer un message.",
        "subneeds": ["apprendre-a-utiliser-son-telephone"], "level": "decouverte",
        "audience": "Seniors", "first_day": "2027-01-05", "starts": "14:00", "ends": "16:00",
        "frequency": "weekly", "until": "2027-06-29", "exceptions": "", "place_kind": "partner",
        "place_name": "", "address": "", "postcode": "", "city": "", "online_url": "",
        "fees": "free", "price": "", "registration": "phone", "registration_contact": "0320000000",
        "capacity": "8",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True)).replace("\xa0", " ")


def _error_of(page: str, field_id: str) -> str:
    """The error message shown under one field (the list the input is described by)."""
    match = re.search(rf'<ul class="field-errors" id="{field_id}-error">(.*?)</ul>', page, re.S)
    assert match, f"no error next to {field_id}"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def _post(client, partner, **changes):
    return client.post(f"/espace/{partner.slug}/ateliers/nouveau", data=valid(**changes))


def _workshops(partner) -> list[Workshop]:
    return list(db.session.scalars(select(Workshop).where(Workshop.partner_id == partner.id)))


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"first_day": "31/02/2027"}, "first_day", "Date non valide : écrivez-la comme 24/12/2026."),
    ({"ends": "13:30"}, "ends", "L'heure de fin doit être après l'heure de début."),
    ({"ends": "14:00"}, "ends", "L'heure de fin doit être après l'heure de début."),
    ({"until": ""}, "until", "Indiquez jusqu'à quand l'atelier se répète."),
    ({"until": "2027-01-01"}, "until", "Cette date doit être après la première date."),
    ({"until": "2028-03-01"}, "until", "Une répétition dure 12 mois au plus"),
    ({"first_day": "2026-12-29", "until": "2027-03-01"}, "first_day",
     "Cette date est passée : indiquez une date à venir."),
    ({"place_kind": "online", "online_url": "visio chez nous"}, "online_url",
     "Cette adresse web n'est pas valide"),
    ({"place_kind": "online", "online_url": ""}, "online_url", "Indiquez le lien de la séance en ligne."),
    ({"exceptions": "12/01/2027\n14/01/2027"}, "exceptions",
     "Le 14/01/2027 n'est pas une date de l'atelier : vérifiez le jour et la période."),
    ({"exceptions": "bientôt"}, "exceptions", "« bientôt » n'est pas une date"),
    ({"registration_contact": "12"}, "registration_contact", "Ce numéro n'est pas un numéro français"),
    ({"registration": "email", "registration_contact": "moi@"}, "registration_contact",
     "Cette adresse e-mail n'est pas valide"),
    ({"registration": "online", "registration_contact": "pas un lien"}, "registration_contact",
     "Cette adresse web n'est pas valide"),
    ({"subneeds": None}, "subneeds", "Choisissez au moins un besoin."),
    ({"capacity": "-3"}, "capacity", "Indiquez un nombre de places"),
])
def test_a_mistake_is_said_next_to_its_field_and_nothing_typed_is_lost(client, space, changes, field, message):
    response = _post(client, space, **changes)
    assert response.status_code == 422
    page = _text(response)
    assert message in _error_of(page, field)
    # What was typed comes back: the title, the description, and the wrong value itself.
    assert 'value="Premiers pas sur un smartphone"' in page
    assert "Allumer, appeler, envoyer un message." in page
    for name, value in changes.items():
        if value and name not in ("subneeds", "exceptions", "place_kind", "registration"):
            assert f'value="{value}"' in page
    if changes.get("exceptions"):
        assert changes["exceptions"].splitlines()[0] in page
    assert _workshops(space) == []


def test_a_valid_weekly_workshop_is_saved_and_its_sessions_are_listed(client, space):
    response = _post(client, space, exceptions="12/01/2027")
    assert response.status_code == 302
    [workshop] = _workshops(space)
    assert workshop.status == "published" and workshop.frequency == "weekly"
    assert workshop.exceptions == ["2027-01-12"] and workshop.registration_contact == "03 20 00 00 00"
    page = _text(client.get(f"/espace/{space.slug}/ateliers"))
    assert "Premiers pas sur un smartphone" in page
    assert "mardi 5 janvier, 14 h – 16 h" in page
    assert "mardi 19 janvier" in page and "mardi 12 janvier" not in page  # the exception
    assert "Publié" in page


def test_the_form_opens_filled_and_an_edit_keeps_the_workshop(client, space):
    workshop = make_workshop(space, subneeds=[subneed("apprendre-a-utiliser-son-telephone")],
                             title="Atelier tablette", first_day=date(2027, 1, 12))
    db.session.commit()
    page = _text(client.get(f"/espace/{space.slug}/ateliers/{workshop.id}"))
    assert 'value="Atelier tablette"' in page and 'value="2027-01-12"' in page
    response = client.post(f"/espace/{space.slug}/ateliers/{workshop.id}",
                           data=valid(title="Atelier tablette, niveau 2", frequency="once", until=""))
    assert response.status_code == 302
    assert db.session.get(Workshop, workshop.id).title == "Atelier tablette, niveau 2"


def test_another_address_is_placed_on_the_map_in_its_quartier(client, space, geocoder):
    response = _post(client, space, place_kind="other", place_name="Mairie de quartier de Fives",
                     address="12 rue Pierre Legrand", postcode="59800", city="Lille")
    assert response.status_code == 302
    [workshop] = _workshops(space)
    assert (workshop.latitude, workshop.longitude) == (50.6283, 3.0887)
    assert workshop.quartier is not None and workshop.quartier.slug == "fives"


def test_a_geocoder_that_does_not_answer_keeps_the_form_and_says_so(client, space, app, monkeypatch):
    geocoding.clear_cache()
    monkeypatch.setitem(app.config, "GEOCODER_DOMAIN", "127.0.0.1:9")  # discard port: refused
    monkeypatch.setitem(app.config, "GEOCODER_SCHEME", "http")
    monkeypatch.setitem(app.config, "GEOCODER_TIMEOUT", 1)
    data = dict(place_kind="other", place_name="Salle des fêtes", address="3 rue de Marquillies",
                postcode="59000", city="Lille")
    response = _post(client, space, **data)
    assert response.status_code == 422
    page = _text(response)
    assert "ne répond pas pour le moment" in _error_of(page, "address")
    assert 'value="3 rue de Marquillies"' in page and 'value="Salle des fêtes"' in page
    assert _workshops(space) == []
    # Saved on purpose without a point: the address is kept, the coordinates left empty.
    response = _post(client, space, place_unlocated="y", **data)
    assert response.status_code == 302
    [workshop] = _workshops(space)
    assert workshop.address == "3 rue de Marquillies" and workshop.latitude is None
    geocoding.clear_cache()


def test_a_member_of_another_partner_gets_404_for_every_page(app, client, monkeypatch):
    monkeypatch.setattr(presenters, "now", lambda: MONDAY)
    mine, theirs = make_partner(name="Lieu A"), make_partner(name="Lieu B")
    workshop = make_workshop(theirs)
    assert login(client, make_user("partner", partners=[mine])).status_code == 302
    for path in (f"/espace/{theirs.slug}/ateliers", f"/espace/{theirs.slug}/ateliers/nouveau",
                 f"/espace/{theirs.slug}/ateliers/{workshop.id}",
                 f"/espace/{theirs.slug}/ateliers/{workshop.id}/dates"):
        assert client.get(path).status_code == 404
    # Their workshop through my listing's address does not exist either.
    assert client.get(f"/espace/{mine.slug}/ateliers/{workshop.id}").status_code == 404
    assert client.post(f"/espace/{mine.slug}/ateliers/{workshop.id}/retirer").status_code == 404
    assert db.session.get(Workshop, workshop.id).status == "published"


@pytest.mark.parametrize("changes", [
    {"level": "expert", "frequency": "daily", "place_kind": "moon", "registration": "pigeon"},
    {"until": "9999-12-31", "exceptions": "01/01/9999"},
    {"first_day": "0001-01-01", "starts": "25:99", "capacity": "beaucoup"},
    {"subneeds": ["pas-un-besoin"], "fees": "paid", "price": "x" * 500},
])
def test_nonsense_comes_back_as_a_form_to_correct_never_an_error(client, space, changes):
    response = _post(client, space, **changes)
    assert response.status_code == 422
    assert _workshops(space) == []


def test_a_correction_link_opens_the_listing_but_not_its_workshops(app, client):
    """A reminder's "Je corrige" link edits the listing only: its workshops need an account."""
    from urllib.parse import urlsplit

    from portal.mail import outbox
    from portal.moderation import campaigns

    outbox().clear()
    partner = make_partner(name="Épicerie solidaire", email="contact@epicerie.fr", is_trusted=True)
    workshop = make_workshop(partner)
    assert campaigns.remind("2026-11").sent == 1
    correct = re.findall(r"https?://\S+", outbox()[0].get_body(("plain",)).get_content())[1]
    assert client.get(urlsplit(correct).path).status_code == 302
    overview = _text(client.get(f"/espace/{partner.slug}"))
    assert "grâce au lien reçu par e-mail" in overview and "Ateliers et sessions" not in overview
    for path in (f"/espace/{partner.slug}/ateliers", f"/espace/{partner.slug}/ateliers/nouveau",
                 f"/espace/{partner.slug}/ateliers/{workshop.id}/dates"):
        assert client.get(path).status_code == 404
    assert client.post(f"/espace/{partner.slug}/ateliers/{workshop.id}/annuler").status_code == 404
    assert not db.session.get(Workshop, workshop.id).cancelled


def test_a_member_cannot_add_workshops_without_end_but_an_administrator_can(app, client, space, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_MAX_WORKSHOPS_PER_PARTNER", 2)
    make_workshop(space, first_day=date(2027, 1, 12))
    make_workshop(space, first_day=date(2027, 1, 19))
    make_workshop(space, first_day=date(2026, 12, 1))  # over: does not count
    make_workshop(space, first_day=date(2027, 2, 2), status="withdrawn")  # taken down: does not count
    db.session.commit()
    response = _post(client, space, title="Un atelier de trop")
    page = _text(response)
    assert response.status_code == 422
    assert "Ce partenaire a déjà 2 ateliers à venir, le maximum" in page
    assert 'value="Un atelier de trop"' in page  # what was typed comes back
    assert len(_workshops(space)) == 4
    admin = make_user("admin")
    db.session.commit()
    client.post("/deconnexion")
    assert login(client, admin).status_code == 302
    assert _post(client, space, title="Un atelier du CCAS").status_code == 302
    assert "Un atelier du CCAS" in {w.title for w in _workshops(space)}
