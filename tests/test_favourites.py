"""Favourites and saved searches: a professional follows places and keeps searches, and finds
them in "Mon espace professionnel"."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.orientation import favourites
from portal.orientation.models import Favourite, SavedSearch
from tests.factories import login, make_partner, make_service, make_user, quartier, subneed

SUBNEED_PAGE = "/besoins/alimentation/colis-alimentaire"


@pytest.fixture()
def place():
    partner = make_partner(name="Épicerie des Bois-Blancs")
    make_service(partner, [subneed("colis-alimentaire")])
    return partner


def _favourites(user) -> list[int]:
    return list(db.session.scalars(select(Favourite.partner_id).where(Favourite.user_id == user.id)))


def test_a_place_starred_from_its_page_is_in_the_professional_space(client, pro, place):
    page = client.get(f"/partenaires/{place.slug}").get_data(as_text=True)
    assert "Suivre ce lieu" in page and f"/orientation/favoris/{place.id}" in page

    response = client.post(f"/orientation/favoris/{place.id}", data={"suivant": f"/partenaires/{place.slug}"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/partenaires/{place.slug}"
    assert _favourites(pro) == [place.id]
    page = client.get(f"/partenaires/{place.slug}").get_data(as_text=True)
    assert "Suivi" in page and "Ne plus suivre" in page and "Suivre ce lieu" not in page

    home = client.get("/orientation/").get_data(as_text=True)
    assert "Épicerie des Bois-Blancs" in home
    assert "Wazemmes" in home  # its quartier
    assert "Vous ne suivez aucun lieu" not in home

    # Starring twice keeps one favourite.
    client.post(f"/orientation/favoris/{place.id}")
    assert _favourites(pro) == [place.id]


def test_unstarring_takes_the_place_out_of_the_space(client, pro, place):
    client.post(f"/orientation/favoris/{place.id}")
    response = client.post(f"/orientation/favoris/{place.id}/retirer", data={"suivant": "/orientation/"})
    assert response.headers["Location"] == "/orientation/"
    assert _favourites(pro) == []
    assert "Vous ne suivez aucun lieu" in client.get("/orientation/").get_data(as_text=True)


def test_the_return_address_must_stay_on_the_site(client, pro, place):
    response = client.post(f"/orientation/favoris/{place.id}", data={"suivant": "https://ailleurs.example/"})
    assert response.headers["Location"] == f"/partenaires/{place.slug}"


def test_cards_of_a_list_offer_to_follow_each_place(client, pro, place):
    page = client.get(SUBNEED_PAGE).get_data(as_text=True)
    assert f"/orientation/favoris/{place.id}" in page
    assert "Enregistrer cette recherche" in page


def test_the_public_sees_neither_star_nor_save_button(client, place):
    page = client.get(f"/partenaires/{place.slug}").get_data(as_text=True)
    assert "Suivre ce lieu" not in page
    assert "Enregistrer cette recherche" not in client.get(SUBNEED_PAGE).get_data(as_text=True)


def test_an_unpublished_or_unknown_place_cannot_be_starred(client, pro):
    draft = make_partner(status="draft")
    assert client.post(f"/orientation/favoris/{draft.id}").status_code == 404
    assert client.post("/orientation/favoris/987654").status_code == 404
    assert _favourites(pro) == []


@pytest.mark.parametrize("role", ["partner", None])
def test_partner_members_and_visitors_cannot_star(client, place, role):
    if role:
        assert login(client, make_user(role)).status_code == 302
    response = client.post(f"/orientation/favoris/{place.id}")
    assert response.status_code == (403 if role else 302)
    assert db.session.scalar(select(func.count(Favourite.id))) == 0


def test_a_place_unpublished_after_starring_says_so_and_can_be_left(client, pro, place):
    client.post(f"/orientation/favoris/{place.id}")
    place.status = "draft"
    db.session.commit()
    home = client.get("/orientation/").get_data(as_text=True)
    assert "N&#39;est plus publié" in home or "N'est plus publié" in home
    client.post(f"/orientation/favoris/{place.id}/retirer")
    assert _favourites(pro) == []


def test_a_sub_need_search_is_saved_with_a_readable_label_and_runs_again(client, pro, place):
    response = client.post("/orientation/recherches", data={
        "vue": "subneed", "besoin": "alimentation", "sous_besoin": "colis-alimentaire",
        "quartier": "wazemmes", "gratuit": "1", "adresse": "2 rue de Fives", "pres": "50.6,3.0",
        "inconnu": "x", "label": ""})
    assert response.status_code == 302
    saved = db.session.scalars(select(SavedSearch).where(SavedSearch.user_id == pro.id)).one()
    assert saved.label == "Colis alimentaire · Wazemmes · gratuit"
    # Addresses and positions are never kept, nor names the page does not know.
    assert set(saved.params) == {"vue", "besoin", "sous_besoin", "quartier", "gratuit", "langue_page"}
    assert saved.known == [place.id]
    assert response.headers["Location"] == SUBNEED_PAGE + "?quartier=wazemmes&gratuit=1"

    home = client.get("/orientation/").get_data(as_text=True)
    assert "Colis alimentaire · Wazemmes · gratuit" in home
    assert SUBNEED_PAGE in home
    assert client.get(response.headers["Location"]).status_code == 200


def test_a_search_page_search_keeps_its_words_and_filters(client, pro):
    response = client.post("/orientation/recherches", data={
        "vue": "search", "q": "douche", "quartier": "wazemmes", "sans_rdv": "1", "besoin": "nimporte",
        "label": "Douches près du marché"})
    assert response.status_code == 302
    saved = db.session.scalars(select(SavedSearch)).one()
    assert saved.label == "Douches près du marché"
    assert saved.params["q"] == ["douche"] and "besoin" not in saved.params
    location = response.headers["Location"]
    assert location.startswith("/recherche?") and "q=douche" in location and "sans_rdv=1" in location


def test_a_forged_or_empty_search_is_not_saved(client, pro):
    assert client.post("/orientation/recherches", data={"vue": "search"}).status_code == 404
    assert client.post("/orientation/recherches", data={
        "vue": "subneed", "besoin": "alimentation", "sous_besoin": "inconnu"}).status_code == 404
    assert db.session.scalar(select(func.count(SavedSearch.id))) == 0


def test_a_too_long_name_comes_back_with_what_was_typed(client, pro):
    name = "Un nom bien trop long " * 8
    response = client.post("/orientation/recherches", data={
        "vue": "search", "q": "colis", "label": name})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "au plus 120 caractères" in page
    assert name.strip() in page
    assert db.session.scalar(select(func.count(SavedSearch.id))) == 0


def test_twenty_saved_searches_at_most(client, pro):
    for n in range(favourites.MAX_SEARCHES):
        db.session.add(SavedSearch(user_id=pro.id, label=f"Recherche {n}",
                                   params={"vue": ["search"], "q": [f"mot{n}"]}))
    db.session.commit()
    response = client.post("/orientation/recherches", data={"vue": "search", "q": "colis"})
    assert response.status_code == 422
    assert "20 recherches enregistrées, le maximum" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(SavedSearch.id))) == favourites.MAX_SEARCHES


def test_a_saved_search_is_renamed_and_deleted_by_its_owner_only(client, pro):
    client.post("/orientation/recherches", data={"vue": "search", "q": "colis"})
    saved = db.session.scalars(select(SavedSearch)).one()

    response = client.post(f"/orientation/recherches/{saved.id}/renommer",
                           data={f"recherche-{saved.id}-label": "Colis du quartier"})
    assert response.status_code == 302
    assert "Colis du quartier" in client.get("/orientation/").get_data(as_text=True)

    too_long = client.post(f"/orientation/recherches/{saved.id}/renommer",
                           data={f"recherche-{saved.id}-label": "x" * 121})
    assert too_long.status_code == 422
    assert "au plus 120 caractères" in too_long.get_data(as_text=True)

    other = make_user("professional")
    other_client = client.application.test_client()
    login(other_client, other)
    assert other_client.post(f"/orientation/recherches/{saved.id}/supprimer").status_code == 404
    assert other_client.post(f"/orientation/recherches/{saved.id}/renommer").status_code == 404

    assert client.post(f"/orientation/recherches/{saved.id}/supprimer").status_code == 302
    assert db.session.scalar(select(func.count(SavedSearch.id))) == 0


def test_the_empty_space_explains_how_to_star_and_save(client, pro):
    page = client.get("/orientation/").get_data(as_text=True)
    assert "Suivre ce lieu" in page and "Enregistrer cette recherche" in page
    assert "une fois par semaine" in page


def test_the_space_is_in_the_menu_of_professionals_only(client, pro):
    assert 'href="/orientation/"' in client.get("/").get_data(as_text=True)


def test_the_space_speaks_english_and_arabic(client, pro, place):
    client.post(f"/orientation/favoris/{place.id}")
    for prefix in ("/en", "/ar"):
        response = client.get(f"{prefix}/orientation/")
        assert response.status_code == 200
        assert f'action="{prefix}/orientation/favoris/{place.id}/retirer"' in response.get_data(as_text=True)


def test_quartier_in_the_label_comes_from_the_reference(client, pro):
    assert favourites.default_label({"vue": ["search"], "quartier": [quartier("wazemmes").slug]}) == "Wazemmes"
