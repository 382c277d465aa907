"""Read-only selections of accounts, named for what the caller wants."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from portal.accounts.models import AccountToken, User, normalise_email
from portal.directory.models import Partner


def user_with_email(email: str) -> Select[tuple[User]]:
    return select(User).where(User.email == normalise_email(email))


def users_for_admin() -> Select[tuple[User]]:
    """Every account with its partners, administrators first, then by e-mail."""
    return select(User).options(selectinload(User.partners)).order_by(User.role, User.email)


def token_with_hash(token_hash: str, purpose: str) -> Select[tuple[AccountToken]]:
    return select(AccountToken).where(
        AccountToken.token_hash == token_hash, AccountToken.purpose == purpose
    )


def partners_with_slugs(slugs: list[str]) -> Select[tuple[Partner]]:
    return select(Partner).where(Partner.slug.in_(slugs)).order_by(Partner.name)


def partner_choices() -> Select[tuple[int, str, str]]:
    """Partners an administrator may attach a member to, by name."""
    return select(Partner.id, Partner.name, Partner.slug).order_by(Partner.name)
