"""The `flask --app portal search …` commands."""

from __future__ import annotations

import click
from flask import Flask

from portal.extensions import db
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
    @click.option("--fix", is_flag=True, help="Also rewrite what differs.")
    def check_command(fix: bool) -> None:
        """Report services that differ between the index and the database (exit 1 if any)."""
        drift = idx.repair(db.session) if fix else idx.check(db.session)
        click.echo(str(drift))
        if not drift.ok:
            if fix:
                click.echo("Corrigé.")
            else:
                raise SystemExit(1)
