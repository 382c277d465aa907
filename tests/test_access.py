"""The authorization matrix: every route of accounts, the back office and the partner space,
for each kind of visitor, with GET and POST. A row states what each one must get."""

from __future__ import annotations

import pytest

from tests.factories import login, make_user
from tests.test_access_imports import IMPORT_ROUTES
from tests.test_access_network import NETWORK_ROUTES
from tests.test_access_orientation import ORIENTATION_MATRIX
from tests.test_access_workshops import WORKSHOP_ROUTES

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
    # The links of a reminder need no account; a link that is not one answers 410 to everyone.
    "/fiche/a-jour/jeton-inconnu": {"GET": (410, 410, 410, 410), "POST": (410, 410, 410, 410)},
    "/fiche/corriger/jeton-inconnu": {"GET": (410, 410, 410, 410), "POST": (405, 405, 405, 405)},
    "/fiche/lien/a-jour": {"GET": (405, 405, 405, 405), "POST": (410, 410, 410, 410)},
    "/fiche/lien/terminer": {"GET": (405, 405, 405, 405), "POST": (302, 302, 302, 302)},
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
    if expected == 302 and visitor == "anonymous" and path not in ("/connexion", "/deconnexion",
                                                                   "/fiche/lien/terminer"):
        assert "/connexion?next=" in response.headers["Location"]


# The moderation back office ---------------------------------------------------------------
# Member A belongs to the partner the route is about, member B to another one: neither may
# act, not even on their own listing. {slug}, {pending} and {approved} are filled in below.

MODERATION_VISITORS = ("anonymous", "professional", "member A", "member B", "admin")
ADMIN_ONLY_GET = {"GET": (302, 403, 403, 403, 200), "POST": (405, 405, 405, 405, 405)}


def _admin_only_post(admin_code: int) -> dict:
    return {"GET": (405, 405, 405, 405, 405), "POST": (302, 403, 403, 403, admin_code)}


MODERATION_MATRIX = {
    "/admin/moderation": ADMIN_ONLY_GET,
    "/admin/moderation/{pending}": ADMIN_ONLY_GET,
    "/admin/moderation/{pending}/valider": _admin_only_post(302),
    # Without a reason the form comes back to be corrected.
    "/admin/moderation/{pending}/refuser": _admin_only_post(422),
    # Without a choice for each part the decision form comes back to be corrected.
    "/admin/moderation/{pending}/decider": _admin_only_post(422),
    "/admin/partenaires/{slug}/historique": ADMIN_ONLY_GET,
    "/admin/partenaires/{slug}/historique/{approved}/restaurer": _admin_only_post(302),
    # Without the wanted state ("trusted": "0" or "1") nothing is guessed.
    "/admin/partenaires/{slug}/confiance": _admin_only_post(400),
    "/admin/partenaires/{slug}/publication": _admin_only_post(400),
    "/admin/fiches-anciennes": ADMIN_ONLY_GET,
    # Campaigns. Sent empty, a form comes back to be corrected (422); "send what is missing"
    # needs nothing more than its button, and the follow-up form accepts empty values.
    "/admin/campagnes": ADMIN_ONLY_GET,
    "/admin/campagnes/nouvelle": {"GET": (302, 403, 403, 403, 200), "POST": (302, 403, 403, 403, 422)},
    "/admin/campagnes/invitations": {"GET": (302, 403, 403, 403, 200), "POST": (302, 403, 403, 403, 422)},
    "/admin/campagnes/{campaign}": ADMIN_ONLY_GET,
    "/admin/campagnes/{campaign}/relancer": _admin_only_post(302),
    "/admin/partenaires/{slug}/suivi": {"GET": (302, 403, 403, 403, 200), "POST": (302, 403, 403, 403, 302)},
    "/admin/fiches-a-completer": ADMIN_ONLY_GET,
    "/admin/recherches": ADMIN_ONLY_GET,
    "/admin/recherches/sans-resultat": ADMIN_ONLY_GET,
}

MODERATION_CASES = [
    pytest.param(path, method, visitor, codes[i], id=f"{method} {path} {visitor}")
    for path, methods in MODERATION_MATRIX.items()
    for method, codes in methods.items()
    for i, visitor in enumerate(MODERATION_VISITORS)
]


