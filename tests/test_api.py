"""The read-only JSON API, as a developer of another service meets it: what the lists hold and
how they filter, what is never in them, pages, caching, CORS and errors."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from portal.directory import presenters
from portal.directory.hours import PARIS
from portal.directory.models import Closure, ServiceStop
from portal.extensions import db
from portal.search.store import state
from tests.factories import make_partner, make_service, make_user, quartier, subneed
from tests.test_query_counts import count_statements

# A Monday at 10:00 in Lille, not a public holiday.
MONDAY_MORNING = datetime(2026, 3, 2, 10, 0, tzinfo=PARIS)
FIVES = (50.6286, 3.0905)


@pytest.fixture()
def monday(monkeypatch):
    """Lille's clock stopped on a Monday morning; who is open is computed again for the test."""
    monkeypatch.setattr(presenters, "now", lambda: MONDAY_MORNING)
    state.invalidate_opening_hours()
    yield MONDAY_MORNING
    state.invalidate_opening_hours()


def _ids(client, url: str) -> set:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    return {row["id"] for row in response.get_json()["results"]}


@pytest.fixture()
def directory(app):
    """A small directory: food in Wazemmes (free, walk-in), a paying job service in Fives open
    only on Saturdays, a draft partner, an archived service."""
    food = make_partner(slug="epicerie-wazemmes", name="Épicerie de Wazemmes")
    food_service = make_service(food, [subneed("colis-alimentaire")])
    jobs = make_partner(slug="emploi-fives", at=FIVES, weekly=[(5, time(9), time(12))])
    job_service = make_service(jobs, [subneed("trouver-un-travail")], fees="payant",
                               access_modes=["sur-rdv"])
    old = make_service(jobs, [subneed("colis-alimentaire")], status="archived", name="Ancien colis")
    draft = make_partner(slug="pas-encore-publie", status="draft")
    hidden = make_service(draft, [subneed("colis-alimentaire")], name="Service d'un brouillon")
    db.session.commit()
    return {"food": food, "jobs": jobs, "draft": draft, "food_service": food_service.id,
            "job_service": job_service.id, "archived": old.id, "hidden": hidden.id}


# What the lists hold ------------------------------------------------------------------------

def test_lists_hold_published_partners_and_live_services_only(client, directory, monday):
    assert _ids(client, "/api/v1/structures") == {"epicerie-wazemmes", "emploi-fives"}
    assert _ids(client, "/api/v1/services") == {directory["food_service"], directory["job_service"]}
    jobs = client.get("/api/v1/structures/emploi-fives").get_json()
    assert jobs["services"] == [directory["job_service"]]  # not the archived one


@pytest.mark.parametrize("path", ["/api/v1/structures/pas-encore-publie", "/api/v1/services/{hidden}",
                                  "/api/v1/services/{archived}", "/api/v1/quartiers/nulle-part",
                                  "/api/v1/structures/inconnu"])
def test_unpublished_or_unknown_is_a_json_404(client, directory, path):
    response = client.get(path.format(**directory))
    assert response.status_code == 404
    assert response.mimetype == "application/json"
    assert response.get_json()["error"]


@pytest.mark.parametrize(("query", "structures", "services"), [
    ("need=alimentation", {"epicerie-wazemmes"}, {"food_service"}),
    ("subneed=trouver-un-travail", {"emploi-fives"}, {"job_service"}),
    ("quartier=wazemmes", {"epicerie-wazemmes"}, {"food_service"}),
    ("quartier=fives", {"emploi-fives"}, {"job_service"}),
    ("free=true", {"epicerie-wazemmes"}, {"food_service"}),
    ("walk_in=true", {"epicerie-wazemmes"}, {"food_service"}),
    ("free=false&walk_in=0", {"epicerie-wazemmes", "emploi-fives"}, {"food_service", "job_service"}),
    ("open_now=true", {"epicerie-wazemmes"}, {"food_service"}),
    ("need=emploi-formation&free=true", set(), set()),
    ("quartier=lomme", set(), set()),
])
def test_filters_keep_exactly_what_they_say(client, directory, monday, query, structures, services):
    assert _ids(client, f"/api/v1/structures?{query}") == structures
    assert _ids(client, f"/api/v1/services?{query}") == {directory[key] for key in services}


