"""Turn model data into what a page shows: opening badges, sorted cards."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import format_date, format_time

from portal.directory import geo
from portal.directory.constants import ACCESS_MODES, WALK_IN
from portal.directory.hours import PARIS, Schedule
from portal.directory.models import Partner, Place, Quartier, Service
from portal.directory.text import fold
from portal.i18n import _


def now() -> datetime:
    """The current time in Paris (one place to freeze in tests)."""
    return datetime.now(PARIS)


@dataclass(frozen=True)
class Opening:
    """What a resident needs to know about the hours right now."""

    is_open: bool
    text: str
    closure_message: str = ""


def _when(moment: datetime, reference: datetime) -> str:
    day = moment.date()
    clock = format_time(moment, "HH:mm")
    if day == reference.date():
        return _("aujourd'hui à %(time)s", time=clock)
    if day == reference.date() + timedelta(days=1):
        return _("demain à %(time)s", time=clock)
    return _("%(day)s à %(time)s", day=format_date(day, "EEEE d MMMM"), time=clock)


def opening(schedule: Schedule, at: datetime | None = None) -> Opening:
    """Open now / opens at / temporarily closed, in plain words."""
    at = at or now()
    if schedule.is_empty and not schedule.exceptions:
        return Opening(False, _("Horaires non renseignés"))
    status = schedule.status(at)
    message = status.closure.message if status.closure else ""
    if status.is_open:
        if status.closes_at is None:
            return Opening(True, _("Ouvert maintenant"))
        return Opening(True, _("Ouvert maintenant, ferme à %(time)s",
                               time=format_time(status.closes_at, "HH:mm")))
    prefix = _("Fermé temporairement") if status.closure else _("Fermé")
    if status.next_opening is None:
        return Opening(False, prefix, message)
    return Opening(False, _("%(state)s, ouvre %(when)s", state=prefix,
                            when=_when(status.next_opening, at)), message)


@dataclass
class Card:
    """One partner in a result list, with the services that matched."""

    partner: Partner
    services: list[Service] = field(default_factory=list)
    opening: Opening | None = None
    distance_km: float | None = None

    @property
    def is_free(self) -> bool:
        return any(s.is_free for s in self.services)

    @property
    def price_unknown(self) -> bool:
        return bool(self.services) and all(s.fees == "non-precise" for s in self.services)

    @property
    def is_walk_in(self) -> bool:
        """At least one of the services shown receives people without an appointment."""
        return any(s.is_walk_in for s in self.services)

    @property
    def places(self) -> list[Place]:
        """Where the services shown are really given (each place once), for the distance and
        the map; the partner's address when the card shows no service."""
        if not self.services:
            p = self.partner
            return [Place("", p.address, p.postcode, p.city, p.latitude, p.longitude, p.quartier_id)]
        seen: dict[tuple, Place] = {}
        for service in self.services:
            for place in service.places:
                seen.setdefault((place.address, place.postcode, place.latitude, place.longitude), place)
        return list(seen.values())

    @property
    def access_modes(self) -> list[str]:
        """How to get the services shown when none is walk-in (codes, in vocabulary order)."""
        used = {code for s in self.services for code in (s.access_modes or [])}
        return [code for code in ACCESS_MODES if code in used and code != WALK_IN]


def cards_for_services(services: list[Service], at: datetime | None = None) -> list[Card]:
    """Group matched services by partner, keeping the partner's first appearance."""
    at = at or now()
    cards: dict[int, Card] = {}
    for service in services:
        card = cards.get(service.partner_id)
        if card is None:
            card = cards[service.partner_id] = Card(service.partner)
            card.opening = opening(service.partner.schedule, at)
        card.services.append(service)
    return list(cards.values())


def cards_for_partners(partners: list[Partner], at: datetime | None = None) -> list[Card]:
    """A card per partner, with its live services."""
    at = at or now()
    return [Card(p, p.live_services, opening(p.schedule, at)) for p in partners]


def sort_cards(cards: list[Card], quartier: Quartier | None) -> list[Card]:
    """The chosen quartier first, then nearest to it; alphabetical when no quartier is chosen."""
    if quartier is None:
        return sorted(cards, key=lambda c: sort_key(c.partner.name))
    origin = (quartier.centroid_lat, quartier.centroid_lon)
    for card in cards:
        p = card.partner
        if p.latitude is not None and p.longitude is not None:
            card.distance_km = geo.distance_km(origin, (p.latitude, p.longitude))
    far = float("inf")
    return sorted(
        cards,
        key=lambda c: (
            c.partner.quartier_id != quartier.id,
            c.distance_km if c.distance_km is not None else far,
            sort_key(c.partner.name),
        ),
    )


def sort_key(name: str) -> str:
    """Alphabetical order that ignores case and accents (É sorts with E)."""
    return fold(name)


def initial(name: str) -> str:
    """The A–Z letter a name is filed under ('#' for digits and signs)."""
    first = sort_key(name)[:1].upper()
    return first if "A" <= first <= "Z" else "#"
