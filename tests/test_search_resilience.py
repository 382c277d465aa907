"""A damaged or lagging search index is noticed, logged and repaired, never a 500 or a silent
"0 résultats": a deleted folder, damaged files, an empty index, an update lost after a commit."""

from __future__ import annotations

import gc
import html
import logging
import shutil

import pytest

from portal.extensions import db
from portal.search import pagecache
from portal.search.store import index as idx
from portal.search.store import state
from portal.search.store.generations import current_dir, index_root, try_lock
from portal.search.store.recovery import LOCK
from tests.factories import make_partner, make_service, subneed

# The index follows the test's commits: these tests commit for real (see conftest.py).
pytestmark = pytest.mark.committing
# Whoosh leaves a damaged segment file open when it fails to read it (closed when collected,
# which `collect_leaks` makes happen before the test ends).
damaged_files = pytest.mark.filterwarnings("ignore:unclosed file:ResourceWarning")


@pytest.fixture(autouse=True)
def collect_leaks():
    yield
    gc.collect()

FOUND = "Épicerie solidaire de Fives"


@pytest.fixture()
def indexed(app, tmp_path, monkeypatch):
    """One partner to find, in an index folder of the test's own."""
    monkeypatch.setitem(app.config, "SEARCH_INDEX_DIR", str(tmp_path / "index"))
    pagecache.clear()
    make_service(make_partner(name=FOUND), [subneed("colis-alimentaire")], name="Colis du jeudi")
    db.session.commit()
    idx.rebuild(db.session)
    yield app
    state.close_all()
    pagecache.clear()


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.get_data(as_text=True))


def _damage(root) -> None:
    """Garble every file of the live generation, as a bad disk or a half-copied backup would,
    then start again from the files like a freshly started worker."""
    for path in current_dir(root).iterdir():
        if path.suffix == ".seg":
            path.write_bytes(bytes((b * 7 + 13) % 256 for b in path.read_bytes()))
    state.close_all()


def _errors(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_deleted_index_folder_is_logged_and_rebuilt(indexed, client, caplog):
    assert FOUND in _page(client, "/recherche?q=colis")
    shutil.rmtree(index_root())

    with caplog.at_level(logging.ERROR):
        page = _page(client, "/recherche?q=colis")

    assert FOUND in page
    assert any("missing" in message for message in _errors(caplog))
    assert FOUND in _page(client, "/recherche?q=colis")


@damaged_files
def test_a_damaged_index_gives_no_500_and_is_rebuilt(indexed, client, caplog):
    _damage(index_root())

    with caplog.at_level(logging.ERROR):
        page = _page(client, "/recherche?q=colis")

    assert FOUND in page
    assert any("unreadable" in message for message in _errors(caplog))


@damaged_files
def test_while_another_worker_repairs_the_page_says_so(indexed, client):
    _damage(index_root())
    with try_lock(index_root(), LOCK) as held:  # another worker is rebuilding
        assert held
        page = _page(client, "/recherche?q=colis")
    assert "La recherche est momentanément indisponible" in page
    assert "0 résultat" not in page
    assert 'href="/besoins/alimentation"' in page
    # Once the repair is possible, the results come back.
    state.close_all()
    assert FOUND in _page(client, "/recherche?q=colis&gratuit=1")


def test_an_empty_index_while_the_database_has_partners_is_rebuilt(app, tmp_path, monkeypatch, client):
    monkeypatch.setitem(app.config, "SEARCH_INDEX_DIR", str(tmp_path / "index"))
    idx.rebuild(db.session)  # built before the partners were imported
    monkeypatch.setitem(app.config, "SEARCH_SYNC", False)
    make_service(make_partner(name=FOUND), [subneed("colis-alimentaire")], name="Colis du jeudi")
    db.session.commit()
    monkeypatch.setitem(app.config, "SEARCH_SYNC", True)
    try:
        assert FOUND in _page(client, "/recherche?q=colis")
    finally:
        state.close_all()


@damaged_files
def test_check_fix_rebuilds_a_damaged_index_from_scratch(indexed):
    _damage(index_root())
    runner = indexed.test_cli_runner()

    checked = runner.invoke(args=["search", "check"])
    assert checked.exit_code == 1
    assert "illisible" in checked.output

    fixed = runner.invoke(args=["search", "check", "--fix"])
    assert fixed.exit_code == 0, fixed.output
    assert "Reconstruction complète" in fixed.output
    assert "1 services indexés" in fixed.output

    again = runner.invoke(args=["search", "check"])
    assert again.exit_code == 0
    assert "Index à jour." in again.output


def test_check_fix_rebuilds_a_deleted_index(indexed):
    shutil.rmtree(index_root())
    fixed = indexed.test_cli_runner().invoke(args=["search", "check", "--fix"])
    assert fixed.exit_code == 0, fixed.output
    assert indexed.test_cli_runner().invoke(args=["search", "check"]).exit_code == 0


def test_a_change_committed_but_never_indexed_is_caught_up(indexed, client, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("worker killed between the commit and the index update")

    with monkeypatch.context() as crashing:
        crashing.setattr(idx, "apply_changes", crash)
        partner = make_partner(name="Bains-douches municipaux")
        make_service(partner, [subneed("prendre-une-douche")], name="Douches gratuites")
        db.session.commit()

    page = _page(client, "/recherche?q=douche")
    assert "Bains-douches municipaux" in page
    assert indexed.test_cli_runner().invoke(args=["search", "check"]).exit_code == 0
