"""Declarative base with a constraint naming convention, and shared column helpers."""

from __future__ import annotations

import math
import sqlite3
from datetime import UTC, datetime

from flask import current_app, has_app_context
from sqlalchemy import DateTime, MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from portal.config import flask_command

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base class of every model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """Current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timezone-aware datetime on every database (SQLite hands back naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class TimestampMixin:
    """created_at / updated_at bookkeeping (technical dates, never a human confirmation)."""

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """SQLite: enforce foreign keys like PostgreSQL, and let readers and a writer work at once."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


# -- timeouts -----------------------------------------------------------------------------------
# A database that accepts connections but never answers must not hold a web worker: connections
# give up after DATABASE_CONNECT_TIMEOUT and a statement after DATABASE_STATEMENT_TIMEOUT (then
# the page says "come back in a minute", see errors.py). Commands (init, reindex, migrations,
# purges) may legitimately run long statements: they get DATABASE_CLI_STATEMENT_TIMEOUT (0: none).

CLI_BUSY_TIMEOUT = 300.0  # SQLite has no "no limit": a command waits this long for a lock


def timeouts(config) -> tuple[float, float]:
    """(connect, statement) timeouts in seconds for a connection made now; 0 means none."""
    connect = float(config.get("DATABASE_CONNECT_TIMEOUT") or 0)
    if flask_command() not in (None, "run"):  # a command, not the requests `flask run` serves
        return connect, float(config.get("DATABASE_CLI_STATEMENT_TIMEOUT") or 0)
    return connect, float(config.get("DATABASE_STATEMENT_TIMEOUT") or 0)


@event.listens_for(Engine, "do_connect")
def _connection_timeouts(dialect, _record, _cargs, cparams) -> None:
    """Apply the application's timeouts to each new connection (others' engines are left alone)."""
    if not has_app_context():
        return
    connect, statement = timeouts(current_app.config)
    if dialect.name == "postgresql":
        if connect:
            cparams.setdefault("connect_timeout", max(2, math.ceil(connect)))  # libpq's minimum
        if statement and "statement_timeout" not in cparams.get("options", ""):
            # Added to the options the URL may carry (tests put a search_path there).
            extra = f"-c statement_timeout={round(statement * 1000)}"
            cparams["options"] = f"{cparams['options']} {extra}" if cparams.get("options") else extra
    elif dialect.name == "sqlite":
        # How long a statement waits for another writer's lock before "database is locked".
        cparams.setdefault("timeout", statement or CLI_BUSY_TIMEOUT)