@pytest.fixture()
def moderated(app):
    """Partner A with an approved change and a pending one; partner B; one member each."""
    from portal.extensions import db
    from portal.moderation.operations import approve, propose_change
    from portal.moderation.snapshots import snapshot_of
    from tests.factories import make_partner

    partner_a, partner_b = make_partner(slug="fiche-a"), make_partner(slug="fiche-b")
    members = {"member A": make_user("partner", partners=[partner_a]),
               "member B": make_user("partner", partners=[partner_b])}
    admin = make_user("admin")

    def propose(name: str):
        snapshot = snapshot_of(partner_a)
        snapshot["partner"]["name"] = name
        return propose_change(partner_a, snapshot, members["member A"], partner_a.version)

    approved = propose("Fiche A, première version")
    approve(approved, admin)
    db.session.commit()
    pending = propose("Fiche A, en attente")
    db.session.commit()
    from portal.moderation.campaign_models import Campaign

    campaign = Campaign(key="campagne-du-tableau", kind="remind", months=6)
    db.session.add(campaign)
    db.session.commit()
    return {"slug": partner_a.slug, "pending": pending.id, "approved": approved.id,
            "members": members, "partner": partner_a, "campaign": campaign.id}


@pytest.mark.parametrize(("path", "method", "visitor", "expected"), MODERATION_CASES)
def test_moderation_routes_answer_each_visitor_as_expected(client, moderated, path, method, visitor, expected):
    from portal.extensions import db
    from portal.moderation.models import Revision

    if visitor in moderated["members"]:
        user = moderated["members"][visitor]
    elif visitor != "anonymous":
        user = make_user(visitor)
    if visitor != "anonymous":
        assert login(client, user).status_code == 302
    response = client.open(path.format(**moderated), method=method, data={})
    assert response.status_code == expected
    if expected == 302 and visitor == "anonymous":
        assert "/connexion?next=" in response.headers["Location"]
    if visitor != "admin":
        # Refused means nothing happened.
        db.session.expire_all()
        assert db.session.get(Revision, moderated["pending"]).status == "pending"
        assert not moderated["partner"].is_trusted


# The partner space -------------------------------------------------------------------------
# Every page is about partner A's listing; member B belongs to partner B and must get a 404,
# exactly as if the listing did not exist. POSTs are sent empty: a form comes back to be
# corrected (422), a button without the version it was pressed on is a conflict (302 back to
# the page, or 409 for the hours grid, which an empty form fills validly), and nothing changes.

PARTNER_VISITORS = ("anonymous", "professional", "member A", "member B", "admin")


def _space(get: int | None = 200, post: int | None = 405) -> dict:
    rows = {}
    if get is not None:
        rows["GET"] = (302, 403, get, 404, get) if get != 405 else (405,) * 5
    if post is not None:
        rows["POST"] = (302, 403, post, 404, post) if post != 405 else (405,) * 5
    return rows


PARTNER_MATRIX = {
    "/espace/{a}": _space(200, 405),
    "/espace/{a}/a-jour": _space(405, 302),
    "/espace/{a}/presentation": _space(200, 422),
    "/espace/{a}/services": _space(200, 405),
    "/espace/{a}/services/nouveau": _space(200, 422),
    "/espace/{a}/services/{service}": _space(200, 422),
    "/espace/{a}/services/{service}/archiver": _space(200, 302),
    "/espace/{a}/services/{service}/retablir": _space(405, 302),
    "/espace/{a}/horaires": _space(200, 409),
    "/espace/{a}/horaires/exceptions": _space(200, 422),
    "/espace/{a}/horaires/exceptions/0/supprimer": _space(200, 302),
    "/espace/{a}/fermetures": _space(200, 422),
    "/espace/{a}/fermetures/0/supprimer": _space(200, 302),
    "/espace/{a}/brouillon/abandonner": _space(405, 302),
    "/espace/{a}/professionnels": _space(200, 409),
}
PARTNER_ROUTES = {
    path.replace("{a}", "<slug>").replace("{service}", "<key>").replace("/0/", "/<int:index>/")
    for path in PARTNER_MATRIX
}

PARTNER_CASES = [
    pytest.param(path, method, visitor, codes[i], id=f"{method} {path} {visitor}")
    for path, methods in PARTNER_MATRIX.items()
    for method, codes in methods.items()
    for i, visitor in enumerate(PARTNER_VISITORS)
]


@pytest.fixture()
def two_partners(app):
    """Partners A and B, each with a service, an exception, a closure and a member."""
    from datetime import date

    from portal.directory.models import Closure, OpeningException
    from portal.extensions import db
    from tests.factories import make_partner, make_service, subneed

    partners, services, members = {}, {}, {}
    for name in ("A", "B"):
        partner = make_partner(slug=f"lieu-{name.lower()}", name=f"Lieu {name}")
        partner.exceptions = [OpeningException(day=date(2026, 12, 24), label=f"Noël {name}")]
        partner.closures = [Closure(start_date=date(2026, 8, 1), end_date=date(2026, 8, 15))]
        services[name] = make_service(partner, [subneed("colis-alimentaire")], name=f"Service {name}")
        partners[name] = partner
        members[f"member {name}"] = make_user("partner", partners=[partner])
    db.session.commit()
    return {"partners": partners, "services": services, "members": members,
            "a": partners["A"].slug, "service": services["A"].id}


