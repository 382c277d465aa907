"""The `flask --app portal orientation …` commands (for a cron: digest weekly, the rest nightly)."""

from __future__ import annotations

import click
from flask import Flask

from portal.db import utcnow
from portal.extensions import db


def register(app: Flask) -> None:
    """Attach the orientation commands to the Flask CLI."""

    @app.cli.group("orientation")
    def orientation_group() -> None:
        """Slips, favourites, orientation requests and what they keep."""

    @orientation_group.command("digest")
    def digest_command() -> None:
        """Send the weekly digest of favourites and saved searches to the professionals."""
        from portal.orientation import digest

        sent = digest.send_digests(utcnow())
        db.session.commit()
        click.echo(f"Résumés envoyés : {sent}.")

    @orientation_group.command("remind")
    def remind_command() -> None:
        """Remind partners and professionals of orientation requests left without an answer."""
        from portal.orientation import requests

        reminded = requests.remind(utcnow())
        db.session.commit()
        click.echo(f"Demandes relancées : {reminded}.")

    @orientation_group.command("purge")
    def purge_command() -> None:
        """Erase what is kept past its time: requests' personal data, expired slips, the send
        log, and decided account requests."""
        from portal.accounts import pro_requests
        from portal.orientation import requests, sending, slips

        now = utcnow()
        erased = requests.purge(now)
        expired = slips.purge_expired(now)
        logged = sending.purge_log(now)
        asked = pro_requests.purge(now)
        db.session.commit()
        click.echo(f"Demandes d'orientation anonymisées : {erased}. Fiches expirées supprimées : "
                   f"{expired}. Envois oubliés : {logged}. Demandes de compte supprimées : {asked}.")
