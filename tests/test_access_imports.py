"""The authorization matrix of the import pages (/admin/imports): administrators only. Each row
is keyed by the route's rule and gives a path that matches it (an unknown batch where the rule
has one) with the codes for (anonymous, professional, partner member, admin); 302 for an
anonymous visitor is the redirect to the login form."""

from __future__ import annotations

import pytest

from tests.factories import login, make_user

VISITORS = ("anonymous", "professional", "partner", "admin")
UNKNOWN = (302, 403, 403, 404)
POST_ONLY = {"GET": (405, 405, 405, 405), "POST": UNKNOWN}

IMPORT_MATRIX: dict[str, tuple[str, dict]] = {
    # An upload without a file comes back with its mistakes.
    "/admin/imports": ("/admin/imports", {"GET": (302, 403, 403, 200), "POST": (302, 403, 403, 422)}),
    "/admin/imports/<int:batch_id>": ("/admin/imports/999999", {"GET": UNKNOWN,
                                                                "POST": (405, 405, 405, 405)}),
    "/admin/imports/<int:batch_id>/colonnes": ("/admin/imports/999999/colonnes",
                                               {"GET": UNKNOWN, "POST": UNKNOWN}),
    "/admin/imports/<int:batch_id>/appliquer": ("/admin/imports/999999/appliquer", POST_ONLY),
    "/admin/imports/<int:batch_id>/abandonner": ("/admin/imports/999999/abandonner", POST_ONLY),
}
IMPORT_ROUTES = set(IMPORT_MATRIX)

CASES = [
    pytest.param(path, method, visitor, codes[i], id=f"{method} {path} {visitor}")
    for _rule, (path, methods) in IMPORT_MATRIX.items()
    for method, codes in methods.items()
    for i, visitor in enumerate(VISITORS)
]


@pytest.mark.parametrize(("path", "method", "visitor", "expected"), CASES)
def test_import_route_answers_each_visitor_as_expected(client, path, method, visitor, expected):
    if visitor != "anonymous":
        assert login(client, make_user(visitor)).status_code == 302
    response = client.open(path, method=method, data={})
    assert response.status_code == expected
    if expected == 302 and visitor == "anonymous" and method == "GET":
        assert "/connexion?next=" in response.headers["Location"]


def test_every_import_route_is_in_the_matrix(app):
    """A new import page must be added to the matrix above."""
    routes = {rule.rule for rule in app.url_map.iter_rules()
              if rule.endpoint.startswith("admin.imports_")}
    assert routes == IMPORT_ROUTES


def test_a_batch_page_is_for_administrators_only(app, client):
    """A real batch, not only an unknown one: a professional is refused, an administrator reads it."""
    from portal.extensions import db
    from portal.imports import operations

    batch = operations.stage_data_inclusion(db.session, [], [], origin="sync")
    db.session.commit()
    assert login(client, make_user("professional")).status_code == 302
    assert client.get(f"/admin/imports/{batch.id}").status_code == 403
    assert client.post(f"/admin/imports/{batch.id}/appliquer").status_code == 403
    admin = app.test_client()
    assert login(admin, make_user("admin")).status_code == 302
    assert admin.get(f"/admin/imports/{batch.id}").status_code == 200
