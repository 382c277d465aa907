"""The authorization matrix of the CCAS's page on the digital-inclusion network: administrators
only. Each row gives the codes for (anonymous, professional, partner member, admin); 302 for an
anonymous visitor is the redirect to the login form."""

from __future__ import annotations

import pytest

from tests.factories import login, make_user

VISITORS = ("anonymous", "professional", "partner", "admin")
ADMIN_ONLY_GET = {"GET": (302, 403, 403, 200), "POST": (405, 405, 405, 405)}

NETWORK_MATRIX = {
    "/admin/reseau-numerique": ADMIN_ONLY_GET,
    "/admin/reseau-numerique.csv": ADMIN_ONLY_GET,
    "/admin/reseau-numerique/diagnostics.csv": ADMIN_ONLY_GET,
}
# The rules this matrix covers, for the coverage test of tests/test_access.py.
NETWORK_ROUTES: set[str] = set(NETWORK_MATRIX)

CASES = [
    pytest.param(path, method, visitor, codes[i], id=f"{method} {path} {visitor}")
    for path, methods in NETWORK_MATRIX.items()
    for method, codes in methods.items()
    for i, visitor in enumerate(VISITORS)
]


@pytest.mark.parametrize(("path", "method", "visitor", "expected"), CASES)
def test_network_route_answers_each_visitor_as_expected(client, path, method, visitor, expected):
    if visitor != "anonymous":
        assert login(client, make_user(visitor)).status_code == 302
    response = client.open(path, method=method, data={})
    assert response.status_code == expected
    if expected == 302 and visitor == "anonymous":
        assert "/connexion?next=" in response.headers["Location"]


def test_every_network_route_is_in_the_matrix(app):
    """A new page of the network's figures must be added to the matrix above."""
    routes = {rule.rule for rule in app.url_map.iter_rules()
              if rule.endpoint in ("admin.network_figures", "admin.network_figures_csv",
                                   "admin.diagnostic_counts_csv")}
    assert routes == NETWORK_ROUTES
