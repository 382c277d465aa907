"""The weekly digest: one e-mail per professional when a followed place closes, changes its
hours or access, or when a saved search finds a new place; nothing when nothing changed."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from portal.db import utcnow
from portal.directory.models import Closure, OpeningSlot
from portal.extensions import db
from portal.orientation import favourites
from portal.orientation.digest import send_digests
from tests.factories import login, make_partner, make_service, make_user, subneed
from tests.mailbox import smtp_server  # noqa: F401 (fixture)


@pytest.fixture()
def place():
    partner = make_partner(name="Restos du Cœur de Fives")
    make_service(partner, [subneed("colis-alimentaire")], name="Colis du mardi")
    return partner


def _star(client, partner) -> None:
    assert client.post(f"/orientation/favoris/{partner.id}").status_code == 302


def _today() -> date:
    return favourites.today(utcnow())


def test_a_closure_of_a_followed_place_is_told_once(client, pro, place, smtp_server):  # noqa: F811
    _star(client, place)
    start, end = _today() + timedelta(days=3), _today() + timedelta(days=10)
    db.session.add(Closure(partner_id=place.id, start_date=start, end_date=end, message="Travaux"))
    db.session.commit()

    assert send_digests(utcnow()) == 1
    [mail] = smtp_server.messages
    assert mail.recipients == [pro.email]
    assert "Restos du Cœur de Fives" in mail.text
    assert f"fermé temporairement du {start.day} " in mail.text
    assert f" au {end.day} " in mail.text and "(Travaux)" in mail.text
    assert f"/partenaires/{place.slug}" in mail.text
    assert "/orientation/" in mail.text  # where to stop following
    # Told once: the second run finds nothing new.
    assert send_digests(utcnow()) == 0
    assert len(smtp_server.messages) == 1
    # The space shows the last change told.
    assert "fermeture temporaire" in client.get("/orientation/").get_data(as_text=True)


def test_nothing_changed_no_mail(client, pro, place, smtp_server):  # noqa: F811
    _star(client, place)
    assert send_digests(utcnow()) == 0
    assert smtp_server.messages == []


def test_hours_and_access_changes_are_told(client, pro, place, smtp_server):  # noqa: F811
    _star(client, place)
    place.slots.append(OpeningSlot(weekday=5, opens=time(9), closes=time(12)))
    place.services[0].access_modes = ["sur-rendez-vous"]
    db.session.commit()

    assert send_digests(utcnow()) == 1
    text = smtp_server.messages[0].text
    assert "horaires modifiés" in text
    assert "conditions d'accès modifiées" in text
    assert "fermé temporairement" not in text


def test_an_unpublished_place_is_told_and_nothing_else(client, pro, place, smtp_server):  # noqa: F811
    _star(client, place)
    place.status = "draft"
    place.services[0].access_modes = []
    db.session.commit()
    assert send_digests(utcnow()) == 1
    text = smtp_server.messages[0].text
    assert "n'est plus publié" in text and "conditions d'accès" not in text


def test_a_closure_that_went_by_is_not_a_change(client, pro, place, smtp_server):  # noqa: F811
    yesterday = _today() - timedelta(days=1)
    db.session.add(Closure(partner_id=place.id, start_date=yesterday - timedelta(days=5), end_date=yesterday))
    db.session.commit()
    _star(client, place)
    fav = favourites.favourites_of(pro)[0]
    # As if starred a week ago, while the closure still ran.
    seen = dict(fav.seen)
    seen["fp"] = dict(seen["fp"], closures=[[(yesterday - timedelta(days=5)).isoformat(), yesterday.isoformat(), ""]])
    fav.seen = seen
    db.session.commit()
    assert send_digests(utcnow()) == 0


def test_each_professional_gets_one_mail_about_their_own_places(client, pro, place, smtp_server):  # noqa: F811
    other = make_partner(name="Épicerie solidaire")
    _star(client, place)
    _star(client, other)
    colleague = make_user("professional")
    colleague_client = client.application.test_client()
    login(colleague_client, colleague)
    _star(colleague_client, other)
    for partner in (place, other):
        db.session.add(Closure(partner_id=partner.id, start_date=_today(), end_date=_today() + timedelta(days=2)))
    db.session.commit()

    assert send_digests(utcnow()) == 2
    mine = smtp_server.to(pro.email)
    theirs = smtp_server.to(colleague.email)
    assert len(mine) == 1 and len(theirs) == 1
    assert "Restos du Cœur de Fives" in mine[0].text and "Épicerie solidaire" in mine[0].text
    assert "Restos du Cœur de Fives" not in theirs[0].text


def test_closed_accounts_and_partner_members_get_nothing(client, pro, place, smtp_server):  # noqa: F811
    _star(client, place)
    pro.is_active = False
    db.session.add(Closure(partner_id=place.id, start_date=_today(), end_date=_today()))
    db.session.commit()
    assert send_digests(utcnow()) == 0
    assert smtp_server.messages == []


def test_a_saved_sub_need_search_tells_of_a_new_place_once(client, pro, place, smtp_server):  # noqa: F811
    response = client.post("/orientation/recherches", data={
        "vue": "subneed", "besoin": "alimentation", "sous_besoin": "colis-alimentaire", "label": ""})
    assert response.status_code == 302
    assert send_digests(utcnow()) == 0  # the places found when saving are known

    newcomer = make_partner(name="Banque alimentaire du Faubourg")
    make_service(newcomer, [subneed("colis-alimentaire")])
    elsewhere = make_partner(name="Laverie solidaire")
    make_service(elsewhere, [subneed("repas-chaud")])
    db.session.commit()

    assert send_digests(utcnow()) == 1
    text = smtp_server.messages[0].text
    assert "Nouveau lieu pour « Colis alimentaire » : Banque alimentaire du Faubourg" in text
    assert "Laverie solidaire" not in text and "Restos du Cœur" not in text
    assert f"/partenaires/{newcomer.slug}" in text
    assert "/besoins/alimentation/colis-alimentaire" in text
    assert send_digests(utcnow()) == 0
    assert len(smtp_server.messages) == 1


def test_a_saved_filter_keeps_out_what_it_filters(client, pro, place, smtp_server):  # noqa: F811
    client.post("/orientation/recherches", data={
        "vue": "subneed", "besoin": "alimentation", "sous_besoin": "colis-alimentaire", "gratuit": "1"})
    paying = make_partner(name="Épicerie à petits prix")
    make_service(paying, [subneed("colis-alimentaire")], fees="payant")
    db.session.commit()
    assert send_digests(utcnow()) == 0


@pytest.mark.committing  # the index follows real commits
def test_a_saved_text_search_tells_of_a_new_place(own_index, client, pro, place, smtp_server):  # noqa: F811
    db.session.commit()
    response = client.post("/orientation/recherches", data={"vue": "search", "q": "colis", "label": "Colis"})
    assert response.status_code == 302
    assert favourites.searches_of(pro)[0].known == [place.id]

    newcomer = make_partner(name="Le Panier du Faubourg")
    make_service(newcomer, [subneed("colis-alimentaire")], name="Colis du jeudi")
    db.session.commit()

    assert send_digests(utcnow()) == 1
    text = smtp_server.messages[0].text
    assert "Nouveau lieu pour « Colis » : Le Panier du Faubourg" in text
    assert "/recherche?q=colis" in text
    assert send_digests(utcnow()) == 0


def test_the_command_sends_the_digest(app, client, pro, place, smtp_server):  # noqa: F811
    _star(client, place)
    db.session.add(Closure(partner_id=place.id, start_date=_today(), end_date=_today()))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["orientation", "digest"])
    assert result.exit_code == 0, result.output
    assert "Résumés envoyés : 1." in result.output
    assert len(smtp_server.messages) == 1


def test_the_space_says_when_the_next_digest_comes(client, pro, place):
    _star(client, place)
    assert "Le premier partira dans la semaine qui vient." in client.get("/orientation/").get_data(as_text=True)
    ran = utcnow() + timedelta(days=1)
    send_digests(ran)
    coming = favourites.today(ran + timedelta(days=7))
    page = client.get("/orientation/").get_data(as_text=True)
    assert f"Prochain résumé vers le {coming.day} " in page
