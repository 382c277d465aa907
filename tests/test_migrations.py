"""The migrations: every one goes up and comes back down, and data migrations move the data."""

from __future__ import annotations

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from portal.extensions import db


def _tables() -> set[str]:
    return set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_every_migration_goes_up_and_down_again(unmigrated_app):
    upgrade()
    assert {"partner", "service", "revision", "user_account", "search_log"} <= _tables()
    downgrade(revision="base")
    assert _tables() == set()
    upgrade()
    assert set(db.metadata.tables) <= _tables()


def test_a_trusted_partners_published_revision_becomes_applied_and_back(unmigrated_app):
    upgrade(revision="f0dec134af31")
    with db.engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO partner (slug, name, kind, presentation, address, address_extra, postcode, city,"
            " phone, email, website, accessibility, accessibility_note, languages, labels, source,"
            " is_demo, status, closed_on_public_holidays, version, is_trusted, created_at, updated_at)"
            " VALUES ('p', 'P', 'association', '', '', '', '', '', '', '', '', 'unknown', '', '[]', '[]',"
            " 'manual', false, 'published', true, 1, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
        partner_id = conn.execute(sa.text("SELECT id FROM partner")).scalar_one()
        for status in ("published", "pending", "approved"):
            conn.execute(sa.text(
                "INSERT INTO revision (partner_id, created_at, kind, status, base_version, snapshot, diff,"
                " flags, reviewed, reason, message) VALUES (:p, CURRENT_TIMESTAMP, 'edit', :s, 1, '{}',"
                " '[]', '[]', false, '', '')"), {"p": partner_id, "s": status})

    def statuses() -> list[str]:
        with db.engine.connect() as conn:
            return list(conn.execute(sa.text("SELECT status FROM revision ORDER BY id")).scalars())

    upgrade(revision="a7c3e9d21b04")
    assert statuses() == ["applied", "pending", "approved"]
    downgrade(revision="f0dec134af31")
    assert statuses() == ["published", "pending", "approved"]
