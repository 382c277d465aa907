"""The authorization matrix of the orientation toolkit and the pages around it: every route,
for each kind of visitor, with GET and POST. A row states what each one must get.

Each row is keyed by the route's rule, and gives a path that matches it (an unknown id or
token where the rule has one) with the codes (anonymous, professional, partner member, admin).
302 for anonymous on a protected page is the redirect to the login form."""

from __future__ import annotations

import pytest

from tests.factories import login, make_user

VISITORS = ("anonymous", "professional", "partner", "admin")
PRO_GET = {"GET": (302, 200, 403, 200), "POST": (405, 405, 405, 405)}
# A POST-only route naming nothing (an unknown id, or an empty form): 404 once allowed in.
POST_UNKNOWN = {"GET": (405, 405, 405, 405), "POST": (302, 404, 403, 404)}

ORIENTATION_MATRIX: dict[str, tuple[str, dict]] = {
    # --- selection and slip ---
    "/orientation/selection": ("/orientation/selection", PRO_GET),
    # A button sent with nothing in it: refused (400), never a 500.
    "/orientation/selection/ajouter": ("/orientation/selection/ajouter", {
        "GET": (405, 405, 405, 405), "POST": (302, 400, 403, 400)}),
    "/orientation/selection/notes": ("/orientation/selection/notes", {
        "GET": (405, 405, 405, 405), "POST": (302, 302, 403, 302)}),
    "/orientation/selection/retirer": ("/orientation/selection/retirer", {
        "GET": (405, 405, 405, 405), "POST": (302, 400, 403, 400)}),
    "/orientation/selection/deplacer": ("/orientation/selection/deplacer", {
        "GET": (405, 405, 405, 405), "POST": (302, 400, 403, 400)}),
    "/orientation/selection/vider": ("/orientation/selection/vider", {
        "GET": (405, 405, 405, 405), "POST": (302, 302, 403, 302)}),
    # GET with an empty selection goes back to it; POST with nothing chosen too.
    "/orientation/fiche": ("/orientation/fiche", {
        "GET": (302, 302, 403, 302), "POST": (302, 302, 403, 302)}),
    # A slip made in another session: not shown.
    "/orientation/fiche/<int:slip_id>": ("/orientation/fiche/999999", {
        "GET": (302, 404, 403, 404), "POST": (405, 405, 405, 405)}),
    # The kept link needs no account; an unknown one is gone for everyone.
    "/o/<token>": ("/o/AAAAAAAAAAAAAAAA", {
        "GET": (410, 410, 410, 410), "POST": (405, 405, 405, 405)}),
    # --- sending ---
    # An empty form from a professional or an administrator comes back with its mistakes.
    "/orientation/envoyer": ("/orientation/envoyer", {"GET": (302, 200, 403, 200),
                                                      "POST": (302, 422, 403, 422)}),
    # --- favourites and saved searches ---
    "/orientation/": ("/orientation/", PRO_GET),
    "/orientation/favoris/<int:partner_id>": ("/orientation/favoris/999999", POST_UNKNOWN),
    "/orientation/favoris/<int:partner_id>/retirer": ("/orientation/favoris/999999/retirer", POST_UNKNOWN),
    "/orientation/recherches": ("/orientation/recherches", POST_UNKNOWN),
    "/orientation/recherches/<int:search_id>/renommer": ("/orientation/recherches/999999/renommer",
                                                         POST_UNKNOWN),
    "/orientation/recherches/<int:search_id>/supprimer": ("/orientation/recherches/999999/supprimer",
                                                          POST_UNKNOWN),
    # --- orientation requests ---
    "/orientation/demande/<int:service_id>": ("/orientation/demande/999999", {
        "GET": (302, 404, 403, 404), "POST": (302, 404, 403, 404)}),
    "/orientation/demandes": ("/orientation/demandes", PRO_GET),
    # The partner's answer link needs no account: an unknown one is gone for everyone.
    "/orientation/reponse/<token>": ("/orientation/reponse/inconnu", {
        "GET": (410, 410, 410, 410), "POST": (410, 410, 410, 410)}),
    "/orientation/reponse-envoyee": ("/orientation/reponse-envoyee", {
        "GET": (200, 200, 200, 200), "POST": (405, 405, 405, 405)}),
    # --- account requests and the CCAS counts ---
    "/demande-de-compte-professionnel": ("/demande-de-compte-professionnel", {
        "GET": (200, 200, 200, 200), "POST": (422, 422, 422, 422)}),
    "/demande-de-compte-professionnel/envoyee": ("/demande-de-compte-professionnel/envoyee", {
        "GET": (200, 200, 200, 200), "POST": (405, 405, 405, 405)}),
    "/admin/demandes-de-compte": ("/admin/demandes-de-compte", {
        "GET": (302, 403, 403, 200), "POST": (405, 405, 405, 405)}),
    "/admin/demandes-de-compte/<int:request_id>/accepter": ("/admin/demandes-de-compte/999999/accepter", {
        "GET": (405, 405, 405, 405), "POST": (302, 403, 403, 404)}),
    "/admin/demandes-de-compte/<int:request_id>/refuser": ("/admin/demandes-de-compte/999999/refuser", {
        "GET": (405, 405, 405, 405), "POST": (302, 403, 403, 404)}),
    "/admin/orientations": ("/admin/orientations", {
        "GET": (302, 403, 403, 200), "POST": (405, 405, 405, 405)}),
    "/admin/orientations.csv": ("/admin/orientations.csv", {
        "GET": (302, 403, 403, 200), "POST": (405, 405, 405, 405)}),
}

CASES = [
    pytest.param(path, method, visitor, codes[i], id=f"{method} {path} {visitor}")
    for _rule, (path, methods) in ORIENTATION_MATRIX.items()
    for method, codes in methods.items()
    for i, visitor in enumerate(VISITORS)
]


@pytest.mark.parametrize(("path", "method", "visitor", "expected"), CASES)
def test_orientation_route_answers_each_visitor_as_expected(client, path, method, visitor, expected):
    if visitor != "anonymous":
        assert login(client, make_user(visitor)).status_code == 302
    response = client.open(path, method=method, data={})
    assert response.status_code == expected
    if expected == 302 and visitor == "anonymous" and method == "GET":
        assert "/connexion?next=" in response.headers["Location"]


def test_every_orientation_route_is_in_the_matrix(app):
    """A new route of the orientation blueprints must be added to the matrix above."""
    routes = {rule.rule for rule in app.url_map.iter_rules()
              if rule.endpoint.split(".")[0] in ("orientation", "orientation_public")}
    assert routes <= set(ORIENTATION_MATRIX), routes - set(ORIENTATION_MATRIX)
