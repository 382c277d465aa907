"""Users, their memberships in partners, and single-use account tokens."""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime, timedelta

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from werkzeug.security import check_password_hash, generate_password_hash

from portal.accounts.constants import ADMIN
from portal.db import Base, UTCDateTime, utcnow
from portal.directory.models import Partner


def new_stamp() -> str:
    """A random session stamp: unguessable, so no session cookie can be forged without it."""
    return secrets.token_hex(16)


membership = Table(
    "membership",
    Base.metadata,
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
    Column("partner_id", ForeignKey("partner.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class User(UserMixin, Base):
    """A person who logs in: the CCAS team, a partner's member, or a professional."""

    # "user" is a reserved word in PostgreSQL.
    __tablename__ = "user_account"
    __table_args__ = (CheckConstraint("role IN ('admin', 'partner', 'professional')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    # None until an invited person chooses a password.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Random, carried in every session and remember cookie; a new one ends every session.
    session_stamp: Mapped[str | None] = mapped_column(String(32), default=new_stamp)
    session_stamp_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=utcnow)

    partners: Mapped[list[Partner]] = relationship(
        secondary=membership, order_by=Partner.name, back_populates="members"
    )
    tokens: Mapped[list[AccountToken]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"

    @validates("email")
    def _normalise_email(self, _key: str, value: str) -> str:
        return normalise_email(value)

    @validates("is_active", "role")
    def _end_sessions_on_change(self, key: str, value):
        # Closing an account or changing its role closes its sessions: reopening the account
        # later must not bring back a cookie copied before.
        if getattr(self, key) is not None and getattr(self, key) != value:
            self.end_sessions()
        return value

    def get_id(self) -> str:
        return f"{self.id}:{self.session_stamp}"

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=password_hash_method())
        # A new password closes the other sessions.
        self.end_sessions()

    # Sessions -------------------------------------------------------------------------------
    #
    # Every session and "remember me" cookie carries the account's stamp; the server accepts
    # it only while the stamp is the account's current one and younger than `lifetime`
    # (REMEMBER_COOKIE_DURATION, 14 days). So, on a computer shared in a social centre:
    # - logging out ends the session there and on every other device (a copied cookie too);
    # - a new password, closing the account or a change of role does the same;
    # - a session forgotten open ends by itself at most `lifetime` after its stamp was drawn,
    #   however busy it is;
    # - logging in draws a new stamp once the current one is past half its life (ending the
    #   sessions elsewhere), so a fresh login always lasts at least half the lifetime.

    def end_sessions(self) -> None:
        """Draw a new stamp: every cookie carrying the old one stops opening the account."""
        self.session_stamp, self.session_stamp_at = new_stamp(), utcnow()

    def accepts_session(self, stamp: str, lifetime: timedelta, now: datetime | None = None) -> bool:
        """Whether a cookie carrying `stamp` still opens this account."""
        if not self.is_active or not self.password_hash or not self.session_stamp:
            return False  # an invited account has no session until its password is chosen
        if self.session_stamp_at is None or (now or utcnow()) >= self.session_stamp_at + lifetime:
            return False
        return hmac.compare_digest(stamp.encode(), self.session_stamp.encode())

    def start_session(self, lifetime: timedelta, now: datetime | None = None) -> None:
        """At login: keep the stamp while it is young, else draw a new one (see above)."""
        now = now or utcnow()
        if self.session_stamp_at is None or now >= self.session_stamp_at + lifetime / 2:
            self.end_sessions()

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN


class AccountToken(Base):
    """A single-use, expiring link sent by e-mail; only a SHA-256 of the token is stored."""

    __tablename__ = "account_token"
    __table_args__ = (CheckConstraint("purpose IN ('invite', 'reset')", name="purpose"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(10))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="tokens")

    def __repr__(self) -> str:
        return f"<AccountToken {self.purpose} user={self.user_id}>"

    def is_usable(self, now: datetime | None = None) -> bool:
        return self.used_at is None and (now or utcnow()) < self.expires_at


def password_hash_method() -> str:
    """Werkzeug's hash method: scrypt, unless the configuration says otherwise (tests)."""
    return current_app.config.get("PASSWORD_HASH_METHOD") or "scrypt"


def normalise_email(value: str) -> str:
    """E-mail addresses are compared without surrounding spaces and case."""
    return (value or "").strip().lower()



class AccountRequest(Base):
    """A professional asking for an account with a work e-mail, until an administrator decides.

    Approving it invites the address as a professional (the invitation flow as for any
    account); the request itself is deleted PORTAL_ACCOUNT_REQUEST_RETENTION_DAYS after the
    decision."""

    __tablename__ = "account_request"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'approved', 'refused')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    name: Mapped[str] = mapped_column(String(120))
    organisation: Mapped[str] = mapped_column(String(200))
    job: Mapped[str] = mapped_column(String(120), default="", server_default="")
    message: Mapped[str] = mapped_column(String(1000), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    status: Mapped[str] = mapped_column(String(10), default="pending", server_default="pending")
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    decided_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<AccountRequest {self.email} {self.status}>"

    @validates("email")
    def _normalise_email(self, _key: str, value: str) -> str:
        return normalise_email(value)
