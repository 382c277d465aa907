"""Test fixtures: migrated databases built once, and each test inside a transaction rolled back.

Set TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/test) to run on PostgreSQL;
the default is SQLite files in a temporary folder. Each fixture database lives in its own
schema (PostgreSQL) or file (SQLite), is built through the Alembic migrations, and gets the
reference data (needs, sub-needs, quartiers) once per session.

`app` runs each test inside one database transaction that is rolled back at the end: the
code's `commit()` only releases a savepoint, its `rollback()` only goes back to one, and
nothing reaches the next test. Tests marked `committing` get an application whose commits
are real (then every row but the reference data is deleted): they are the tests of what
happens after a commit in another connection or thread (index sync, concurrent editors).
"""

from __future__ import annotations

import os
from urllib.parse import quote

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from sqlalchemy import event
from sqlalchemy.orm import scoped_session, sessionmaker

from portal import create_app
from portal.extensions import db

PG_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
# Loaded once per session and kept by `committing` tests' cleanup.
REFERENCE_TABLES = {"need", "subneed", "quartier", "alembic_version"}


def pytest_configure(config):
    config.addinivalue_line("markers", "committing: the test needs real commits (see conftest.py)")


def _database_url(name: str, tmp_path_factory) -> str:
    """A fresh, empty database for one fixture, on PostgreSQL or SQLite."""
    if PG_URL:
        schema = f"portal_test_{name}"
        engine = sa.create_engine(PG_URL)
        with engine.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
        engine.dispose()
        separator = "&" if "?" in PG_URL else "?"
        return f"{PG_URL}{separator}options={quote(f'-csearch_path={schema}')}"
    folder = tmp_path_factory.mktemp(f"db-{name}")
    return f"sqlite:///{folder / 'portal.sqlite3'}"


def _make_app(url: str, tmp_path_factory, **extra):
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": False,
        "SERVER_NAME": "portal.test",
        "SEARCH_INDEX_DIR": str(tmp_path_factory.mktemp("search-index")),
        # One round of PBKDF2 instead of scrypt: tests create hundreds of accounts.
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
    }
    config.update(extra)
    return create_app(config)


def _migrated_with_reference(name: str, tmp_path_factory, **extra):
    from portal.directory import geo
    from seed import loader

    app = _make_app(_database_url(name, tmp_path_factory), tmp_path_factory, **extra)
    with app.app_context():
        upgrade()
        loader.load_reference(db.session)
        db.session.commit()
        geo.clear_cache()
    return app


def _dispose(app) -> None:
    """Close the pooled connections of an application's engines."""
    with app.app_context():
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()


def _sqlite_transactions_as_written(engine) -> None:
    """pysqlite begins transactions lazily and would turn the test's SAVEPOINTs into commits;
    SQLAlchemy's documented fix: let SQLite begin exactly when SQLAlchemy says so."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _no_implicit_begin(dbapi_connection, _record):
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _explicit_begin(connection):
        connection.exec_driver_sql("BEGIN")

    engine.dispose()


@pytest.fixture(scope="session")
def _rollback_app(tmp_path_factory):
    # The index cannot follow commits that another connection never sees: tests that need it
    # build the index themselves, or are marked `committing`.
    app = _migrated_with_reference("unit", tmp_path_factory, SEARCH_SYNC=False)
    with app.app_context():
        _sqlite_transactions_as_written(db.engine)
    yield app
    _dispose(app)


@pytest.fixture(scope="session")
def _committing_app(tmp_path_factory):
    app = _migrated_with_reference("committing", tmp_path_factory)
    yield app
    _dispose(app)


def _wipe() -> None:
    """Delete every row but the reference data, children first."""
    for table in reversed(db.metadata.sorted_tables):
        if table.name not in REFERENCE_TABLES:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture()
def app(request, _rollback_app, monkeypatch):
    """The application on a migrated database holding the reference data, and nothing that an
    earlier test wrote."""
    if request.node.get_closest_marker("committing"):
        app = request.getfixturevalue("_committing_app")
        with app.app_context():
            try:
                yield app
            finally:
                db.session.rollback()
                _wipe()
        return
    with _rollback_app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
        session = scoped_session(sessionmaker(bind=connection, join_transaction_mode="create_savepoint"))
        monkeypatch.setattr(db, "session", session)
        try:
            yield _rollback_app
        finally:
            session.remove()
            outer.rollback()
            connection.close()


@pytest.fixture()
def unmigrated_app(tmp_path_factory):
    """An application on an empty database of its own, for the tests of the migrations."""
    app = _make_app(_database_url("migrations", tmp_path_factory), tmp_path_factory)
    with app.app_context():
        yield app
        db.session.remove()
    _dispose(app)


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def pro(client):
    """A professional, logged in on `client`."""
    from tests.factories import login, make_user

    user = make_user("professional")
    assert login(client, user).status_code == 302
    return user


@pytest.fixture()
def own_index(app, tmp_path):
    """The application with a search index of its own in the test's folder, built from the
    database now, and no synonyms (so that a test sees only its own words)."""
    from portal.search.store import index, state

    saved = {key: app.config.get(key) for key in ("SEARCH_INDEX_DIR", "SEARCH_SYNONYMS_PATH")}
    app.config["SEARCH_INDEX_DIR"] = str(tmp_path / "index")
    (tmp_path / "no-synonyms.txt").write_text("# version: none\n", encoding="utf-8")
    app.config["SEARCH_SYNONYMS_PATH"] = str(tmp_path / "no-synonyms.txt")
    index.rebuild(db.session)
    yield app
    state.close_all()
    app.config.update(saved)


@pytest.fixture(scope="session")
def demo_app(tmp_path_factory):
    """The full seeded demo (reference, real and demo data) and its search index. Read-only."""
    from portal.directory import geo
    from portal.search.store import index
    from seed import demo, importer, loader

    app = _make_app(_database_url("demo", tmp_path_factory), tmp_path_factory)
    with app.app_context():
        upgrade()
        geo.clear_cache()
        loader.load_reference(db.session)
        importer.import_open_data(db.session)
        demo.generate_demo(db.session)
        db.session.commit()
        geo.clear_cache()
        index.rebuild(db.session)
    yield app
    _dispose(app)


@pytest.fixture()
def demo_client(demo_app):
    with demo_app.app_context():
        yield demo_app.test_client()