def _log_in_as(client, visitor: str, two_partners) -> None:
    if visitor == "anonymous":
        return
    user = two_partners["members"].get(visitor) or make_user(visitor)
    assert login(client, user).status_code == 302


def _revisions() -> list:
    from sqlalchemy import select

    from portal.extensions import db
    from portal.moderation.models import Revision

    return list(db.session.scalars(select(Revision)))


@pytest.mark.parametrize(("path", "method", "visitor", "expected"), PARTNER_CASES)
def test_partner_space_answers_each_visitor_as_expected(client, two_partners, path, method, visitor, expected):
    _log_in_as(client, visitor, two_partners)
    response = client.open(path.format(**two_partners), method=method, data={})
    assert response.status_code == expected
    if expected == 302 and visitor == "anonymous":
        assert "/connexion?next=" in response.headers["Location"]
    if visitor not in ("member A", "admin"):
        assert _revisions() == []  # refused means nothing was recorded


# What partner A wrote for professionals only: on its public page for professionals and
# administrators, for nobody else (its own members edit it in their space).
PRO_INFO_SEEN = {"anonymous": False, "professional": True, "member A": False, "member B": False,
                 "admin": True}


@pytest.mark.parametrize(("visitor", "sees"), PRO_INFO_SEEN.items())
def test_pro_information_is_shown_to_professionals_and_admins_only(client, two_partners, visitor, sees):
    from portal.extensions import db

    two_partners["partners"]["A"].pro_procedure = "PROCEDURE-RESERVEE-A"
    db.session.commit()
    _log_in_as(client, visitor, two_partners)
    page = client.get(f"/partenaires/{two_partners['a']}").get_data(as_text=True)
    assert ("PROCEDURE-RESERVEE-A" in page) is sees


def test_member_a_cannot_reach_b_through_an_id_in_its_own_urls(client, two_partners):
    from portal.extensions import db
    from tests.partner_space import hidden_fields

    _log_in_as(client, "member A", two_partners)
    a, b_service = two_partners["a"], two_partners["services"]["B"]
    tokens = hidden_fields(client.get(f"/espace/{a}/services").get_data(as_text=True))
    form = tokens | {"name": "Repris par A", "subneeds": ["colis-alimentaire"], "fees": "gratuit"}
    assert client.get(f"/espace/{a}/services/{b_service.id}").status_code == 404
    assert client.post(f"/espace/{a}/services/{b_service.id}", data=form).status_code == 404
    assert client.post(f"/espace/{a}/services/{b_service.id}/archiver", data=tokens).status_code == 404
    assert client.post(f"/espace/{a}/horaires/exceptions/7/supprimer", data=tokens).status_code == 404
    b = two_partners["partners"]["B"].slug
    assert client.post(f"/espace/{b}/services/{b_service.id}/archiver", data=tokens).status_code == 404
    assert client.post(f"/espace/{b}/a-jour").status_code == 404
    db.session.refresh(b_service)
    assert (b_service.name, b_service.status) == ("Service B", "published")
    assert two_partners["partners"]["B"].last_confirmed_at is None
    assert _revisions() == []


def test_member_a_never_sees_nor_builds_on_b_drafts(app, two_partners):
    from portal.extensions import db
    from portal.moderation import operations as moderation
    from tests.partner_space import presentation_form

    partner_b = two_partners["partners"]["B"]
    snapshot = moderation.head_of(partner_b).snapshot
    snapshot["partner"]["presentation"] = "Brouillon secret de B"
    draft = moderation.propose_change(partner_b, snapshot, two_partners["members"]["member B"], partner_b.version)
    db.session.commit()

    client = app.test_client()
    _log_in_as(client, "member A", two_partners)
    a, b = two_partners["a"], partner_b.slug
    for page in ("", "/presentation", "/services", "/horaires", "/horaires/exceptions", "/fermetures"):
        assert "Brouillon secret de B" not in client.get(f"/espace/{a}{page}").get_data(as_text=True)
        assert client.get(f"/espace/{b}{page}").status_code == 404
    # Pointing A's form at B's draft does not graft it on A's listing nor touch B's.
    form = presentation_form(client, a, phone="0320000000", base_revision=str(draft.id))
    assert client.post(f"/espace/{a}/presentation", data=form).status_code == 409
    db.session.expire_all()
    assert [(r.partner_id, r.status) for r in _revisions()] == [(partner_b.id, "pending")]


def test_a_snapshot_naming_another_partners_service_is_refused(app, two_partners):
    from portal.moderation.snapshots import apply_snapshot, snapshot_of

    partner_a = two_partners["partners"]["A"]
    snapshot = snapshot_of(partner_a)
    snapshot["services"][0]["id"] = two_partners["services"]["B"].id
    with pytest.raises(ValueError, match="does not belong"):
        apply_snapshot(partner_a, snapshot)


