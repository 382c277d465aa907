"""Freshness campaigns: a named round of messages, who was written to in each round, and the
signed links those messages carry.

A `Campaign` is one round: reminders ("is your listing still right?") or invitations ("claim
your listing"). A `CampaignReminder` is one message about one listing to one address, at most
once per campaign; it records what became of it (sent, failed, opened, confirmed, corrected).
A `ListingToken` is a signed link of such a message: "Rien n'a changé" (single use) or
"Je corrige" (usable until it expires). Only a SHA-256 of the link's secret is stored.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.db import Base, UTCDateTime, utcnow
from portal.directory.models import Partner

REMIND = "remind"
INVITE = "invite"
CONFIRM_LINK = "confirm"
CORRECT_LINK = "correct"


class Campaign(Base):
    """One round of messages, named by a key such as 2026-11 (reminders) or invite-2026-12."""

    __tablename__ = "campaign"
    __table_args__ = (CheckConstraint(f"kind IN ('{REMIND}', '{INVITE}')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(10), default=REMIND, server_default=REMIND)
    # Reminders: listings not confirmed for this many months (None: each listing's own
    # frequency, or PORTAL_STALE_AFTER_DAYS).
    months: Mapped[int | None] = mapped_column(Integer)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    reminders: Mapped[list[CampaignReminder]] = relationship(
        back_populates="campaign", cascade="all, delete-orphan", passive_deletes=True
    )
    created_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Campaign {self.kind} {self.key}>"


class CampaignReminder(Base):
    """One message of a campaign about one listing to one address; at most one per campaign.

    `user` is set when the address is a member's account; otherwise the message went to the
    listing's contact or public e-mail. `failed_at`/`error` record a delivery the SMTP server
    refused (the next run of the campaign tries again)."""

    __tablename__ = "campaign_reminder"
    __table_args__ = (
        # What makes running a campaign twice safe.
        UniqueConstraint("campaign_id", "partner_id", "email", name="uq_campaign_reminder_once"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254), default="", server_default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=utcnow)
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str] = mapped_column(String(300), default="", server_default="")
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    corrected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    campaign: Mapped[Campaign] = relationship(back_populates="reminders")
    partner: Mapped[Partner] = relationship()
    user: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<CampaignReminder campaign={self.campaign_id} partner={self.partner_id} to={self.email}>"


class ListingToken(Base):
    """A signed link about one listing, sent in a campaign message; only its hash is stored."""

    __tablename__ = "listing_token"
    __table_args__ = (
        CheckConstraint(f"purpose IN ('{CONFIRM_LINK}', '{CORRECT_LINK}')", name="purpose"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id", ondelete="CASCADE"), index=True)
    reminder_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaign_reminder.id", ondelete="SET NULL"), index=True
    )
    purpose: Mapped[str] = mapped_column(String(10))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    partner: Mapped[Partner] = relationship()
    reminder: Mapped[CampaignReminder | None] = relationship()

    def __repr__(self) -> str:
        return f"<ListingToken {self.purpose} partner={self.partner_id}>"

    def is_usable(self, now: datetime | None = None) -> bool:
        return self.used_at is None and (now or utcnow()) < self.expires_at
