"""The national sync against a loopback data·inclusion API: paging, failures with clear French
messages and nothing written, and a sync that creates, matches and leaves doubts for review."""

from __future__ import annotations

import socket

import pytest
from sqlalchemy import func, select

from portal.directory.models import Partner
from portal.extensions import db
from portal.imports import national, operations
from portal.imports.national import NationalApiError
from tests import geocoder_stub
from tests.di_api_stub import TOKEN, DiApi, config_for, running_di_api, snapshot_rows

LILLE, HELLEMMES, LOMME = "59350", "59298", "59355"
TOKEN_MESSAGE = "le jeton DATA_INCLUSION_API_TOKEN est absent ou refusé"


@pytest.fixture()
def api(app, monkeypatch):
    """The stub API with the snapshot rows, the app pointed at it (5 rows a page), and a
    geocoder stub so that nothing leaves the machine."""
    with running_di_api() as stub, geocoder_stub.running_geocoder() as geocoder:
        settings = config_for(stub, DATA_INCLUSION_API_PAGE_SIZE=5, PORTAL_INSEE_CODES=(LILLE, HELLEMMES, LOMME))
        settings |= geocoder_stub.config_for(geocoder)
        for key, value in settings.items():
            monkeypatch.setitem(app.config, key, value)
        yield stub


def _ids(rows, code=None):
    return sorted(row["id"] for row in rows if code is None or row["code_insee"] == code)


def _written() -> tuple[int, int]:
    from portal.imports.models import ImportBatch

    return (db.session.scalar(select(func.count()).select_from(Partner)),
            db.session.scalar(select(func.count()).select_from(ImportBatch)))


def _run(app, *args):
    return app.test_cli_runner().invoke(args=["sync", "data-inclusion", *args])


# The client -------------------------------------------------------------------------------------

def test_every_page_of_every_commune_is_read_once(api):
    fetched = national.fetch()
    assert _ids(fetched.structures) == _ids(api.structures, LILLE)
    assert _ids(fetched.services) == _ids(api.services, LILLE)
    assert len(_ids(api.structures, LILLE)) == 12 and len(_ids(api.services, LILLE)) == 13
    # 12 structures and 13 services of Lille at 5 a page: 3 pages each; one empty page for each
    # of the other two communes.
    lille_pages = [(p["page"], p["size"]) for p in api.page_requests("structures") if p["code_commune"] == LILLE]
    assert lille_pages == [("1", "5"), ("2", "5"), ("3", "5")]
    assert fetched.pages == 3 + 1 + 1 + 3 + 1 + 1 == len(api.requests)
    assert {auth for _, _, auth in api.requests} == {f"Bearer {TOKEN}"}


@pytest.mark.parametrize("token", ["jeton-perime", ""])
def test_a_refused_or_missing_token_says_so(api, app, monkeypatch, token):
    monkeypatch.setitem(app.config, "DATA_INCLUSION_API_TOKEN", token)
    with pytest.raises(NationalApiError, match=TOKEN_MESSAGE) as error:
        national.fetch()
    assert "jeton-perime" not in str(error.value)


def test_a_page_that_never_comes_is_a_timeout(api, app, monkeypatch):
    monkeypatch.setitem(app.config, "DATA_INCLUSION_API_TIMEOUT", 0.5)
    api.slow = ("structures", 2)
    with pytest.raises(NationalApiError, match="n'a pas répondu dans les 0.5 secondes"):
        national.fetch()


@pytest.mark.parametrize(("fault", "says"), [
    ("html", "la réponse n'est pas du JSON"),
    ("no-items", "la liste « items » est absente"),
    ("not-object", "n'est pas un objet"),
    ("endless", "plus de 4 pages"),
])
def test_a_malformed_page_is_refused(api, app, monkeypatch, fault, says):
    monkeypatch.setitem(app.config, "DATA_INCLUSION_API_MAX_PAGES", 4)
    api.broken[("services", 2)] = fault
    with pytest.raises(NationalApiError, match=says) as error:
        national.fetch()
    assert "les services de la commune 59350" in str(error.value)


