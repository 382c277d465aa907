"""Workshops and the dated states of their sessions."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, TimestampMixin, UTCDateTime, utcnow
from portal.directory.models import Partner, Quartier, SubNeed
from portal.workshops import recurrence
from portal.workshops.constants import (
    AT_PARTNER,
    CANCELLED,
    FREQUENCIES,
    FULL,
    LEVELS,
    ONCE,
    ONLINE,
    PENDING,
    PLACES,
    REGISTRATIONS,
    STATUSES,
)

if TYPE_CHECKING:
    from portal.accounts.models import User

workshop_subneed = Table(
    "workshop_subneed",
    Base.metadata,
    Column("workshop_id", ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True),
    Column("subneed_id", ForeignKey("subneed.id", ondelete="CASCADE"), primary_key=True),
)


def _codes(column: str, codes) -> str:
    return f"{column} IN ({', '.join(repr(code) for code in codes)})"


class Workshop(TimestampMixin, Base):
    """A workshop or information session: one date or a recurrence, at a place or online.

    ``partner_id`` is NULL for a network-wide event an administrator publishes (``organiser``
    then names who runs it). ``proposal`` holds a change of a published workshop by a partner that
    is not trusted, waiting for review (the same keys as the form; see operations); residents go
    on seeing the published values until it is approved.
    """

    __tablename__ = "workshop"
    __table_args__ = (
        CheckConstraint(_codes("status", STATUSES), name="status"),
        CheckConstraint(_codes("level", LEVELS), name="level"),
        CheckConstraint(_codes("frequency", FREQUENCIES), name="frequency"),
        CheckConstraint(_codes("place_kind", PLACES), name="place_kind"),
        CheckConstraint(_codes("registration", REGISTRATIONS), name="registration"),
        CheckConstraint("ends > starts", name="ends_after_starts"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(160), unique=True)
    partner_id: Mapped[int | None] = mapped_column(
        ForeignKey("partner.id", ondelete="CASCADE"), index=True)
    organiser: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")
    level: Mapped[str] = mapped_column(String(20))
    audience: Mapped[str] = mapped_column(String(200), default="")

    # When: see recurrence.Rule. `until` is required for a recurrence (checked by the form).
    first_day: Mapped[date] = mapped_column(Date, index=True)
    starts: Mapped[time] = mapped_column(Time)
    ends: Mapped[time] = mapped_column(Time)
    frequency: Mapped[str] = mapped_column(String(20), default=ONCE)
    until: Mapped[date | None] = mapped_column(Date, index=True)
    skip_school_holidays: Mapped[bool] = mapped_column(Boolean, default=False)
    # ISO dates of the recurrence when it does not take place, planned in advance.
    exceptions: Mapped[list[str]] = mapped_column(JSON, default=list)

    # Where. For AT_PARTNER the partner's address and quartier are used (kept in step with the
    # listing); for ELSEWHERE the address below, geocoded; ONLINE has only `online_url`.
    place_kind: Mapped[str] = mapped_column(String(20), default=AT_PARTNER)
    place_name: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    postcode: Mapped[str] = mapped_column(String(5), default="")
    city: Mapped[str] = mapped_column(String(80), default="")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    quartier_id: Mapped[int | None] = mapped_column(
        ForeignKey("quartier.id", ondelete="SET NULL"), index=True)
    online_url: Mapped[str] = mapped_column(String(300), default="")

    is_free: Mapped[bool] = mapped_column(Boolean, default=True)
    price: Mapped[str] = mapped_column(String(120), default="")
    registration: Mapped[str] = mapped_column(String(20))
    # The phone number, e-mail address or link to register (empty for walk-in).
    registration_contact: Mapped[str] = mapped_column(String(300), default="")
    capacity: Mapped[int | None] = mapped_column(Integer)
    # Every session full (a cycle one registers for as a whole); one full date is a WorkshopDate.
    full: Mapped[bool] = mapped_column(Boolean, default=False)
    # The whole workshop cancelled: published at once, its sessions shown as cancelled.
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    cancel_reason: Mapped[str] = mapped_column(String(300), default="")

    status: Mapped[str] = mapped_column(String(20), default=PENDING, index=True)
    # none_as_null: a cleared proposal is SQL NULL, so "has a proposal" is `IS NOT NULL`.
    proposal: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    # False until an administrator has looked at it (a trusted partner's workshop is published
    # at once but still shown to the moderators).
    reviewed: Mapped[bool] = mapped_column(Boolean, default=False)
    reviewed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_message: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    # Made by the demo generator (seed/demo_workshops.py), which alone may remove it.
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False, index=True)

    partner: Mapped[Partner | None] = relationship()
    quartier: Mapped[Quartier | None] = relationship()
    subneeds: Mapped[list[SubNeed]] = relationship(
        secondary=workshop_subneed, order_by="SubNeed.position")
    dates: Mapped[list[WorkshopDate]] = relationship(
        back_populates="workshop", order_by="WorkshopDate.day", cascade="all, delete-orphan")
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])

    def __repr__(self) -> str:
        return f"<Workshop {self.slug} {self.status}>"

    @property
    def rule(self) -> recurrence.Rule:
        """The dates as a pure rule."""
        return recurrence.Rule(
            first_day=self.first_day, starts=self.starts, ends=self.ends,
            frequency=self.frequency, until=self.until,
            skip_school_holidays=self.skip_school_holidays,
            exceptions=frozenset(date.fromisoformat(day) for day in self.exceptions or ()),
        )

    @property
    def last_day(self) -> date:
        """The last date the rule allows (the first one for a single date)."""
        return self.first_day if self.frequency == ONCE or self.until is None else self.until

    @property
    def is_online(self) -> bool:
        return self.place_kind == ONLINE

    @property
    def where(self) -> dict:
        """The place residents go to: name, address lines, coordinates and quartier."""
        if self.place_kind == AT_PARTNER and self.partner is not None:
            p = self.partner
            return {"name": p.name, "address": p.address, "postcode": p.postcode, "city": p.city,
                    "latitude": p.latitude, "longitude": p.longitude, "quartier": p.quartier}
        if self.place_kind == ONLINE:
            return {"name": "", "address": "", "postcode": "", "city": "",
                    "latitude": None, "longitude": None, "quartier": None}
        return {"name": self.place_name, "address": self.address, "postcode": self.postcode,
                "city": self.city, "latitude": self.latitude, "longitude": self.longitude,
                "quartier": self.quartier}

    @property
    def organiser_name(self) -> str:
        return self.partner.name if self.partner is not None else self.organiser

    def state_on(self, day: date) -> WorkshopDate | None:
        """The cancellation or "full" mark of one date, if any."""
        return next((d for d in self.dates if d.day == day), None)


class WorkshopDate(Base):
    """One session's state, set by the partner and published at once: cancelled or full."""

    __tablename__ = "workshop_date"
    __table_args__ = (
        UniqueConstraint("workshop_id", "day", name="uq_workshop_date_workshop_id_day"),
        CheckConstraint(f"state IN ('{CANCELLED}', '{FULL}')", name="state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    workshop: Mapped[Workshop] = relationship(back_populates="dates")
