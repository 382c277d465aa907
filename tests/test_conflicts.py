"""No lost edits: when two people edit the same listing, the second save gets a conflict page
that shows both versions and keeps what they typed, and they can save their version knowingly."""

from __future__ import annotations

import html
import re

import pytest

from portal.extensions import db
from portal.moderation import operations as moderation
from portal.moderation.snapshots import snapshot_of
from tests.factories import login, make_partner, make_service, make_user, subneed
from tests.partner_space import hidden_fields, presentation_form, revisions_of


@pytest.fixture()
def two_editors(app):
    """A partner with two members, each with their own browser, both logged in."""
    partner = make_partner(name="Centre social Lazare Garreau", phone="03 20 11 22 33")
    make_service(partner, [subneed("colis-alimentaire")], name="Colis")
    alice = make_user("partner", partners=[partner], email="alice@exemple.fr")
    bruno = make_user("partner", partners=[partner], email="bruno@exemple.fr")
    browsers = app.test_client(), app.test_client()
    for browser, user in zip(browsers, (alice, bruno), strict=True):
        assert login(browser, user).status_code == 302
    return partner, browsers


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_the_second_save_gets_a_conflict_page_keeping_what_was_typed(two_editors):
    partner, (alice, bruno) = two_editors
    alice_form = presentation_form(alice, partner.slug, phone="03 20 44 44 44")
    bruno_form = presentation_form(bruno, partner.slug, phone="03 20 55 55 55", city="Lomme",
                                   presentation="Texte de Bruno")
    assert alice.post(f"/espace/{partner.slug}/presentation", data=alice_form).status_code == 302

    response = bruno.post(f"/espace/{partner.slug}/presentation", data=bruno_form)
    assert response.status_code == 409
    page = _text(response)
    assert "Quelqu'un a modifié cette fiche pendant que vous la modifiiez" in page
    comparison = page.split('id="conflit"', 1)[1].split("</table>", 1)[0]
    row = re.search(r"<th scope=\"row\">Téléphone</th><td>(.*?)</td><td>(.*?)</td>", comparison)
    assert row.groups() == ("03 20 44 44 44", "03 20 55 55 55")  # current version, then Bruno's
    assert "Lomme" in comparison and "Texte de Bruno" in comparison
    # Bruno's typed values are still in the form, now carrying the current version.
    assert 'value="03 20 55 55 55"' in page and 'value="Lomme"' in page and "Texte de Bruno" in page
    (alice_revision,) = revisions_of(partner)
    assert hidden_fields(page)["base_revision"] == str(alice_revision.id)

    # Nothing of Bruno's was saved yet; re-sending the conflict form saves his version.
    assert moderation.pending_for(partner).snapshot["partner"]["phone"] == "03 20 44 44 44"
    resend = hidden_fields(page) | {k: v for k, v in bruno_form.items() if k not in ("base_version", "base_revision")}
    assert bruno.post(f"/espace/{partner.slug}/presentation", data=resend).status_code == 302
    pending = moderation.pending_for(partner)
    assert pending.snapshot["partner"]["phone"] == "03 20 55 55 55"
    assert pending.snapshot["partner"]["city"] == "Lomme"


def test_an_approval_in_between_is_a_conflict_too(two_editors):
    partner, (alice, bruno) = two_editors
    stale = presentation_form(bruno, partner.slug, email="bruno@centre.fr")
    alice.post(f"/espace/{partner.slug}/presentation", data=presentation_form(alice, partner.slug, city="Hellemmes"))
    moderation.approve(moderation.pending_for(partner), make_user("admin"))
    db.session.commit()
    response = bruno.post(f"/espace/{partner.slug}/presentation", data=stale)
    assert response.status_code == 409
    page = _text(response)
    assert 'value="bruno@centre.fr"' in page
    # His form was built on "Lille": the comparison shows the commune he would put back.
    assert re.search(r"<th scope=\"row\">Commune</th><td>Hellemmes</td><td>Lille</td>", page)


def test_a_stale_service_edit_is_a_conflict(two_editors):
    partner, (alice, bruno) = two_editors
    key = str(partner.services[0].id)
    page = bruno.get(f"/espace/{partner.slug}/services/{key}").get_data(as_text=True)
    alice_page = alice.get(f"/espace/{partner.slug}/services/{key}").get_data(as_text=True)
    alice.post(f"/espace/{partner.slug}/services/{key}",
               data=hidden_fields(alice_page) | {"name": "Colis d'Alice", "subneeds": ["colis-alimentaire"], "fees": "gratuit"})
    response = bruno.post(f"/espace/{partner.slug}/services/{key}",
                          data=hidden_fields(page) | {"name": "Colis de Bruno", "subneeds": ["colis-alimentaire"], "fees": "gratuit"})
    assert response.status_code == 409
    text = _text(response)
    assert "Colis d'Alice" in text and 'value="Colis de Bruno"' in text


def test_a_stale_button_does_nothing_and_says_why(two_editors):
    partner, (alice, bruno) = two_editors
    key = str(partner.services[0].id)
    stale = hidden_fields(bruno.get(f"/espace/{partner.slug}/services").get_data(as_text=True))
    alice.post(f"/espace/{partner.slug}/presentation", data=presentation_form(alice, partner.slug, city="Lomme"))
    response = bruno.post(f"/espace/{partner.slug}/services/{key}/archiver", data=stale)
    assert response.status_code == 302
    assert "modifiée par quelqu'un d'autre" in _text(bruno.get(response.headers["Location"]))
    assert [s["status"] for s in moderation.pending_for(partner).snapshot["services"]] == ["published"]


@pytest.mark.committing  # a second connection must see the listing
def test_two_publications_cannot_cross_in_the_database(two_editors, app):
    """The version column is checked by the ORM: a write based on an old version fails."""
    from sqlalchemy.orm import Session
    from sqlalchemy.orm.exc import StaleDataError

    from portal.directory.models import Partner

    partner, _browsers = two_editors
    partner_id = partner.id
    with Session(db.engine) as other:
        stale = other.get(Partner, partner_id)
        moderation.apply_snapshot(partner, snapshot_of(partner))
        db.session.commit()
        stale.version = stale.version + 1
        stale.city = "Lomme"
        with pytest.raises(StaleDataError):
            other.commit()


def test_the_database_holds_at_most_one_pending_revision_per_partner(two_editors):
    from sqlalchemy.exc import IntegrityError

    from portal.moderation.models import Revision

    partner, _browsers = two_editors
    for _ in range(2):
        db.session.add(Revision(partner=partner, status="pending", base_version=1, snapshot=snapshot_of(partner)))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
