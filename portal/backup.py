"""Backups of the whole database, and their restoration into an empty database.

SQLite is copied with its online backup API (a consistent copy while the site keeps serving);
PostgreSQL is dumped with `pg_dump` in its custom format and restored with `pg_restore`. A
backup holds every row (accounts, listings, revisions, the search log); the search index is
not backed up: it is rebuilt from the database after a restore.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"


class BackupError(RuntimeError):
    """A backup or a restore that cannot be done; the message says why, in French."""


def _target_file(dest: Path, suffix: str) -> Path:
    """`dest` itself, or a dated file inside it when it is a folder (an existing one, or a
    name without extension: `backup /var/backups/portal` from a daily cron job)."""
    if dest.is_dir() or not dest.suffix:
        dest.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        return dest / f"portal-{stamp}{suffix}"
    dest.parent.mkdir(parents=True, exist_ok=True)
    return dest


def _pg_command(url: URL) -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment for the PostgreSQL client tools."""
    args = ["--host", url.host or "localhost", "--port", str(url.port or 5432)]
    if url.username:
        args += ["--username", url.username]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    options = url.query.get("options")
    if options:
        env["PGOPTIONS"] = options if isinstance(options, str) else " ".join(options)
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    tool = command[0]
    if shutil.which(tool) is None:
        raise BackupError(f"{tool} est introuvable : installez les outils clients de PostgreSQL.")
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{tool} a échoué : {done.stderr.strip()}")


def backup(database_url: str, dest: Path) -> Path:
    """Write a backup of the database to `dest` (a file, or a folder for a dated file)."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        source = Path(url.database or "")
        if not source.is_file():
            raise BackupError(f"Base SQLite introuvable : {source}")
        target = _target_file(dest, ".sqlite3")
        partial = target.with_name(target.name + ".partiel")
        with sqlite3.connect(source) as src, sqlite3.connect(partial) as dst:
            src.backup(dst)
        dst.close()
        partial.replace(target)
        return target
    if url.get_backend_name() == "postgresql":
        target = _target_file(dest, ".dump")
        args, env = _pg_command(url)
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", *args,
              "--file", str(target), url.database or ""], env)
        return target
    raise BackupError(f"Sauvegarde non prise en charge pour {url.get_backend_name()}.")


def _table_names(database_url: str) -> list[str]:
    engine = sa.create_engine(database_url)
    try:
        return sa.inspect(engine).get_table_names()
    finally:
        engine.dispose()


def restore(database_url: str, source: Path) -> None:
    """Restore a backup into the configured database, which must be empty."""
    if not source.is_file():
        raise BackupError(f"Sauvegarde introuvable : {source}")
    with source.open("rb") as handle:
        head = handle.read(16)
    url = make_url(database_url)
    backend = url.get_backend_name()
    if _table_names(database_url):
        raise BackupError("La base de destination n'est pas vide : une restauration se fait dans "
                          "une base neuve (créez-la, ou indiquez-en une autre dans DATABASE_URL).")
    if backend == "sqlite" and head.startswith(SQLITE_MAGIC):
        target = Path(url.database or "")
        target.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
        dst.close()
        return
    if backend == "postgresql" and head.startswith(PG_DUMP_MAGIC):
        args, env = _pg_command(url)
        _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *args,
              "--dbname", url.database or "", str(source)], env)
        return
    if not head.startswith((SQLITE_MAGIC, PG_DUMP_MAGIC)):
        raise BackupError(f"{source} n'est pas une sauvegarde de ce site.")
    origin = "SQLite" if head.startswith(SQLITE_MAGIC) else "PostgreSQL"
    raise BackupError(f"Cette sauvegarde vient d'une base {origin} : restaurez-la dans une base "
                      f"{origin}, pas {backend}.")
