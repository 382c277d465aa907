"""The `flask --app portal search …` commands."""

from __future__ import annotations

from datetime import timedelta

import click
from flask import Flask, current_app

from portal.db import utcnow
from portal.extensions import db
from portal.search import operations
from portal.search.store import index as idx


def register(app: Flask) -> None:
    """Attach the search commands to the Flask CLI."""

    @app.cli.group("search")
    def search_group() -> None:
        """The search index."""

    @search_group.command("reindex")
    def reindex_command() -> None:
        """Rebuild the index into a new folder and swap it in; searches keep working meanwhile."""
        click.echo(idx.rebuild(db.session))

    @search_group.command("check")
    @click.option("--fix", is_flag=True, help="Also rewrite what differs; rebuild an unreadable index.")
    def check_command(fix: bool) -> None:
        """Report services that differ between the index and the database (exit 1 if any)."""
        try:
            drift = idx.repair(db.session) if fix else idx.check(db.session)
        except idx.IndexUnreadable as error:
            click.echo(f"Index absent ou illisible ({error}).")
            if not fix:
                raise SystemExit(1) from None
            click.echo("Reconstruction complète depuis la base de données…")
            click.echo(idx.rebuild(db.session))
            return
        click.echo(str(drift))
        if not drift.ok:
            if fix:
                click.echo("Corrigé.")
            else:
                raise SystemExit(1)

    @search_group.command("purge-log")
    @click.option("--older-than", "days", type=click.IntRange(min=0), default=None,
                  help="Age in days (default: SEARCH_LOG_RETENTION_DAYS).")
    def purge_log_command(days: int | None) -> None:
        """Delete the logged searches older than the retention period."""
        if days is None:
            days = int(current_app.config["SEARCH_LOG_RETENTION_DAYS"])
        deleted = operations.purge_search_log(utcnow() - timedelta(days=days))
        db.session.commit()
        click.echo(f"{deleted} recherches de plus de {days} jours supprimées du journal.")
