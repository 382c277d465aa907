"""Kept slips, anonymous counts, favourites, saved searches, orientation requests and the
send log of the professionals' rate limits.

What identifies a resident exists only in an `OrientationRequest` (first name or initials, a
way to reach them, a short summary), and `operations.purge` erases it after
PORTAL_ORIENTATION_RETENTION_DAYS. A slip holds places and notes, no one's name; a phone
number or an e-mail address a slip is sent to is used for the send and never written.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.db import Base, UTCDateTime, utcnow
from portal.directory.models import Partner, Service
from portal.orientation.constants import (
    CHANNELS,
    EVENT_KINDS,
    REFUSAL_REASONS,
    REQUEST_STATUSES,
    SENT,
)


def _among(column: str, codes) -> str:
    return f"{column} IN ({', '.join(repr(code) for code in codes)})"


class Slip(Base):
    """An orientation slip behind a short unguessable link the resident keeps.

    `items` is the selection it was made from: [{"partner": id, "service": id or None,
    "note": "..."}] in the professional's order. Only a SHA-256 of the link's secret is stored.
    """

    __tablename__ = "orientation_slip"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    items: Mapped[list[dict]] = mapped_column(JSON, default=list)
    # The language the slip is written in (fr, en, ar); the listings stay in French.
    locale: Mapped[str] = mapped_column(String(5), default="fr")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)

    def __repr__(self) -> str:
        return f"<Slip {self.id} {len(self.items)} places>"


class OrientationEvent(Base):
    """One anonymous count for the CCAS: something happened about a need in a quartier.

    An action touching places of several needs (a slip of three places) writes one row per
    (need, quartier) it touches, all with the same random `action`, so that both "slips by
    need" and "slips in all" can be counted. No user, no resident, no place is recorded."""

    __tablename__ = "orientation_event"
    __table_args__ = (CheckConstraint(_among("kind", EVENT_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    # "2026-12": counts are by month, and nothing finer is kept.
    month: Mapped[str] = mapped_column(String(7), index=True)
    need_slug: Mapped[str] = mapped_column(String(60), default="", server_default="")
    quartier_slug: Mapped[str] = mapped_column(String(60), default="", server_default="")
    action: Mapped[str] = mapped_column(String(32), index=True)

    def __repr__(self) -> str:
        return f"<OrientationEvent {self.kind} {self.month} {self.need_slug} {self.quartier_slug}>"


class Favourite(Base):
    """A place a professional starred; `seen` is what the last digest told them about it."""

    __tablename__ = "favourite"
    __table_args__ = (UniqueConstraint("user_id", "partner_id", name="uq_favourite_user_partner"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    seen: Mapped[dict | None] = mapped_column(JSON)

    user: Mapped[User] = relationship()
    partner: Mapped[Partner] = relationship()

    def __repr__(self) -> str:
        return f"<Favourite user={self.user_id} partner={self.partner_id}>"


class SavedSearch(Base):
    """A search a professional saved (need, quartier, filters, words); `known` lists the
    places it found when the last digest ran, so the next one can say which are new."""

    __tablename__ = "saved_search"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(120))
    # The query string arguments of the search page, as a dict of lists.
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    known: Mapped[list[int]] = mapped_column(JSON, default=list)
    digest_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<SavedSearch {self.label!r} user={self.user_id}>"


class OrientationRequest(Base):
    """A followed hand-off: a professional asks a service to take a person on.

    The person's first name or initials, contact and summary are erased (`erased_at`) after the
    retention period; status, need, quartier and dates stay for the counts."""

    __tablename__ = "orientation_request"
    __table_args__ = (
        CheckConstraint(_among("status", REQUEST_STATUSES), name="status"),
        CheckConstraint(f"refusal_reason = '' OR {_among('refusal_reason', REFUSAL_REASONS)}",
                        name="refusal_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("service.id", ondelete="SET NULL"), index=True)
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id", ondelete="SET NULL"), index=True)
    professional_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    person_name: Mapped[str] = mapped_column(String(80), default="")
    person_contact: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    # When the professional recorded that the person agreed to the request.
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20), default=SENT, server_default=SENT, index=True)
    refusal_reason: Mapped[str] = mapped_column(String(30), default="", server_default="")
    answer_note: Mapped[str] = mapped_column(String(500), default="", server_default="")
    need_slug: Mapped[str] = mapped_column(String(60), default="", server_default="")
    quartier_slug: Mapped[str] = mapped_column(String(60), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    service: Mapped[Service | None] = relationship()
    partner: Mapped[Partner | None] = relationship()
    professional: Mapped[User | None] = relationship()
    links: Mapped[list[RequestLink]] = relationship(
        back_populates="request", cascade="all, delete-orphan", passive_deletes=True
    )

    def __repr__(self) -> str:
        return f"<OrientationRequest {self.id} {self.status}>"


class RequestLink(Base):
    """A signed link a partner answers a request with, no account needed; only a SHA-256 of
    its secret is stored. It works until it expires or the request has a final answer."""

    __tablename__ = "orientation_request_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("orientation_request.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    request: Mapped[OrientationRequest] = relationship(back_populates="links")

    def __repr__(self) -> str:
        return f"<RequestLink request={self.request_id}>"


class SendLog(Base):
    """One slip sent by a professional, by channel and time only: what the per-professional
    rate limits count. The recipient is not recorded; rows older than a day are deleted."""

    __tablename__ = "orientation_send_log"
    __table_args__ = (CheckConstraint(_among("channel", CHANNELS), name="channel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
