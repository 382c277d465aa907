"""The authorization matrix of the JSON API and its documentation page: public and read-only,
the same answer for every visitor (GET), and a 405 for any write (POST).

Each row is keyed by the route's rule, and gives a path that matches it (an unknown slug or id
where 404 is expected) with the codes (anonymous, professional, partner member, admin)."""

from __future__ import annotations

import pytest

from portal.extensions import db
from tests.factories import login, make_partner, make_service, make_user, subneed

VISITORS = ("anonymous", "professional", "partner", "admin")
OPEN = {"GET": (200, 200, 200, 200), "POST": (405, 405, 405, 405)}
GONE = {"GET": (404, 404, 404, 404), "POST": (405, 405, 405, 405)}

API_MATRIX: dict[str, tuple[str, dict]] = {
    "/api/v1/structures": ("/api/v1/structures", OPEN),
    "/api/v1/structures/<slug>": ("/api/v1/structures/lieu-avec-fiche-pro", OPEN),
    "/api/v1/services": ("/api/v1/services", OPEN),
    "/api/v1/services/<int:service_id>": ("/api/v1/services/999999", GONE),
    "/api/v1/needs": ("/api/v1/needs", OPEN),
    "/api/v1/quartiers": ("/api/v1/quartiers", OPEN),
    "/api/v1/quartiers/<slug>": ("/api/v1/quartiers/wazemmes", OPEN),
    "/api/v1/openapi.json": ("/api/v1/openapi.json", OPEN),
    "/api/v1/workshops": ("/api/v1/workshops", OPEN),
    "/api/v1/workshops/<slug>": ("/api/v1/workshops/atelier-inconnu", GONE),
    "/api": ("/api", OPEN),
}
# The rules this matrix covers, for the coverage test of tests/test_access.py.
API_ROUTES = set(API_MATRIX)
# The modules whose routes must all be in the matrix (the exports have their own tests).
MODULES = ("portal.api.views", "portal.api.doc_views", "portal.api.workshop_views")


@pytest.fixture()
def listing(app):
    """A published partner whose professional-only fields are filled in, with a service."""
    partner = make_partner(slug="lieu-avec-fiche-pro", pro_phone="03 11 22 33 44",
                           pro_email="pro-seulement@exemple.fr", pro_procedure="Appeler la ligne directe")
    make_service(partner, [subneed("colis-alimentaire")], accepts_orientations=True)
    db.session.commit()
    return partner


CASES = [
    pytest.param(path, method, visitor, codes[i], id=f"{method} {path} {visitor}")
    for _rule, (path, methods) in API_MATRIX.items()
    for method, codes in methods.items()
    for i, visitor in enumerate(VISITORS)
]


@pytest.mark.parametrize(("path", "method", "visitor", "expected"), CASES)
def test_api_route_answers_each_visitor_as_expected(client, listing, path, method, visitor, expected):
    if visitor != "anonymous":
        assert login(client, make_user(visitor)).status_code == 302
    response = client.open(path, method=method, data={})
    assert response.status_code == expected
    if path.startswith("/api/v1/"):
        assert response.mimetype == "application/json"


@pytest.mark.parametrize("visitor", VISITORS[1:])
def test_a_signed_in_visitor_reads_exactly_what_anyone_reads(app, listing, visitor):
    """Signing in, even as a professional or an administrator, adds nothing to the API."""
    anonymous, signed_in = app.test_client(), app.test_client()
    assert login(signed_in, make_user(visitor)).status_code == 302
    for rule, (path, methods) in API_MATRIX.items():
        if rule.startswith("/api/v1/") and methods["GET"][0] == 200:
            assert signed_in.get(path).data == anonymous.get(path).data, path
    assert b"pro-seulement@exemple.fr" not in signed_in.get("/api/v1/structures/lieu-avec-fiche-pro").data


def test_every_api_route_is_in_the_matrix(app):
    """A new route of the API's views must be added to the matrix above."""
    routes = {rule.rule for rule in app.url_map.iter_rules()
              if app.view_functions[rule.endpoint].__module__ in MODULES}
    assert "/api/v1/services" in routes
    assert routes == API_ROUTES, routes ^ API_ROUTES
