"""Every write on accounts: creating users, invitations, password resets, logins.

These operations flush and never commit: the view or the command does, and only then sends
the e-mail an operation composed (an invitation or a reset link must not arrive for an
account that was not saved).
"""

from __future__ import annotations

import hashlib
import secrets
from email.message import EmailMessage
from functools import cache

from flask import current_app, render_template
from sqlalchemy import select, update
from werkzeug.security import check_password_hash, generate_password_hash

from portal.accounts import queries
from portal.accounts.constants import INVITE, PARTNER, RESET, ROLES, TOKEN_LIFETIMES
from portal.accounts.models import AccountToken, User, normalise_email, password_hash_method
from portal.db import utcnow
from portal.directory.models import Partner
from portal.extensions import db
from portal.i18n import _
from portal.mail import absolute_url, compose


@cache
def _dummy_hash(method: str) -> str:
    # Checked when the e-mail is unknown, so that both failures take the same time.
    return generate_password_hash(secrets.token_hex(16), method=method)


class AccountError(ValueError):
    """A request that cannot be carried out; the message is shown to the user."""


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, else None (whichever part was wrong)."""
    user = db.session.scalars(queries.user_with_email(email)).first()
    if user is None or not user.password_hash:
        check_password_hash(_dummy_hash(password_hash_method()), password)
        return None
    if not user.check_password(password) or not user.is_active:
        return None
    return user


def record_login(user: User) -> None:
    """Before a login: renew the session stamp when it is old (see User.start_session), and
    remember when the user last logged in (shown to administrators)."""
    user.start_session(current_app.config["REMEMBER_COOKIE_DURATION"])
    user.last_login_at = utcnow()
    db.session.flush()


def end_sessions(user: User) -> None:
    """At logout: every session and remember cookie of this account stops working, this one,
    those on other devices and any copy."""
    user.end_sessions()
    db.session.flush()


def create_user(
    email: str, role: str, *, partners: list[Partner] = (), password: str | None = None
) -> User:
    """A new account; a partner member must belong to at least one partner."""
    email = normalise_email(email)
    if role not in ROLES:
        raise AccountError(_("Rôle inconnu : %(role)s.", role=role))
    if db.session.scalars(queries.user_with_email(email)).first() is not None:
        raise AccountError(_("Un compte existe déjà pour %(email)s.", email=email))
    if role == PARTNER and not partners:
        raise AccountError(_("Un membre de partenaire doit être rattaché à au moins un partenaire."))
    user = User(email=email, role=role, partners=list(partners) if role == PARTNER else [])
    if password is not None:
        user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def issue_token(user: User, purpose: str) -> str:
    """A new single-use link token for `user`; earlier unused ones of the same purpose die."""
    now = utcnow()
    db.session.execute(
        update(AccountToken)
        .where(
            AccountToken.user_id == user.id,
            AccountToken.purpose == purpose,
            AccountToken.used_at.is_(None),
        )
        .values(used_at=now)
    )
    raw = secrets.token_urlsafe(32)
    db.session.add(
        AccountToken(
            user=user,
            purpose=purpose,
            token_hash=hash_token(raw),
            expires_at=now + TOKEN_LIFETIMES[purpose],
        )
    )
    db.session.flush()
    return raw


def find_token(raw: str, purpose: str) -> AccountToken | None:
    """The stored token matching a link, usable or not; None when it never existed."""
    return db.session.scalars(queries.token_with_hash(hash_token(raw), purpose)).first()


def use_token(token: AccountToken, password: str) -> User:
    """Spend a token: set the user's password and mark every link of that purpose as used."""
    if not token.is_usable():
        raise AccountError(_("Ce lien n'est plus valable."))
    now = utcnow()
    user = token.user
    user.set_password(password)
    db.session.execute(
        update(AccountToken)
        .where(AccountToken.user_id == user.id, AccountToken.used_at.is_(None))
        .values(used_at=now)
    )
    db.session.flush()
    return user


def invite_user(
    email: str, role: str, partners: list[Partner], acting_user: User
) -> tuple[User, EmailMessage]:
    """Create an account without password, and the e-mail with a link to choose one (valid
    7 days), to send once the account is saved.

    Inviting again someone who never accepted gives a fresh link; an account already in
    use is refused.
    """
    user = db.session.scalars(queries.user_with_email(email)).first()
    if user is not None and user.password_hash:
        raise AccountError(_("Un compte existe déjà pour %(email)s.", email=user.email))
    if user is None:
        user = create_user(email, role, partners=partners)
    else:
        if role == PARTNER and not partners:
            raise AccountError(_("Un membre de partenaire doit être rattaché à au moins un partenaire."))
        user.role = role
        user.partners = list(partners) if role == PARTNER else []
    raw = issue_token(user, INVITE)
    link = absolute_url("accounts.accept_invitation", token=raw)
    message = compose(
        user.email,
        _("Votre accès à l'annuaire « Trouver de l'aide à Lille »"),
        render_template("accounts/email/invitation.txt", user=user, link=link, inviter=acting_user),
    )
    return user, message


def request_password_reset(email: str) -> EmailMessage | None:
    """A reset link (valid 1 hour) for the active account with this e-mail, as the message to
    send once saved; None when there is no such account (the caller must not tell the visitor).

    An unknown address costs the same work (a token, its hash, the message composed then
    dropped), so that the time of the answer does not tell either."""
    user = db.session.scalars(queries.user_with_email(email)).first()
    known = user is not None and user.is_active
    raw = issue_token(user, RESET) if known else secrets.token_urlsafe(32)
    if not known:
        hash_token(raw)
    link = absolute_url("accounts.reset_password", token=raw)
    message = compose(
        user.email if known else normalise_email(email),
        _("Choisir un nouveau mot de passe"),
        render_template("accounts/email/reset.txt", email=user.email if known else email, link=link),
    )
    return message if known else None


def partners_from_slugs(slugs: list[str], ids: list[int] | None = None) -> list[Partner]:
    """The partners named by their slugs (and, from a form, their ids), without duplicates;
    an unknown slug is an error naming it."""
    wanted = sorted({s.strip() for s in slugs if s.strip()})
    found = list(db.session.scalars(queries.partners_with_slugs(wanted))) if wanted else []
    missing = sorted(set(wanted) - {p.slug for p in found})
    if missing:
        raise AccountError(_("Partenaire inconnu : %(slugs)s.", slugs=", ".join(missing)))
    if ids:
        found += db.session.scalars(select(Partner).where(Partner.id.in_(ids))).all()
    return sorted({p.id: p for p in found}.values(), key=lambda p: p.name)
