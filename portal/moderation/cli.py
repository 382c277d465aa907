"""`flask --app portal campaigns …`: ask the people behind stale listings to confirm or correct them."""

from __future__ import annotations

import click
from flask import Flask

from portal.extensions import db
from portal.mail import MailNotConfigured
from portal.moderation import campaigns, onboarding


def register(app: Flask) -> None:
    """Attach the `campaigns` command group."""

    @app.cli.group("campaigns")
    def campaigns_group() -> None:
        """Freshness campaigns: ask partners to confirm their listings."""

    onboarding.register_cli(campaigns_group)

    @campaigns_group.command("remind")
    @click.option("--campaign", "key", metavar="KEY",
                  help="Name of the campaign (default: the current month, e.g. 2026-11).")
    @click.option("--months", type=click.IntRange(1, 120), default=None,
                  help="Listings not confirmed for this many months (default: each listing's "
                       "update frequency, else PORTAL_STALE_AFTER_DAYS). Set when the campaign starts.")
    def remind(key: str | None, months: int | None) -> None:
        """E-mail every stale listing (members, contact or public address) its two links, once
        per campaign (safe to run again: only what is missing or failed is sent)."""
        key = (key or campaigns.default_key()).strip()
        if not key:
            raise click.ClickException("Le nom de la campagne est vide.")
        try:
            report = campaigns.remind(key, months=months)
        except ValueError:
            raise click.ClickException(f"« {key} » est le nom d'une campagne d'un autre type.") from None
        except MailNotConfigured as error:
            raise click.ClickException(
                f"Envoi interrompu ({error}). Les rappels déjà partis sont enregistrés : "
                "relancez la commande pour envoyer les autres."
            ) from None
        db.session.commit()
        click.echo(f"Campagne {report.campaign.key} : {report.stale} fiches à confirmer.")
        click.echo(f"Rappels envoyés : {report.sent}.")
        click.echo(f"Déjà envoyés lors de cette campagne : {report.already_sent}.")
        click.echo(f"Envois refusés (réessayés à la prochaine exécution) : {report.failed}.")
        click.echo(f"Fiches sans adresse e-mail : {report.without_address}.")
        if report.interrupted:
            raise click.ClickException(
                "Trop d'envois refusés de suite : le serveur de messagerie semble indisponible. "
                "Relancez la commande plus tard pour envoyer le reste.")

    @campaigns_group.command("list")
    def list_campaigns() -> None:
        """List the campaigns, newest first, with the number of reminders sent."""
        rows = campaigns.campaigns_with_counts()
        if not rows:
            click.echo("Aucune campagne.")
        for campaign, sent in rows:
            click.echo(f"{campaign.key}\tcréée le {campaign.created_at:%Y-%m-%d %H:%M}\t{sent} rappels")