def test_a_server_error_half_way_says_to_try_later(api):
    api.failing.add(("structures", 2))
    with pytest.raises(NationalApiError, match=r"HTTP 500.*page 2.*relancez la synchronisation plus tard"):
        national.fetch()


def test_rate_limiting_is_waited_for_once(api, monkeypatch):
    waits = []
    monkeypatch.setattr(national, "_sleep", waits.append)
    api.rate_limited, api.retry_after = 1, "3"
    fetched = national.fetch([LILLE])
    assert waits == [3.0]
    assert _ids(fetched.structures) == _ids(api.structures, LILLE)
    api.rate_limited = 2
    with pytest.raises(NationalApiError, match="HTTP 429"):
        national.fetch([LILLE])
    assert waits == [3.0, 3.0]


def test_an_unreachable_api_says_where_it_was_looked_for(app, monkeypatch):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setitem(app.config, "DATA_INCLUSION_API_URL", f"http://127.0.0.1:{port}")
    with pytest.raises(NationalApiError, match=f"Impossible de joindre l'API data·inclusion à http://127.0.0.1:{port}"):
        national.fetch([LILLE])


# The command ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("breakage", "says"), [
    ({"token": "autre"}, TOKEN_MESSAGE),
    ({"slow": ("services", 1)}, "n'a pas répondu dans les 1 secondes"),
    ({"broken": {("structures", 3): "not-object"}}, "n'est pas un objet"),
    ({"failing": {("services", 2)}}, "HTTP 500"),
])
def test_a_failed_sync_says_why_and_writes_nothing(api, app, monkeypatch, breakage, says):
    monkeypatch.setitem(app.config, "DATA_INCLUSION_API_TIMEOUT", 1.0)
    for key, value in breakage.items():
        setattr(api, key, value)
    before = _written()
    result = _run(app)
    assert result.exit_code == 1
    assert says in result.output
    assert "rien n'a été enregistré" in result.output
    assert TOKEN not in result.output
    assert _written() == before


def test_a_sync_creates_the_new_places_and_leaves_doubts_for_review(api, app):
    from tests.factories import make_partner

    # A listing of the directory that is one of the API's structures under another spelling.
    known = make_partner(name="Emmaüs Connect", address="83 rue de l'Abbé Aerts", postcode="59000",
                         city="Lille", at=(50.6286, 3.0466))
    partners_before, batches_before = _written()
    result = _run(app)
    assert result.exit_code == 0, result.output
    assert "Pages lues : 10." in result.output
    assert "Reçus de l'API : 12 structure(s), 13 service(s)." in result.output
    assert "/admin/imports/" in result.output
    partners_after, batches_after = _written()
    assert batches_after == batches_before + 1
    assert partners_after > partners_before
    names = set(db.session.scalars(select(Partner.name)))
    assert "LA CRAVATE SOLIDAIRE LILLE" in names or "La Cravate Solidaire Lille" in names
    # The probable duplicate was not created again: it waits for a decision. The second
    # INTERFACES row (same SIRET, same address as an earlier row of the same answer) is set
    # aside: one listing, not two, and not one rewritten by each row in turn.
    assert "En attente d'une décision : 1 rapprochement(s)" in result.output
    assert "en double dans la réponse (ignorés) : 1." in result.output
    assert db.session.get(Partner, known.id).name == "Emmaüs Connect"
    assert db.session.scalar(select(func.count(Partner.id)).where(Partner.siret == "41194627000054")) == 1

    # The same data again: nothing new, nothing changed, not even a new batch; the doubt is
    # still to be reviewed in the first batch.
    for _night in range(2):
        again = _run(app)
        assert again.exit_code == 0, again.output
        assert ("Nouveaux lieux : 0 ; mises à jour : 0 ; identiques : 10 ; probablement déjà dans "
                "l'annuaire : 1 ; en double dans la réponse (ignorés) : 1.") in again.output
    assert "Rien de nouveau" in again.output
    assert f"/admin/imports/{_last_batch().id}" in again.output
    assert _written() == (partners_after, batches_after)


def _last_batch():
    from portal.imports.models import ImportBatch

    return db.session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc())).first()


