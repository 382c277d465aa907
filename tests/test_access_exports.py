"""The authorization matrix of the open-data files and their page: public and read-only, the
same answer for every visitor. Each row is keyed by the route's rule, with a path that matches
it and the codes (anonymous, professional, partner member, admin)."""

from __future__ import annotations

import pytest

from tests.factories import login, make_user

VISITORS = ("anonymous", "professional", "partner", "admin")
PUBLIC_READ = {"GET": (200, 200, 200, 200), "POST": (405, 405, 405, 405)}

EXPORT_ROUTES: dict[str, tuple[str, dict]] = {
    rule: (rule, PUBLIC_READ) for rule in (
        "/api/v1/data-inclusion/structures.json",
        "/api/v1/data-inclusion/structures.csv",
        "/api/v1/data-inclusion/services.json",
        "/api/v1/data-inclusion/services.csv",
        "/api/v1/mediation-numerique/lieux.json",
        "/api/v1/mediation-numerique/lieux.csv",
        "/donnees",
    )
}

CASES = [
    pytest.param(path, method, visitor, codes[i], id=f"{method} {path} {visitor}")
    for _rule, (path, methods) in EXPORT_ROUTES.items()
    for method, codes in methods.items()
    for i, visitor in enumerate(VISITORS)
]


@pytest.mark.parametrize(("path", "method", "visitor", "expected"), CASES)
def test_export_route_answers_each_visitor_the_same(client, path, method, visitor, expected):
    if visitor != "anonymous":
        assert login(client, make_user(visitor)).status_code == 302
    response = client.open(path, method=method, data={})
    response.get_data()  # a streamed body is read, as any client does
    assert response.status_code == expected


def test_every_export_route_is_in_the_matrix(app):
    """A new open file (or page about them) must be added to the matrix above."""
    routes = {rule.rule for rule in app.url_map.iter_rules()
              if rule.endpoint.startswith(("api.data-inclusion", "api.mediation-numerique"))
              or rule.endpoint == "open_data.open_data"}
    assert len(routes) == 7 and routes <= set(EXPORT_ROUTES), routes - set(EXPORT_ROUTES)