# "Signaler une erreur" and "Proposer un lieu" ------------------------------------------------
# Public forms for everyone (sent empty, they come back to be corrected); their back-office
# pages for administrators only. {slug}, {report} and {proposal} are filled in below.

FEEDBACK_VISITORS = ("anonymous", "professional", "partner", "admin")
_EVERYONE = {"GET": (200,) * 4, "POST": (422,) * 4}
_READ_ONLY = {"GET": (200,) * 4, "POST": (405,) * 4}


def _feedback_admin(get: int = 200, post: int = 405) -> dict:
    return {"GET": (302, 403, 403, get) if get != 405 else (405,) * 4,
            "POST": (302, 403, 403, post) if post != 405 else (405,) * 4}


FEEDBACK_MATRIX = {
    "/partenaires/{slug}/signaler": _EVERYONE,
    "/partenaires/{slug}/signaler/merci": _READ_ONLY,
    "/proposer-un-lieu": _EVERYONE,
    "/proposer-un-lieu/merci": _READ_ONLY,
    "/admin/signalements": _feedback_admin(),
    "/admin/signalements/{report}/traite": _feedback_admin(405, 302),
    "/admin/propositions": _feedback_admin(),
    "/admin/propositions/{proposal}/accepter": _feedback_admin(405, 302),
    # Without "Doublon" or "Refuser" (the button pressed) nothing is guessed.
    "/admin/propositions/{proposal}/classer": _feedback_admin(405, 400),
}
FEEDBACK_ROUTES = {
    path.replace("{slug}", "<slug>").replace("{report}", "<int:report_id>")
    .replace("{proposal}", "<int:proposal_id>") for path in FEEDBACK_MATRIX
}

FEEDBACK_CASES = [
    pytest.param(path, method, visitor, codes[i], id=f"{method} {path} {visitor}")
    for path, methods in FEEDBACK_MATRIX.items()
    for method, codes in methods.items()
    for i, visitor in enumerate(FEEDBACK_VISITORS)
]


@pytest.fixture()
def feedback(app):
    """A published listing with a new report, and a new proposed place."""
    from portal.extensions import db
    from portal.feedback import operations
    from tests.factories import make_partner

    partner = make_partner(slug="lieu-signale")
    report = operations.record_report(partner, "hours", "Fermé le lundi.")
    proposal = operations.record_proposal(name="Lieu proposé", city="Lille", offer="Aide.")
    db.session.commit()
    return {"slug": partner.slug, "report": report.id, "proposal": proposal.id}


@pytest.mark.parametrize(("path", "method", "visitor", "expected"), FEEDBACK_CASES)
def test_feedback_routes_answer_each_visitor_as_expected(client, feedback, path, method, visitor, expected):
    from sqlalchemy import func, select

    from portal.directory.models import Partner
    from portal.extensions import db
    from portal.feedback.models import PlaceProposal, Report

    if visitor != "anonymous":
        assert login(client, make_user(visitor)).status_code == 302
    partners = db.session.scalar(select(func.count()).select_from(Partner))
    response = client.open(path.format(**feedback), method=method, data={})
    assert response.status_code == expected
    if expected == 302 and visitor == "anonymous":
        assert "/connexion?next=" in response.headers["Location"]
    if visitor != "admin":
        # Refused (or sent back to be corrected) means nothing happened.
        db.session.expire_all()
        assert db.session.get(Report, feedback["report"]).status == "new"
        assert db.session.get(PlaceProposal, feedback["proposal"]).status == "new"
        assert db.session.scalar(select(func.count()).select_from(Partner)) == partners
        assert db.session.scalar(select(func.count()).select_from(Report)) == 1


def test_every_route_behind_a_login_is_in_a_matrix(app):
    """A new route of the accounts, the partner space or the back office must be added to one
    of the matrices above."""
    covered = (
        {path.replace("jeton-inconnu", "<token>") for path in MATRIX}
        | PARTNER_ROUTES
        | {path.replace("{slug}", "<slug>").replace("{pending}", "<int:revision_id>")
           .replace("{approved}", "<int:revision_id>").replace("{campaign}", "<int:campaign_id>")
           for path in MODERATION_MATRIX}
        | FEEDBACK_ROUTES
        | set(ORIENTATION_MATRIX)
        | IMPORT_ROUTES
        | WORKSHOP_ROUTES
        | NETWORK_ROUTES
    )
    routes = {
        rule.rule for rule in app.url_map.iter_rules()
        if rule.endpoint.split(".")[0] in ("accounts", "admin", "partners", "freshness", "feedback")
    }
    assert routes <= covered, routes - covered
    assert "/admin/recherches" in routes and "/espace/<slug>/fermetures" in routes
