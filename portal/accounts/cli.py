"""`flask --app portal users …`: create and list accounts from the command line."""

from __future__ import annotations

import os

import click
from email_validator import EmailNotValidError, validate_email
from flask import Flask

from portal.accounts import operations, queries
from portal.accounts.constants import PARTNER, PASSWORD_MIN_LENGTH, ROLES
from portal.extensions import db


def register(app: Flask) -> None:
    """Attach the `users` command group."""

    @app.cli.group("users")
    def users_group() -> None:
        """Manage the accounts (administrators, partner members, professionals)."""

    @users_group.command("create")
    @click.argument("email")
    @click.option("--role", type=click.Choice(list(ROLES)), required=True, help="Role of the account.")
    @click.option("--partner", "partner_slugs", multiple=True, metavar="SLUG",
                  help="Slug of a partner the member belongs to (repeatable).")
    def create(email: str, role: str, partner_slugs: tuple[str, ...]) -> None:
        """Create an account; the password comes from PORTAL_PASSWORD or is asked twice."""
        try:
            email = validate_email(email, check_deliverability=False).normalized
        except EmailNotValidError as error:
            raise click.ClickException(f"Adresse e-mail invalide : {error}") from None
        if partner_slugs and role != PARTNER:
            raise click.ClickException("--partner ne s'utilise qu'avec --role partner.")
        try:
            partners = operations.partners_from_slugs(list(partner_slugs))
        except operations.AccountError as error:
            raise click.ClickException(str(error)) from None
        password = os.environ.get("PORTAL_PASSWORD") or click.prompt(
            "Mot de passe", hide_input=True, confirmation_prompt=True
        )
        if len(password) < PASSWORD_MIN_LENGTH:
            raise click.ClickException(
                f"Le mot de passe doit compter au moins {PASSWORD_MIN_LENGTH} caractères."
            )
        try:
            user = operations.create_user(email, role, partners=partners, password=password)
        except operations.AccountError as error:
            db.session.rollback()
            raise click.ClickException(str(error)) from None
        db.session.commit()
        click.echo(f"Compte créé : {user.email} ({user.role}).")

    @users_group.command("list")
    def list_users() -> None:
        """List every account: e-mail, role, state, partners, last login."""
        accounts = db.session.scalars(queries.users_for_admin()).all()
        if not accounts:
            click.echo("Aucun compte.")
        for user in accounts:
            state = "actif" if user.is_active else "désactivé"
            if not user.password_hash:
                state = "invité"
            last = user.last_login_at.strftime("%Y-%m-%d %H:%M") if user.last_login_at else "jamais"
            partners = ", ".join(p.slug for p in user.partners) or "-"
            click.echo(f"{user.email}\t{user.role}\t{state}\t{partners}\tdernière connexion : {last}")