def test_a_service_held_elsewhere_is_found_in_its_quartier_and_open_on_its_own_hours(client, app, monday):
    bus = make_partner(slug="bus-solidaire", weekly=[])
    service = make_service(bus, [subneed("prendre-une-douche")])
    service.stops = [ServiceStop(address="Place du marché", postcode="59000", city="Lille",
                                 latitude=FIVES[0], longitude=FIVES[1], quartier_id=quartier("fives").id,
                                 weekday=0, opens=time(9), closes=time(11))]
    db.session.commit()
    assert _ids(client, "/api/v1/services?quartier=fives") == {service.id}
    assert _ids(client, "/api/v1/services?open_now=true") == {service.id}
    data = client.get(f"/api/v1/services/{service.id}").get_json()
    assert data["open_now"] is True
    assert data["places"][0]["quartier"] == "fives" and data["places"][0]["opens"] == "09:00"
    # The partner itself keeps no hours: the structure is closed.
    assert _ids(client, "/api/v1/structures?open_now=true") == set()


def test_updated_since_keeps_what_changed_after_the_date(client, app):
    old = make_partner(slug="ancien", updated_at=datetime(2024, 1, 10, tzinfo=UTC))
    old_service = make_service(old, [subneed("repas-chaud")], updated_at=datetime(2024, 1, 10, tzinfo=UTC))
    new = make_partner(slug="recent")
    new_service = make_service(new, [subneed("repas-chaud")])
    db.session.commit()
    assert _ids(client, "/api/v1/structures?updated_since=2025-06-01") == {"recent"}
    assert _ids(client, "/api/v1/services?updated_since=2025-06-01T08:00:00%2B02:00") == {new_service.id}
    assert _ids(client, "/api/v1/services?updated_since=2023-12-31") == {old_service.id, new_service.id}


def test_a_structure_says_what_a_visitor_of_its_page_reads(client, app, monday):
    partner = make_partner(slug="maison", name="Maison des familles", phone="03 20 00 00 00",
                           email="accueil@maison.fr", languages=["fr", "ar"], labels=["france-services"])
    partner.closures = [Closure(start_date=date(2026, 3, 20), end_date=date(2026, 3, 27), message="Travaux"),
                        Closure(start_date=date(2025, 1, 1), end_date=date(2025, 1, 3), message="Passé")]
    service = make_service(partner, [subneed("aide-aux-devoirs")])
    db.session.commit()
    data = client.get("/api/v1/structures/maison").get_json()
    assert data["name"] == "Maison des familles" and data["quartier"] == "wazemmes"
    assert data["phone"] == "03 20 00 00 00" and data["languages"] == ["fr", "ar"]
    assert data["url"] == "http://portal.test/partenaires/maison"
    assert data["services"] == [service.id] and data["open_now"] is True
    hours = data["opening_hours"]
    assert hours["weekly"][0] == {"weekday": 0, "opens": "09:00", "closes": "17:00"}
    assert hours["closures"] == [{"start": "2026-03-20", "end": "2026-03-27", "message": "Travaux"}]
    assert hours["osm"] == "Mo-Fr 09:00-17:00; PH off"


def test_needs_and_quartiers_are_the_reference_lists_in_french(client, app):
    needs = client.get("/api/v1/needs").get_json()
    assert needs["count"] == 12
    food = next(n for n in needs["results"] if n["id"] == "alimentation")
    parcel = next(s for s in food["subneeds"] if s["id"] == "colis-alimentaire")
    assert parcel["label"] == "Colis alimentaire" and parcel["thematiques"]
    quartiers = client.get("/api/v1/quartiers").get_json()
    assert quartiers["count"] == 12 and "geometry" not in quartiers["results"][0]
    one = client.get("/api/v1/quartiers/wazemmes").get_json()
    assert one["geometry"]["type"] in ("Polygon", "MultiPolygon") and one["postcode"] == "59000"


