"""The authorization matrix: every route of accounts, the back office and the partner space,
for each kind of visitor, with GET and POST. A row states what each one must get."""

from __future__ import annotations

import pytest

from tests.factories import login, make_user

VISITORS = ("anonymous", "professional", "partner", "admin")

# path: {method: (anonymous, professional, partner member, admin)}
# 302 for anonymous on a protected page is the redirect to the login form.
MATRIX = {
    "/connexion": {"GET": (200, 302, 302, 302), "POST": (422, 302, 302, 302)},
    "/deconnexion": {"GET": (405, 405, 405, 405), "POST": (302, 302, 302, 302)},
    "/mot-de-passe-oublie": {"GET": (200, 200, 200, 200), "POST": (422, 422, 422, 422)},
    "/mot-de-passe/jeton-inconnu": {"GET": (410, 410, 410, 410), "POST": (410, 410, 410, 410)},
    "/invitation/jeton-inconnu": {"GET": (410, 410, 410, 410), "POST": (410, 410, 410, 410)},
    "/admin": {"GET": (302, 403, 403, 200), "POST": (405, 405, 405, 405)},
    "/admin/utilisateurs": {"GET": (302, 403, 403, 200), "POST": (302, 403, 403, 422)},
    "/espace": {"GET": (302, 403, 200, 200), "POST": (405, 405, 405, 405)},
}

CASES = [
    pytest.param(path, method, visitor, codes[i], id=f"{method} {path} {visitor}")
    for path, methods in MATRIX.items()
    for method, codes in methods.items()
    for i, visitor in enumerate(VISITORS)
]


@pytest.mark.parametrize(("path", "method", "visitor", "expected"), CASES)
def test_route_answers_each_visitor_as_expected(client, path, method, visitor, expected):
    if visitor != "anonymous":
        assert login(client, make_user(visitor)).status_code == 302
    response = client.open(path, method=method, data={})
    assert response.status_code == expected
    if expected == 302 and visitor == "anonymous" and path not in ("/connexion", "/deconnexion"):
        assert "/connexion?next=" in response.headers["Location"]


def test_every_accounts_route_is_in_the_matrix(app):
    """A new route of these blueprints must be added to the matrix above."""
    covered = {path.replace("jeton-inconnu", "<token>") for path in MATRIX}
    routes = {
        rule.rule for rule in app.url_map.iter_rules()
        if rule.endpoint.split(".")[0] in ("accounts", "admin", "partners")
    }
    assert routes <= covered, routes - covered
