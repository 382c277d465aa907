"""The `flask --app portal feedback …` commands."""

from __future__ import annotations

from datetime import timedelta

import click
from flask import Flask, current_app

from portal.db import utcnow
from portal.extensions import db
from portal.feedback import operations


def register(app: Flask) -> None:
    """Attach the feedback commands to the Flask CLI."""

    @app.cli.group("feedback")
    def feedback_group() -> None:
        """Reports of errors and proposed places."""

    @feedback_group.command("purge")
    @click.option("--older-than", "days", type=click.IntRange(min=0), default=None,
                  help="Age in days (default: PORTAL_FEEDBACK_RETENTION_DAYS).")
    def purge_command(days: int | None) -> None:
        """Erase the e-mails left on reports and proposals older than the retention period."""
        if days is None:
            days = int(current_app.config["PORTAL_FEEDBACK_RETENTION_DAYS"])
        erased = operations.purge_emails(utcnow() - timedelta(days=days))
        db.session.commit()
        click.echo(f"Adresses e-mail de plus de {days} jours effacées : {erased}.")
