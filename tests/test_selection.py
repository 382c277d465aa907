"""Ma sélection: a professional gathers places for one person from lists, search and partner
pages, notes them, orders them and clears them for the next person; nobody else can."""

from __future__ import annotations

import pytest

from portal.orientation import selection
from tests.factories import login, make_partner, make_service, make_user, subneed

ADD = "/orientation/selection/ajouter"


def _keys(client) -> list[str]:
    with client.session_transaction() as held:
        return [selection.key_of(i["partner"], i["service"]) for i in held.get(selection.SESSION_KEY, [])]


def _notes(client) -> dict[str, str]:
    with client.session_transaction() as held:
        return {selection.key_of(i["partner"], i["service"]): i["note"]
                for i in held.get(selection.SESSION_KEY, [])}


def _places(n: int):
    return [make_partner(name=f"Lieu {chr(65 + i)}") for i in range(n)]


def test_a_place_added_from_its_page_comes_back_to_the_page_and_shows_as_selected(client, pro):
    partner = make_partner(name="Restos du cœur Wazemmes")
    page = client.get(f"/partenaires/{partner.slug}").get_data(as_text=True)
    assert f'name="partner_id" value="{partner.id}"' in page
    # The button says which place, for a screen reader.
    assert "Ajouter <span class=\"visually-hidden\">Restos du cœur Wazemmes</span> à ma sélection" in page

    response = client.post(ADD, data={"partner_id": partner.id, "suivant": f"/partenaires/{partner.slug}"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/partenaires/{partner.slug}")
    page = client.get(f"/partenaires/{partner.slug}").get_data(as_text=True)
    assert "Ajouté à votre sélection : Restos du cœur Wazemmes." in page
    assert "Dans ma sélection ✓" in page
    assert "Ma sélection (1)" in page
    assert _keys(client) == [f"p{partner.id}"]


def test_a_service_and_a_list_card_add_their_own_entries(client, pro):
    partner = make_partner()
    service = make_service(partner, [subneed("colis-alimentaire")], name="Colis du mardi")
    page = client.get(f"/partenaires/{partner.slug}").get_data(as_text=True)
    assert f'name="service_id" value="{service.id}"' in page
    client.post(ADD, data={"partner_id": partner.id, "service_id": service.id})
    # A list card carries the partner's button, coming back to the list with its query string.
    listing = client.get("/besoins/alimentation/colis-alimentaire?tri=proche").get_data(as_text=True)
    assert 'name="suivant" value="/besoins/alimentation/colis-alimentaire?tri=proche"' in listing
    response = client.post(ADD, data={"partner_id": partner.id,
                                      "suivant": "/besoins/alimentation/colis-alimentaire?tri=proche"})
    assert response.headers["Location"].endswith("/besoins/alimentation/colis-alimentaire?tri=proche")
    assert _keys(client) == [f"s{service.id}", f"p{partner.id}"]


def test_a_service_of_another_place_or_an_unpublished_place_is_refused(client, pro):
    partner, other = make_partner(), make_partner()
    service = make_service(other, [subneed("colis-alimentaire")])
    hidden = make_partner(status="draft")
    assert client.post(ADD, data={"partner_id": partner.id, "service_id": service.id}).status_code == 404
    assert client.post(ADD, data={"partner_id": hidden.id}).status_code == 404
    assert client.post(ADD, data={"partner_id": "abc"}).status_code == 400
    assert _keys(client) == []


def test_a_place_is_added_once_and_a_full_selection_says_so(client, pro):
    places = _places(selection.MAX_ITEMS + 1)
    client.post(ADD, data={"partner_id": places[0].id})
    client.post(ADD, data={"partner_id": places[0].id})
    assert "Déjà dans votre sélection" in client.get("/orientation/selection").get_data(as_text=True)
    for place in places[1:selection.MAX_ITEMS]:
        client.post(ADD, data={"partner_id": place.id})
    client.post(ADD, data={"partner_id": places[-1].id})
    page = client.get("/orientation/selection").get_data(as_text=True)
    assert "Votre sélection est pleine (10 lieux au plus)" in page
    assert len(_keys(client)) == selection.MAX_ITEMS
    assert f"p{places[-1].id}" not in _keys(client)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example",
                                    "http:/evil.example", "javascript:alert(1)"])
