"""Test fixtures: a migrated database per kind of test, wiped between tests.

Set TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/test) to run on PostgreSQL;
the default is SQLite files in a temporary folder. Each fixture database lives in its own
schema (PostgreSQL) or file (SQLite), and is built through the Alembic migrations.
"""

from __future__ import annotations

import os
from urllib.parse import quote

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from portal import create_app
from portal.extensions import db

PG_URL = os.environ.get("TEST_DATABASE_URL", "").strip()


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
    }
    config.update(extra)
    return create_app(config)


def _dispose(app) -> None:
    """Close the pooled connections of an application's engines."""
    with app.app_context():
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()


def _wipe() -> None:
    """Delete every row, children first, keeping the schema."""
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture(scope="session")
def _unit_app(tmp_path_factory):
    app = _make_app(_database_url("unit", tmp_path_factory), tmp_path_factory)
    with app.app_context():
        upgrade()
    yield app
    _dispose(app)


@pytest.fixture()
def app(_unit_app):
    """The application on an empty, migrated database with the reference data loaded."""
    from portal.directory import geo
    from seed import loader

    with _unit_app.app_context():
        loader.load_reference(db.session)
        db.session.commit()
        geo.clear_cache()
        yield _unit_app
        db.session.rollback()
        _wipe()
        geo.clear_cache()


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def demo_app(tmp_path_factory):
    """The full seeded demo (reference, real and demo data) and its search index. Read-only."""
    from portal.directory import geo
    from portal.search import index
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