def test_a_change_upstream_updates_the_place_and_the_new_batch_supersedes_the_old(api, app):
    from tests.factories import make_partner

    make_partner(name="Emmaüs Connect", address="83 rue de l'Abbé Aerts", postcode="59000", city="Lille",
                 at=(50.6286, 3.0466))
    assert _run(app).exit_code == 0
    first = _last_batch()
    assert first.status == "partial"  # the probable duplicate waits
    cravate = next(row for row in api.structures if row["nom"] == "LA CRAVATE SOLIDAIRE LILLE")
    cravate["telephone"], cravate["date_maj"] = "0320000000", "2026-11-30"
    result = _run(app)
    assert result.exit_code == 0, result.output
    assert "mises à jour : 1 ;" in result.output
    second = _last_batch()
    assert second.id != first.id
    partner = db.session.scalar(select(Partner).where(Partner.source_id.contains(cravate["id"].split("--")[1])))
    assert partner is not None and "0320000000" in (partner.phone or "").replace(" ", "")
    # The doubt moved to the new batch: the old one is no longer offered for review.
    db.session.refresh(first)
    assert first.status == "cancelled"
    assert second.status == "partial"


def test_a_dry_run_writes_nothing(api, app):
    before = _written()
    result = _run(app, "--dry-run", "--insee", LILLE)
    assert result.exit_code == 0, result.output
    assert "Essai à blanc : rien n'a été enregistré." in result.output
    assert "Nouveaux lieux : " in result.output
    assert _written() == before
    assert {p["code_commune"] for p in api.page_requests("structures")} == {LILLE}


def test_the_stub_speaks_v1():
    from data_inclusion.schema import v1

    structures, services = snapshot_rows()
    assert len(structures) == 26 and len(services) == 18
    for row in structures:
        v1.Structure.model_validate(row)
    for row in services:
        v1.Service.model_validate(row)
    assert DiApi().token == TOKEN


def test_rows_left_out_are_listed_with_their_reason(api, app):
    konexio = next(row for row in api.structures if row["nom"] == "KONEXIO")
    konexio["siret"] = "12345"
    diagoriente = next(row for row in api.structures if row["nom"] == "Diagoriente")
    diagoriente["latitude"], diagoriente["longitude"] = 48.8566, 2.3522  # placed in Paris
    result = _run(app, "--insee", LILLE)
    assert result.exit_code == 0, result.output
    assert "Lignes laissées de côté : 2." in result.output
    listed = {line for line in result.output.splitlines() if line.startswith("  ligne ")}
    assert any("KONEXIO" in line and "« 12345 » n'est pas un SIRET valide" in line for line in listed), listed
    assert any("Diagoriente" in line and "hors du territoire" in line for line in listed), listed
    names = set(db.session.scalars(select(Partner.name)))
    assert not names & {"KONEXIO", "Konexio", "Diagoriente"}


def test_a_wrong_insee_code_is_refused_before_asking(api, app):
    result = _run(app, "--insee", "59000 Lille")
    assert result.exit_code == 1
    assert "« 59000 Lille » n'est pas un code INSEE de commune" in result.output
    assert api.requests == []


def test_a_probable_match_skipped_once_is_not_asked_again_while_unchanged(api, app):
    from tests.factories import make_partner

    make_partner(name="Emmaüs Connect", address="83 rue de l'Abbé Aerts", postcode="59000", city="Lille",
                 at=(50.6286, 3.0466))
    assert _run(app).exit_code == 0
    first = _last_batch()
    waiting = next(row for row in first.rows if row.kind == "probable")
    operations.set_decisions(first, {waiting.id: "skip"})
    operations.apply_batch(db.session, first)
    db.session.commit()
    assert first.status == "applied"

    # The next night: the same answer; the administrator's "skip" stands, nothing waits.
    result = _run(app)
    assert result.exit_code == 0, result.output
    assert "Rien de nouveau" in result.output and "En attente" not in result.output
    assert _last_batch().id == first.id

    # Upstream changes that place: it is asked again.
    emmaus = next(row for row in api.structures if row["nom"].startswith("EMMAUS CONNECT"))
    emmaus["telephone"], emmaus["date_maj"] = "0320000001", "2026-11-30"
    result = _run(app)
    assert "En attente d'une décision : 1 rapprochement(s)" in result.output