def test_an_unsafe_return_path_is_never_followed(client, pro, target):
    partner = make_partner()
    response = client.post(ADD, data={"partner_id": partner.id, "suivant": target})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/orientation/selection")


def test_notes_are_saved_trimmed_and_a_long_note_is_refused_keeping_what_was_typed(client, pro):
    a, b = _places(2)
    for place in (a, b):
        client.post(ADD, data={"partner_id": place.id})
    page = client.get("/orientation/selection").get_data(as_text=True)
    assert "N&#39;écrivez rien qui l&#39;identifie." in page or "N'écrivez rien qui l'identifie." in page
    response = client.post("/orientation/selection/notes", data={
        f"note_p{a.id}": "  Se présenter à l'accueil du matin  ", f"note_p{b.id}": ""})
    assert response.status_code == 302
    assert _notes(client) == {f"p{a.id}": "Se présenter à l'accueil du matin", f"p{b.id}": ""}

    too_long = "x" * 201
    response = client.post("/orientation/selection/notes", data={f"note_p{a.id}": too_long})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "La note fait au plus 200 caractères." in page
    assert too_long in page
    assert _notes(client)[f"p{a.id}"] == "Se présenter à l'accueil du matin"


def test_places_move_up_and_down_and_typed_notes_are_kept_on_the_way(client, pro):
    a, b, c = _places(3)
    for place in (a, b, c):
        client.post(ADD, data={"partner_id": place.id})
    response = client.post("/orientation/selection/deplacer",
                           data={"up": f"p{c.id}", f"note_p{c.id}": "Le mardi seulement"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/orientation/selection#lieu-p{c.id}")
    assert _keys(client) == [f"p{a.id}", f"p{c.id}", f"p{b.id}"]
    assert _notes(client)[f"p{c.id}"] == "Le mardi seulement"
    client.post("/orientation/selection/deplacer", data={"down": f"p{a.id}"})
    assert _keys(client) == [f"p{c.id}", f"p{a.id}", f"p{b.id}"]
    page = client.get("/orientation/selection").get_data(as_text=True)
    page = page[page.index('class="selection-list"'):]
    assert page.index("Lieu C") < page.index("Lieu A") < page.index("Lieu B")


def test_a_place_is_removed_and_the_selection_cleared_for_the_next_person(client, pro):
    a, b = _places(2)
    for place in (a, b):
        client.post(ADD, data={"partner_id": place.id})
    client.post("/orientation/selection/retirer", data={"key": f"p{a.id}"})
    assert _keys(client) == [f"p{b.id}"]
    client.post("/orientation/selection/vider")
    assert _keys(client) == []
    page = client.get("/orientation/selection").get_data(as_text=True)
    assert "Votre sélection est vide." in page
    assert "Ajouter à ma sélection" in page  # the empty state says how to add places


@pytest.mark.parametrize("role", [None, "partner"])
def test_the_public_and_partner_members_get_no_selection_buttons(client, role):
    partner = make_partner()
    make_service(partner, [subneed("colis-alimentaire")])
    if role:
        assert login(client, make_user(role)).status_code == 302
    page = client.get(f"/partenaires/{partner.slug}").get_data(as_text=True)
    listing = client.get("/besoins/alimentation/colis-alimentaire").get_data(as_text=True)
    for html in (page, listing):
        assert "/orientation/selection/ajouter" not in html
        assert "Ma sélection" not in html


@pytest.mark.parametrize("prefix", ["", "/en", "/ar"])
def test_each_note_is_labelled_with_its_place_in_every_language(client, pro, prefix):
    from flask_babel import refresh

    partner = make_partner(name="Épicerie <Solidaire> Fives")
    assert client.post(ADD, data={"partner_id": partner.id}).status_code == 302
    page = client.get(f"{prefix}/orientation/selection").get_data(as_text=True)
    refresh()
    label = page.split(f'for="note_p{partner.id}"', 1)[1].split("</label>", 1)[0]
    # The name shows as the place's name (its own characters escaped once), never as tags.
    assert "Épicerie &lt;Solidaire&gt; Fives" in label
    assert "&lt;span" not in label and "&amp;lt;" not in label
    if prefix:
        assert '<span lang="fr" dir="ltr">' in label
