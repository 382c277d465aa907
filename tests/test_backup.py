"""`flask backup` and `flask restore`: a backup restored into an empty database gives back
every row of every table, on SQLite (online backup API) and PostgreSQL (pg_dump/pg_restore)."""

from __future__ import annotations

import copy
import os
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from portal.extensions import db
from portal.moderation import operations
from portal.search.models import SearchLog
from seed import importer, loader
from tests.conftest import PG_URL, _dispose, _make_app
from tests.factories import make_user


@pytest.fixture()
def databases(tmp_path):
    """Two empty databases of the engine under test: (source URL, destination URL)."""
    if not PG_URL:
        yield (f"sqlite:///{tmp_path / 'site.sqlite3'}", f"sqlite:///{tmp_path / 'restored.sqlite3'}")
        return
    parts = urlsplit(PG_URL)
    names = [f"portal_backup_{uuid.uuid4().hex[:8]}_{n}" for n in ("a", "b")]
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for name in names:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield tuple(urlunsplit(parts._replace(path=f"/{name}", query="")) for name in names)
    with admin.connect() as conn:
        for name in names:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _rows(url: str) -> dict[str, list[tuple]]:
    """Every row of every table, in a comparable order."""
    engine = sa.create_engine(url)
    try:
        meta = sa.MetaData()
        meta.reflect(engine)
        with engine.connect() as conn:
            return {
                name: sorted(tuple(map(repr, row)) for row in conn.execute(table.select()))
                for name, table in meta.tables.items()
            }
    finally:
        engine.dispose()


def test_a_backup_restores_every_row(databases, tmp_path_factory, tmp_path):
    source_url, target_url = databases
    site = _make_app(source_url, tmp_path_factory)
    with site.app_context():
        upgrade()
        loader.load_reference(db.session)
        importer.import_open_data(db.session)
        partner = db.session.scalars(sa.select(importer.Partner).limit(1)).one()
        member = make_user("partner", partners=[partner])
        head = operations.head_of(partner)
        snapshot = copy.deepcopy(head.snapshot)
        snapshot["partner"]["phone"] = "03 20 11 22 33"
        operations.propose_change(partner, snapshot, member, partner.version)
        db.session.add(SearchLog(query="colis alimentaire", results=4))
        db.session.commit()
    original = _rows(source_url)
    for table in ("partner", "service", "opening_slot", "revision", "user_account", "search_log",
                  "need", "quartier", "alembic_version"):
        assert original[table], table

    result = site.test_cli_runner().invoke(args=["backup", str(tmp_path / "sauvegardes")])
    _dispose(site)
    assert result.exit_code == 0, result.output
    (written,) = (tmp_path / "sauvegardes").iterdir()

    restored = _make_app(target_url, tmp_path_factory)
    result = restored.test_cli_runner().invoke(args=["restore", str(written)])
    assert result.exit_code == 0, result.output
    assert _rows(target_url) == original
    # The search index was rebuilt: the restored site finds the restored partners.
    with restored.app_context(), restored.test_client() as client:
        page = client.get("/recherche?q=france+services")
        assert page.status_code == 200 and "France services" in page.get_data(as_text=True)

    # A restore never writes over a database that holds data.
    again = restored.test_cli_runner().invoke(args=["restore", str(written)])
    assert again.exit_code != 0 and "n'est pas vide" in again.output
    _dispose(restored)


def test_restore_refuses_a_file_that_is_not_a_backup(databases, tmp_path_factory, tmp_path):
    junk = tmp_path / "notes.txt"
    junk.write_text("pas une sauvegarde")
    site = _make_app(databases[1], tmp_path_factory)
    result = site.test_cli_runner().invoke(args=["restore", str(junk)])
    assert result.exit_code != 0 and "n'est pas une sauvegarde" in result.output
    missing = site.test_cli_runner().invoke(args=["restore", str(tmp_path / "absent.dump")])
    assert missing.exit_code != 0 and "introuvable" in missing.output
    _dispose(site)


@pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")), reason="SQLite file path")
def test_backup_of_a_missing_sqlite_file_says_so(tmp_path_factory, tmp_path):
    site = _make_app(f"sqlite:///{tmp_path / 'absent.sqlite3'}", tmp_path_factory)
    result = site.test_cli_runner().invoke(args=["backup", str(tmp_path / "b.sqlite3")])
    assert result.exit_code != 0 and "introuvable" in result.output
    _dispose(site)
