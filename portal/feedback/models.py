"""Reports of an error on a listing, and places proposed for the directory.

Neither holds personal data beyond the optional e-mail its author chose to give, which
`operations.purge_emails` erases after PORTAL_FEEDBACK_RETENTION_DAYS. No IP address is kept:
the rate limits count in their own store and forget.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.db import Base, UTCDateTime, utcnow
from portal.directory.models import Need, Partner
from portal.feedback.constants import NEW, PROPOSAL_STATUSES, REPORT_CODES, REPORT_STATUSES


def _among(column: str, codes) -> str:
    return f"{column} IN ({', '.join(repr(code) for code in codes)})"


class Report(Base):
    """What a visitor ("Signaler une erreur") says is wrong on a published listing."""

    __tablename__ = "feedback_report"
    __table_args__ = (
        CheckConstraint(_among("code", REPORT_CODES), name="code"),
        CheckConstraint(_among("status", REPORT_STATUSES), name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text, default="")
    # Only when the author wants to be asked a question; erased after the retention period.
    email: Mapped[str] = mapped_column(String(254), default="", server_default="")
    is_professional: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    status: Mapped[str] = mapped_column(String(10), default=NEW, server_default=NEW, index=True)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    partner: Mapped[Partner] = relationship()
    handled_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Report {self.code} partner={self.partner_id} {self.status}>"


class PlaceProposal(Base):
    """A place someone ("Proposer un lieu") thinks the directory should list."""

    __tablename__ = "place_proposal"
    __table_args__ = (
        CheckConstraint(_among("status", PROPOSAL_STATUSES), name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(200), default="", server_default="")
    postcode: Mapped[str] = mapped_column(String(5), default="", server_default="")
    city: Mapped[str] = mapped_column(String(80), default="", server_default="")
    phone: Mapped[str] = mapped_column(String(30), default="", server_default="")
    website: Mapped[str] = mapped_column(String(300), default="", server_default="")
    offer: Mapped[str] = mapped_column(Text, default="")
    need_id: Mapped[int | None] = mapped_column(ForeignKey("need.id", ondelete="SET NULL"))
    # Only when the author wants to be asked a question; erased after the retention period.
    email: Mapped[str] = mapped_column(String(254), default="", server_default="")
    represents_place: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    status: Mapped[str] = mapped_column(String(10), default=NEW, server_default=NEW, index=True)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(String(500), default="", server_default="")
    # The draft listing made from it when it was accepted.
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id", ondelete="SET NULL"))

    need: Mapped[Need | None] = relationship()
    partner: Mapped[Partner | None] = relationship()
    handled_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<PlaceProposal {self.name!r} {self.status}>"