# What is never in them ----------------------------------------------------------------------

SECRETS = {
    "pro_phone": "03 99 88 77 66", "pro_contact": "Madame Confidentielle",
    "pro_email": "ligne-directe-pro@exemple.fr", "pro_procedure": "Procédure-interne-XQ7",
    "pro_documents": "Pièces-réservées-ZK4", "contact_email": "gestion-privee@exemple.fr",
}


def test_professional_only_fields_never_appear_in_any_answer(client, app):
    from portal.moderation.operations import propose_change
    from portal.moderation.snapshots import snapshot_of

    partner = make_partner(slug="lieu-pro", imported={"name": "Nom-importé-WW9"}, is_trusted=False,
                           **SECRETS)
    service = make_service(partner, [subneed("colis-alimentaire")], accepts_orientations=True)
    member = make_user("partner", partners=[partner], email="membre-secret@exemple.fr")
    snapshot = snapshot_of(partner)
    snapshot["partner"]["name"] = "Nom-en-attente-PP3"
    assert propose_change(partner, snapshot, member, partner.version) is not None
    db.session.commit()
    urls = ["/api/v1/structures", "/api/v1/structures/lieu-pro", "/api/v1/services",
            f"/api/v1/services/{service.id}", "/api/v1/structures?subneed=colis-alimentaire",
            "/api/v1/services?quartier=wazemmes&free=true", "/api/v1/needs", "/api/v1/openapi.json"]
    bodies = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        bodies.append(response.get_data(as_text=True))
    assert "lieu-pro" in bodies[0] and str(service.id) in bodies[2]
    for secret in [*SECRETS.values(), "Nom-importé-WW9", "Nom-en-attente-PP3", "membre-secret@exemple.fr"]:
        assert not any(secret in body for body in bodies), secret
    for word in ("accepts_orientations", "is_trusted", "imported", "pro_phone", "members"):
        assert not any(f'"{word}"' in body for body in bodies[:4]), word


# Pages ----------------------------------------------------------------------------------------

def test_walking_the_pages_gives_every_row_once_in_a_stable_order(client, app):
    for _ in range(7):
        make_service(make_partner(), [subneed("repas-chaud")])
    db.session.commit()
    for endpoint in ("structures", "services"):
        seen, url, pages = [], f"/api/v1/{endpoint}?page_size=3", 0
        while url:
            response = client.get(url)
            data = response.get_json()
            assert data["count"] == 7 and data["page_size"] == 3
            seen += [row["id"] for row in data["results"]]
            if data["next"]:
                assert f'<{data["next"]}>; rel="next"' in response.headers["Link"]
            url, pages = data["next"], pages + 1
        assert pages == 3 and len(seen) == 7 and len(set(seen)) == 7
        assert seen == [row["id"] for row in client.get(f"/api/v1/{endpoint}?page_size=200").get_json()["results"]]
    last = client.get("/api/v1/services?page_size=3&page=3").get_json()
    assert last["next"] is None and last["previous"].endswith("page_size=3&page=2")
    assert client.get("/api/v1/services?page=9").get_json()["results"] == []


def test_list_query_counts_do_not_grow_with_rows(client, app):
    def statements(url: str) -> int:
        db.session.expire_all()
        state.invalidate_opening_hours()  # who is open is read again each time
        with count_statements() as seen:
            assert client.get(url).status_code == 200
        return len(seen)

    make_service(make_partner(), [subneed("repas-chaud")])
    db.session.commit()
    urls = ["/api/v1/structures", "/api/v1/services", "/api/v1/services?open_now=true&need=alimentation"]
    few = [statements(url) for url in urls]
    for _ in range(12):
        partner = make_partner()
        partner.closures = [Closure(start_date=date(2030, 1, 1), end_date=date(2030, 1, 2))]
        for _ in range(3):
            make_service(partner, [subneed("repas-chaud"), subneed("colis-alimentaire")])
    db.session.commit()
    assert [statements(url) for url in urls] == few


