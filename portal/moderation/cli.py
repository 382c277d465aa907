"""`flask --app portal campaigns …`: remind the members of stale listings to confirm them."""

from __future__ import annotations

import smtplib

import click
from flask import Flask

from portal.extensions import db
from portal.mail import MailNotConfigured
from portal.moderation import campaigns


def register(app: Flask) -> None:
    """Attach the `campaigns` command group."""

    @app.cli.group("campaigns")
    def campaigns_group() -> None:
        """Freshness campaigns: ask partners to confirm their listings."""

    @campaigns_group.command("remind")
    @click.option("--campaign", "key", metavar="KEY",
                  help="Name of the campaign (default: the current month, e.g. 2026-11).")
    def remind(key: str | None) -> None:
        """E-mail the members of every stale listing, once per campaign (safe to run again)."""
        key = (key or campaigns.default_key()).strip()
        if not key:
            raise click.ClickException("Le nom de la campagne est vide.")
        try:
            report = campaigns.remind(key)
        except (MailNotConfigured, smtplib.SMTPException, OSError) as error:
            raise click.ClickException(
                f"Envoi interrompu ({error}). Les rappels déjà partis sont enregistrés : "
                "relancez la commande pour envoyer les autres."
            ) from None
        db.session.commit()
        click.echo(f"Campagne {report.campaign.key} : {report.stale} fiches à confirmer.")
        click.echo(f"Rappels envoyés : {report.sent}.")
        click.echo(f"Déjà envoyés lors de cette campagne : {report.already_sent}.")
        click.echo(f"Fiches sans membre à prévenir : {report.without_member}.")

    @campaigns_group.command("list")
    def list_campaigns() -> None:
        """List the campaigns, newest first, with the number of reminders sent."""
        rows = campaigns.campaigns_with_counts()
        if not rows:
            click.echo("Aucune campagne.")
        for campaign, sent in rows:
            click.echo(f"{campaign.key}\tcréée le {campaign.created_at:%Y-%m-%d %H:%M}\t{sent} rappels")
