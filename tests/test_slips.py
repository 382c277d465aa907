"""The orientation slip: made from the selection, kept behind a short link the resident can
open without an account, holding no personal data, and gone once it expires."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from flask_babel import refresh
from sqlalchemy import func, select

from portal.extensions import db
from portal.orientation.models import OrientationEvent, Slip
from tests.factories import login, make_partner, make_service, make_user, quartier, subneed

NOTE = "Se présenter à l'accueil du matin"


@pytest.fixture()
def pro(client):
    user = make_user("professional", email="conseillere@exemple.fr")
    assert login(client, user).status_code == 302
    return user


@pytest.fixture()
def chosen(client, pro):
    """Two places in the selection, the first with a note."""
    food = make_partner(name="Épicerie du Marché", phone="03 20 00 00 01", quartier=quartier("wazemmes"))
    make_service(food, [subneed("colis-alimentaire")], documents="Justificatif de domicile")
    other = make_partner(name="Maison des papiers")
    make_service(other, [subneed("colis-alimentaire")])
    for partner in (food, other):
        client.post("/orientation/selection/ajouter", data={"partner_id": partner.id})
    client.post("/orientation/selection/notes", data={f"note_p{food.id}": NOTE})
    return food, other


def _make_slip(client, locale="fr"):
    response = client.post("/orientation/fiche", data={"locale": locale})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response.headers["Location"]


def _kept_link(html: str) -> str:
    return re.search(r'href="(https?://[^"]+/o/[A-Za-z0-9_-]{16})"', html).group(1)


def test_the_preview_makes_no_slip_and_the_post_makes_exactly_one_counted(client, chosen):
    page = client.get("/orientation/fiche")
    assert page.status_code == 200
    assert "Épicerie du Marché" in page.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Slip.id))) == 0

    location = _make_slip(client)
    assert re.search(r"/orientation/fiche/\d+$", location)
    assert db.session.scalar(select(func.count(Slip.id))) == 1
    events = db.session.scalars(select(OrientationEvent).where(OrientationEvent.kind == "slip")).all()
    assert {(e.need_slug, e.quartier_slug) for e in events} >= {("alimentation", "wazemmes")}
    assert len({e.action for e in events}) == 1
    # Reloading the page to print does not count again.
    for _ in range(2):
        assert client.get(location).status_code == 200
    assert db.session.scalar(select(func.count(Slip.id))) == 1


def test_the_slip_page_shows_each_place_its_note_and_the_kept_link(client, chosen, app):
    page = client.get(_make_slip(client)).get_data(as_text=True)
    assert "Fiche d'orientation" in page
    assert page.index("Épicerie du Marché") < page.index("Maison des papiers")
    assert NOTE.replace("'", "&#39;") in page
    assert "03 20 00 00 01" in page and "Justificatif de domicile" in page
    assert "Sans rendez-vous" in page and "Gratuit" in page
    assert page.count('<svg class="qr') == 3  # one per place, one for the kept link
    assert "http://portal.test/partenaires/" in page
    assert f"{app.config['PORTAL_CCAS_PHONE']}" in page
    assert "Valable jusqu" in page
    assert re.search(r"/o/[A-Za-z0-9_-]{16}", page)


def test_the_kept_link_shows_the_slip_without_an_account_and_stays_private(client, chosen):
    link = _kept_link(client.get(_make_slip(client)).get_data(as_text=True))
    client.post("/deconnexion")
    anonymous = client.application.test_client()
    response = anonymous.get(link)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Épicerie du Marché" in page and NOTE.replace("'", "&#39;") in page
    assert '<meta name="robots" content="noindex">' in page
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "conseillere@exemple.fr" not in page


def test_the_stored_slip_holds_places_and_notes_and_nothing_about_anyone(client, chosen, pro):
    link = _kept_link(client.get(_make_slip(client)).get_data(as_text=True))
    slip = db.session.scalars(select(Slip)).one()
    token = link.rsplit("/", 1)[1]
    stored = json.dumps({"items": slip.items, "hash": slip.token_hash, "locale": slip.locale})
    assert token not in stored  # only a hash of the link's secret
    assert pro.email not in stored
    assert [set(item) for item in slip.items] == [{"partner", "service", "note"}] * 2
    assert slip.items[0]["note"] == NOTE


def test_an_expired_or_unknown_link_answers_410_and_shows_nothing(client, chosen):
    link = _kept_link(client.get(_make_slip(client)).get_data(as_text=True))
    slip = db.session.scalars(select(Slip)).one()
    slip.expires_at = slip.expires_at - timedelta(days=400)
    db.session.flush()
    anonymous = client.application.test_client()
    for url in (link, "/o/AAAAAAAAAAAAAAAAAAAA", "/o/x"):
        response = anonymous.get(url)
        assert response.status_code == 410
        page = response.get_data(as_text=True)
        assert "Ce lien n&#39;est plus valable" in page or "Ce lien n'est plus valable" in page
        assert "Épicerie du Marché" not in page and "Se présenter" not in page
        assert response.headers["Referrer-Policy"] == "no-referrer"


def test_a_slip_in_arabic_is_right_to_left_with_translated_headings(client, chosen):
    location = _make_slip(client, "ar")
    assert "/ar/orientation/fiche/" in location
    refresh()  # requests share the test's app context, where the page's language is kept
    response = client.get(location)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    assert "<dt>السعر</dt>" in page  # "Prix"
    assert "<dt>ما يجب إحضاره</dt>" in page  # "À apporter"
    # The places' own texts stay French, marked as such.
    assert '<span lang="fr" dir="ltr">Épicerie du Marché</span>' in page
    # The kept link and the partner pages are in Arabic too.
    assert re.search(r"/ar/o/[A-Za-z0-9_-]{16}", page)
    assert "/ar/partenaires/" in page
    # The French URL of an Arabic slip goes to its language.
    slip_id = location.rsplit("/", 1)[1]
    assert client.get(f"/orientation/fiche/{slip_id}").headers["Location"].endswith(f"/ar/orientation/fiche/{slip_id}")


def test_a_place_unpublished_since_drops_out_of_the_kept_slip(client, chosen):
    food, other = chosen
    link = _kept_link(client.get(_make_slip(client)).get_data(as_text=True))
    other.status = "draft"
    db.session.flush()
    page = client.application.test_client().get(link).get_data(as_text=True)
    assert "Épicerie du Marché" in page and "Maison des papiers" not in page


def test_a_slip_page_is_shown_only_to_the_session_that_made_it(client, chosen):
    location = _make_slip(client)
    other = client.application.test_client()
    assert login(other, make_user("professional")).status_code == 302
    assert other.get(location).status_code == 404


def test_an_empty_selection_makes_no_slip(client, pro):
    response = client.post("/orientation/fiche", data={"locale": "fr"})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(Slip.id))) == 0
