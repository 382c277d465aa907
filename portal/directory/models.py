"""Needs, sub-needs, quartiers, partners, services and their opening hours."""

from __future__ import annotations

from dataclasses import dataclass
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
    SmallInteger,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
    cast,
    false,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base, TimestampMixin, UTCDateTime
from portal.directory import hours
from portal.directory.constants import ARCHIVED, DRAFT, FREE, PUBLISHED, REMOTE, WALK_IN

if TYPE_CHECKING:
    from portal.accounts.models import User

service_subneed = Table(
    "service_subneed",
    Base.metadata,
    Column("service_id", ForeignKey("service.id", ondelete="CASCADE"), primary_key=True),
    Column("subneed_id", ForeignKey("subneed.id", ondelete="CASCADE"), primary_key=True),
)


class Need(Base):
    """One of the 12 top-level needs, named in plain words."""

    __tablename__ = "need"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    label: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(String(200), default="")
    pictogram: Mapped[str] = mapped_column(String(60), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    subneeds: Mapped[list[SubNeed]] = relationship(
        back_populates="need", order_by="SubNeed.position", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Need {self.slug}>"


class SubNeed(Base):
    """A precise need, as a person would say it, mapped to data·inclusion thématiques."""

    __tablename__ = "subneed"

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("need.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    label: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(String(250), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    thematiques: Mapped[list[str]] = mapped_column(JSON, default=list)

    need: Mapped[Need] = relationship(back_populates="subneeds")

    def __repr__(self) -> str:
        return f"<SubNeed {self.slug}>"


class Quartier(Base):
    """One of the 12 official quartiers, with its polygon (GeoJSON, WGS84)."""

    __tablename__ = "quartier"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    code: Mapped[str] = mapped_column(String(10), unique=True)
    commune: Mapped[str] = mapped_column(String(80))
    postcode: Mapped[str] = mapped_column(String(5))
    # Large (about 12 kB each): loaded only where a polygon is needed.
    geometry: Mapped[dict] = mapped_column(JSON, deferred=True)
    centroid_lat: Mapped[float] = mapped_column(Float)
    centroid_lon: Mapped[float] = mapped_column(Float)

    def __repr__(self) -> str:
        return f"<Quartier {self.slug}>"


class Partner(TimestampMixin, Base):
    """An organisation that helps people, with its address, contacts and hours."""

    __tablename__ = "partner"
    __table_args__ = (
        UniqueConstraint("source", "source_id", name="uq_partner_source_source_id"),
        CheckConstraint(f"status IN ('{PUBLISHED}', '{DRAFT}')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40), default="association")
    presentation: Mapped[str] = mapped_column(Text, default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    address_extra: Mapped[str] = mapped_column(String(200), default="")
    postcode: Mapped[str] = mapped_column(String(5), default="")
    city: Mapped[str] = mapped_column(String(80), default="")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    # Derived from the coordinates and the official polygons, never typed by hand.
    quartier_id: Mapped[int | None] = mapped_column(
        ForeignKey("quartier.id", ondelete="SET NULL"), index=True
    )
    phone: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    # The address the CCAS writes to about this listing (never shown to the public); when empty,
    # freshness campaigns write to the public e-mail.
    contact_email: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # How often the listing should be confirmed: a moderation.constants.UPDATE_FREQUENCIES code,
    # or "" for the site's default (PORTAL_STALE_AFTER_DAYS).
    update_frequency: Mapped[str] = mapped_column(String(20), default="", server_default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    accessibility: Mapped[str] = mapped_column(String(20), default="unknown")
    accessibility_note: Mapped[str] = mapped_column(String(300), default="")
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    labels: Mapped[list[str]] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(String(40), default="manual")
    source_id: Mapped[str | None] = mapped_column(String(100))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    status: Mapped[str] = mapped_column(String(20), default=DRAFT, index=True)
    # Set only by a human confirmation or an approved review; imports never touch it.
    last_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_on_public_holidays: Mapped[bool] = mapped_column(Boolean, default=True)
    # What the last open-data import wrote (snapshot data, see seed.importer): a value that
    # differs from it now was set by a person and is never overwritten by an import.
    imported: Mapped[dict | None] = mapped_column(JSON)
    # Where each field's value comes from and when it was written: {field: {"source": an
    # import's source or "saisie" (a person), "date": "YYYY-MM-DD"}} (portal.imports).
    field_sources: Mapped[dict | None] = mapped_column(JSON)
    # The establishment's SIRET when a source gives one (public, from the Sirene register):
    # imports match on it and the data·inclusion export carries it; not shown on the pages.
    siret: Mapped[str] = mapped_column(String(14), default="", server_default="")
    # Optimistic locking: bumped only when a revision is applied (portal.moderation), and
    # checked by the ORM on every UPDATE of the row, so two publications cannot cross.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # A trusted partner's edits are published at once and reviewed afterwards.
    is_trusted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # For professionals only (signed-in professionals and administrators): never on a public
    # page, in the JSON-LD, the sitemap, the search index or an export. `pro_email` is where
    # orientation requests go (else the members and the contact address).
    pro_phone: Mapped[str] = mapped_column(String(30), default="", server_default="")
    pro_contact: Mapped[str] = mapped_column(String(200), default="", server_default="")
    pro_email: Mapped[str] = mapped_column(String(200), default="", server_default="")
    pro_procedure: Mapped[str] = mapped_column(Text, default="", server_default="")
    pro_documents: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The version is set by hand (not on every UPDATE), so a confirmation or an import does not
    # make someone's open form look stale.
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    quartier: Mapped[Quartier | None] = relationship()
    services: Mapped[list[Service]] = relationship(
        back_populates="partner", order_by="[Service.position, Service.id]",
        cascade="all, delete-orphan",
    )
    slots: Mapped[list[OpeningSlot]] = relationship(
        order_by="(OpeningSlot.weekday, OpeningSlot.opens)", cascade="all, delete-orphan"
    )
    exceptions: Mapped[list[OpeningException]] = relationship(
        order_by="(OpeningException.day, OpeningException.opens)", cascade="all, delete-orphan"
    )
    closures: Mapped[list[Closure]] = relationship(
        order_by="Closure.start_date", cascade="all, delete-orphan"
    )
    # The accounts that keep this listing (portal.accounts owns the membership table).
    members: Mapped[list[User]] = relationship(
        secondary="membership", back_populates="partners", order_by="User.email"
    )

    def __repr__(self) -> str:
        return f"<Partner {self.slug}>"

    def mark_sources(self, fields, source: str, day: date) -> None:
        """Remember that these fields' values come from `source` ("saisie": a person), as of `day`."""
        sources = dict(self.field_sources or {})
        sources.update({name: {"source": source, "date": day.isoformat()} for name in fields})
        if sources != self.field_sources:
            self.field_sources = sources

    @hybrid_property
    def is_published(self) -> bool:
        """Shown to the public: its page, the lists, the search, the sitemap, the exports."""
        return self.status == PUBLISHED

    @property
    def live_services(self) -> list[Service]:
        """The services residents can see (none while the partner itself is not published)."""
        return [s for s in self.services if s.is_live]

    @property
    def schedule(self) -> hours.Schedule:
        """The opening hours as a pure schedule (weekly slots, dated exceptions, closures)."""
        by_day: dict[date, list[tuple[time, time]]] = {}
        labels: dict[date, str] = {}
        for exc in self.exceptions:
            intervals = by_day.setdefault(exc.day, [])
            if exc.opens is not None and exc.closes is not None:
                intervals.append((exc.opens, exc.closes))
            if exc.label:
                labels[exc.day] = exc.label
        return hours.Schedule(
            slots=tuple(hours.Slot(s.weekday, s.opens, s.closes) for s in self.slots),
            exceptions=tuple(
                hours.DayException(day, tuple(iv), labels.get(day, ""))
                for day, iv in sorted(by_day.items())
            ),
            closures=tuple(hours.Closure(c.start_date, c.end_date, c.message) for c in self.closures),
            closed_on_public_holidays=self.closed_on_public_holidays,
        )


class Service(TimestampMixin, Base):
    """What a partner offers for one or more sub-needs, and how to get it."""

    __tablename__ = "service"
    __table_args__ = (CheckConstraint(f"status IN ('{PUBLISHED}', '{ARCHIVED}')", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    audiences: Mapped[list[str]] = mapped_column(JSON, default=list)
    fees: Mapped[str] = mapped_column(String(30), default="gratuit")
    fees_detail: Mapped[str] = mapped_column(String(300), default="")
    modes: Mapped[list[str]] = mapped_column(JSON, default=list)
    access_modes: Mapped[list[str]] = mapped_column(JSON, default=list)
    documents: Mapped[str] = mapped_column(Text, default="")
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default=PUBLISHED, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Where the service is given when it is not at the partner's address (a permanence in a
    # mairie de quartier). Empty address: at the partner's. The quartier comes from the polygons.
    place_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    place_address: Mapped[str] = mapped_column(String(200), default="", server_default="")
    place_postcode: Mapped[str] = mapped_column(String(5), default="", server_default="")
    place_city: Mapped[str] = mapped_column(String(80), default="", server_default="")
    place_latitude: Mapped[float | None] = mapped_column(Float)
    place_longitude: Mapped[float | None] = mapped_column(Float)
    place_quartier_id: Mapped[int | None] = mapped_column(
        ForeignKey("quartier.id", ondelete="SET NULL"), index=True
    )
    # Professionals may send this service an orientation request (portal.orientation).
    accepts_orientations: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )

    partner: Mapped[Partner] = relationship(back_populates="services")
    subneeds: Mapped[list[SubNeed]] = relationship(
        secondary=service_subneed, order_by="SubNeed.position"
    )
    place_quartier: Mapped[Quartier | None] = relationship()
    # An itinerant service (a bus) or one with its own hours: each stop is a place, a weekday
    # and hours. Stops replace both the partner's address and the partner's weekly hours.
    stops: Mapped[list[ServiceStop]] = relationship(
        order_by="(ServiceStop.weekday, ServiceStop.opens, ServiceStop.id)",
        cascade="all, delete-orphan",
    )

    def __repr__(self) -> str:
        return f"<Service {self.name!r}>"

    @hybrid_property
    def is_live(self) -> bool:
        """Seen by residents: a published service of a published partner."""
        return self.status == PUBLISHED and self.partner.status == PUBLISHED

    @is_live.inplace.expression
    @classmethod
    def _is_live_sql(cls):
        return (cls.status == PUBLISHED) & cls.partner.has(Partner.status == PUBLISHED)

    @hybrid_property
    def is_free(self) -> bool:
        """Free for everyone ("gratuit" in data·inclusion terms; not "free under conditions")."""
        return self.fees == FREE

    @hybrid_property
    def is_walk_in(self) -> bool:
        """"Sans rendez-vous": a resident is received without an appointment. A phone call first,
        a referral or unknown access modes do not count."""
        return WALK_IN in (self.access_modes or [])

    @is_walk_in.inplace.expression
    @classmethod
    def _is_walk_in_sql(cls):
        # The codes are plain words: looking for the quoted code in the stored JSON array is
        # exact on every database, where JSON containment operators are not portable.
        return cast(cls.access_modes, String).like(f'%"{WALK_IN}"%')

    @property
    def is_remote_only(self) -> bool:
        """Given only at a distance (phone, video): no place to go to."""
        return list(self.modes or []) == [REMOTE]

    @property
    def is_itinerant(self) -> bool:
        """Given at several places in turn (stops at more than one address)."""
        return len({(s.address, s.postcode) for s in self.stops}) > 1

    @property
    def places(self) -> list[Place]:
        """Where a resident really meets this service, one definition for cards, maps, search
        and distances: its stops, else its own place, else the partner's address; none when it is
        given only at a distance."""
        if self.stops:
            return [Place(s.place_name, s.address, s.postcode, s.city, s.latitude, s.longitude,
                          s.quartier_id, s.weekday, s.opens, s.closes) for s in self.stops]
        if self.place_address:
            return [Place(self.place_name, self.place_address, self.place_postcode,
                          self.place_city, self.place_latitude, self.place_longitude,
                          self.place_quartier_id)]
        if self.is_remote_only:
            return []
        p = self.partner
        return [Place("", p.address, p.postcode, p.city, p.latitude, p.longitude, p.quartier_id)]

    @property
    def is_elsewhere(self) -> bool:
        """Not given at the partner's address (its own place, or stops)."""
        return bool(self.stops or self.place_address)

    @property
    def schedule(self) -> hours.Schedule:
        """The service's hours: its stops' when it has stops with hours, else the partner's.
        The partner's dated exceptions and closures apply either way."""
        timed = [s for s in self.stops if s.weekday is not None and s.opens and s.closes]
        base = self.partner.schedule
        if not timed:
            return base
        return hours.Schedule(
            slots=tuple(hours.Slot(s.weekday, s.opens, s.closes) for s in timed),
            exceptions=base.exceptions, closures=base.closures,
            closed_on_public_holidays=base.closed_on_public_holidays,
        )


@dataclass(frozen=True)
class Place:
    """One place where a service is given (see `Service.places`); weekday and hours for a stop."""

    name: str
    address: str
    postcode: str
    city: str
    latitude: float | None
    longitude: float | None
    quartier_id: int | None
    weekday: int | None = None
    opens: time | None = None
    closes: time | None = None

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class ServiceStop(Base):
    """A stop of a service: a place, and when the service is there (weekday and hours)."""

    __tablename__ = "service_stop"
    __table_args__ = (CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    place_name: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    postcode: Mapped[str] = mapped_column(String(5), default="")
    city: Mapped[str] = mapped_column(String(80), default="")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    # Derived from the coordinates and the official polygons, never typed by hand.
    quartier_id: Mapped[int | None] = mapped_column(
        ForeignKey("quartier.id", ondelete="SET NULL"), index=True
    )
    weekday: Mapped[int | None] = mapped_column(SmallInteger)
    opens: Mapped[time | None] = mapped_column(Time)
    closes: Mapped[time | None] = mapped_column(Time)


class OpeningSlot(Base):
    """A weekly opening slot; closes <= opens means it runs past midnight."""

    __tablename__ = "opening_slot"
    __table_args__ = (CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int] = mapped_column(SmallInteger)
    opens: Mapped[time] = mapped_column(Time)
    closes: Mapped[time] = mapped_column(Time)


class OpeningException(Base):
    """A dated exception: a row without times closes the day, rows with times replace its hours."""

    __tablename__ = "opening_exception"

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    opens: Mapped[time | None] = mapped_column(Time)
    closes: Mapped[time | None] = mapped_column(Time)
    label: Mapped[str] = mapped_column(String(200), default="")


class Closure(Base):
    """A temporary closure between two dates (inclusive), with a message for the public."""

    __tablename__ = "closure"
    __table_args__ = (CheckConstraint("end_date >= start_date", name="dates_in_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id", ondelete="CASCADE"), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    message: Mapped[str] = mapped_column(String(300), default="")
