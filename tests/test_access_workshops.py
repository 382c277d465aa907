"""The authorization matrix of the workshops' pages in the partner space and the back office.

Every page is about a workshop of partner A; member B belongs to partner B and must get a 404,
exactly as if the workshop did not exist. POSTs are sent empty: a form comes back to be
corrected (422), a date button naming no date is refused (400), and cancel / withdraw / approve
go through (302). Each row gives the codes for (anonymous, professional, member A, member B,
admin); 302 for anonymous is the redirect to the login form.
"""

from __future__ import annotations

from datetime import date

import pytest

from portal.extensions import db
from portal.workshops.models import Workshop
from tests.factories import login, make_partner, make_user, make_workshop, subneed

VISITORS = ("anonymous", "professional", "member A", "member B", "admin")
NOT_ALLOWED = (405,) * 5


def _space(get: int | None, post: int | None) -> dict:
    return {"GET": (302, 403, get, 404, get) if get else NOT_ALLOWED,
            "POST": (302, 403, post, 404, post) if post else NOT_ALLOWED}


def _back_office(get: int | None, post: int | None) -> dict:
    return {"GET": (302, 403, 403, 403, get) if get else NOT_ALLOWED,
            "POST": (302, 403, 403, 403, post) if post else NOT_ALLOWED}


# Rule -> (path with {a} for partner A's slug and {w} for its workshop's id, codes).
WORKSHOP_MATRIX: dict[str, tuple[str, dict]] = {
    "/espace/<slug>/ateliers": ("/espace/{a}/ateliers", _space(200, None)),
    "/espace/<slug>/ateliers/nouveau": ("/espace/{a}/ateliers/nouveau", _space(200, 422)),
    "/espace/<slug>/ateliers/<int:workshop_id>": ("/espace/{a}/ateliers/{w}", _space(200, 422)),
    "/espace/<slug>/ateliers/<int:workshop_id>/dates": ("/espace/{a}/ateliers/{w}/dates", _space(200, 400)),
    "/espace/<slug>/ateliers/<int:workshop_id>/annuler": ("/espace/{a}/ateliers/{w}/annuler",
                                                          _space(None, 302)),
    "/espace/<slug>/ateliers/<int:workshop_id>/retirer": ("/espace/{a}/ateliers/{w}/retirer",
                                                          _space(None, 302)),
    "/admin/ateliers": ("/admin/ateliers", _back_office(200, None)),
    "/admin/ateliers/nouveau": ("/admin/ateliers/nouveau", _back_office(200, 422)),
    "/admin/ateliers/<int:workshop_id>": ("/admin/ateliers/{w}", _back_office(200, None)),
    "/admin/ateliers/<int:workshop_id>/valider": ("/admin/ateliers/{w}/valider", _back_office(None, 302)),
    "/admin/ateliers/<int:workshop_id>/refuser": ("/admin/ateliers/{w}/refuser", _back_office(None, 422)),
    "/admin/ateliers/<int:workshop_id>/modifier": ("/admin/ateliers/{w}/modifier", _back_office(200, 422)),
    "/admin/ateliers/<int:workshop_id>/dates": ("/admin/ateliers/{w}/dates", _back_office(200, 400)),
}

# The rules this matrix covers, for the coverage test of tests/test_access.py.
WORKSHOP_ROUTES: set[str] = set(WORKSHOP_MATRIX)

CASES = [
    pytest.param(path, method, visitor, codes[i], id=f"{method} {path} {visitor}")
    for _rule, (path, methods) in WORKSHOP_MATRIX.items()
    for method, codes in methods.items()
    for i, visitor in enumerate(VISITORS)
]


@pytest.fixture()
def two_partners(app):
    """Partners A and B, a member of each, and a weekly workshop of A (pending review)."""
    partners = {name: make_partner(slug=f"lieu-{name.lower()}", name=f"Lieu {name}") for name in "AB"}
    workshop = make_workshop(partners["A"], subneeds=[subneed("apprendre-a-utiliser-son-telephone")],
                             title="Atelier de A", frequency="weekly", first_day=date(2030, 1, 8),
                             until=date(2030, 6, 25), status="pending", reviewed=False)
    members = {f"member {name}": make_user("partner", partners=[p]) for name, p in partners.items()}
    db.session.commit()
    return {"a": partners["A"].slug, "w": workshop.id, "members": members}


def _log_in_as(client, visitor: str, two_partners) -> None:
    if visitor == "anonymous":
        return
    user = two_partners["members"].get(visitor) or make_user(visitor)
    assert login(client, user).status_code == 302


@pytest.mark.parametrize(("path", "method", "visitor", "expected"), CASES)
def test_each_workshop_route_answers_each_visitor_as_expected(client, two_partners, path, method,
                                                              visitor, expected):
    _log_in_as(client, visitor, two_partners)
    before = _state(two_partners["w"])
    response = client.open(path.format(a=two_partners["a"], w=two_partners["w"]), method=method, data={})
    assert response.status_code == expected
    if expected == 302 and visitor == "anonymous":
        assert "/connexion?next=" in response.headers["Location"]
    if expected in (400, 403, 404, 405, 422) or visitor == "anonymous":
        assert _state(two_partners["w"]) == before  # refused: nothing changed


def _state(workshop_id: int) -> tuple:
    db.session.expire_all()
    workshop = db.session.get(Workshop, workshop_id)
    return (workshop.status, workshop.cancelled, workshop.title, workshop.proposal, len(workshop.dates))


def test_every_workshop_route_is_in_the_matrix(app):
    """A new route of the workshops in the partner space or the back office must be added above."""
    routes = {rule.rule for rule in app.url_map.iter_rules()
              if "/ateliers" in rule.rule and rule.endpoint.split(".")[0] in ("partners", "admin")}
    assert routes == WORKSHOP_ROUTES, routes ^ WORKSHOP_ROUTES
