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

ORIENTATION_MATRIX: dict[str, tuple[str, dict]] = {
    # --- selection and slip ---
    # --- sending ---
    # --- favourites and saved searches ---
    # --- orientation requests ---
    # --- account requests and the CCAS counts ---
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