# HTTP: caching, CORS, errors ------------------------------------------------------------------

def test_etag_gives_a_304_until_the_data_changes(client, directory):
    first = client.get("/api/v1/structures/epicerie-wazemmes")
    assert first.headers["ETag"] and "max-age=60" in first.headers["Cache-Control"]
    again = client.get("/api/v1/structures/epicerie-wazemmes", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    directory["food"].name = "Épicerie solidaire de Wazemmes"
    db.session.commit()
    changed = client.get("/api/v1/structures/epicerie-wazemmes", headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and changed.headers["ETag"] != first.headers["ETag"]
    assert changed.get_json()["name"] == "Épicerie solidaire de Wazemmes"


def test_any_site_may_read_the_api_from_a_browser(client, directory):
    for url in ("/api/v1/services", "/api/v1/services?page=0", "/api/v1/nulle-part"):
        assert client.get(url, headers={"Origin": "https://dora.example"}).headers[
            "Access-Control-Allow-Origin"] == "*"
    preflight = client.options("/api/v1/structures", headers={
        "Origin": "https://dora.example", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "If-None-Match"})
    assert preflight.status_code == 200
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]
    assert "If-None-Match" in preflight.headers["Access-Control-Allow-Headers"]
    assert "ETag" in client.get("/api/v1/needs").headers["Access-Control-Expose-Headers"]


@pytest.mark.parametrize(("query", "field"), [
    ("page=0", "page"), ("page=deux", "page"), ("page_size=201", "page_size"), ("page_size=-1", "page_size"),
    ("need=manger", "need"), ("subneed=", "subneed"), ("quartier=paris", "quartier"),
    ("open_now=oui", "open_now"), ("free=2", "free"), ("walk_in=yes", "walk_in"),
    ("updated_since=2026-13-01", "updated_since"), ("updated_since=hier", "updated_since"),
])
def test_a_bad_parameter_is_a_400_naming_it(client, app, query, field):
    for endpoint in ("structures", "services"):
        response = client.get(f"/api/v1/{endpoint}?{query}")
        assert response.status_code == 400
        assert response.mimetype == "application/json"
        body = response.get_json()
        assert body["field"] == field and body["error"]


def test_errors_are_json_not_pages(client, app):
    unknown = client.get("/api/v1/nulle-part")
    assert unknown.status_code == 404 and unknown.get_json()["error"]
    assert client.get("/api/v1/services/pas-un-nombre").mimetype == "application/json"
    refused = client.post("/api/v1/services")
    assert refused.status_code == 405 and "GET" in refused.headers["Allow"]
    assert refused.get_json()["error"]
    assert client.delete("/api/v1/structures/x").status_code == 405


# The documentation page ---------------------------------------------------------------------

def test_the_documentation_page_gives_the_licence_and_examples_that_work(client, app, directory):
    import re

    page = client.get("/api")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert app.config["PORTAL_OPEN_DATA_LICENCE"] in html and app.config["PORTAL_OPEN_DATA_LICENCE_URL"] in html
    assert 'href="http://portal.test/api/v1/openapi.json"' in html and 'href="/donnees"' in html
    examples = re.findall(r'href="(http://portal\.test/api/v1/[^"]+)"', html)
    assert len(examples) >= 8
    for url in examples:
        response = client.get(url.replace("&amp;", "&"))
        assert response.status_code == 200 and response.mimetype == "application/json", url
    assert "/api/v1/structures/epicerie-wazemmes" in html
    english = client.get("/en/api")
    assert english.status_code == 200 and 'lang="en"' in english.get_data(as_text=True)
    # The API has one address whatever the language of the page that gives it.
    assert "http://portal.test/api/v1/needs" in english.get_data(as_text=True)
    assert "/en/api/v1" not in english.get_data(as_text=True)
    assert 'href="/api"' in client.get("/").get_data(as_text=True)  # linked from every footer
