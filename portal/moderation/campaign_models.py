"""Freshness campaigns: a named round of reminders, and who was reminded in each round."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.db import Base, UTCDateTime, utcnow
from portal.directory.models import Partner


class Campaign(Base):
    """One round of "please confirm your listing" reminders, named by a key such as 2026-11."""

    __tablename__ = "campaign"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    reminders: Mapped[list[CampaignReminder]] = relationship(
        back_populates="campaign", cascade="all, delete-orphan", passive_deletes=True
    )

    def __repr__(self) -> str:
        return f"<Campaign {self.key}>"


class CampaignReminder(Base):
    """A reminder e-mailed to one member about one partner; at most one per campaign."""

    __tablename__ = "campaign_reminder"
    __table_args__ = (
        # What makes `campaigns remind` safe to run twice.
        UniqueConstraint("campaign_id", "partner_id", "user_id", name="uq_campaign_reminder_once"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"))
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    campaign: Mapped[Campaign] = relationship(back_populates="reminders")
    partner: Mapped[Partner] = relationship()
    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<CampaignReminder campaign={self.campaign_id} partner={self.partner_id} user={self.user_id}>"
