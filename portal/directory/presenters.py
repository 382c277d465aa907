"""Turn model data into what a page shows: opening badges, sorted cards."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import format_date, format_time

from portal.directory import geo
from portal.directory.constants import ACCESS_MODES, FEES
from portal.directory.hours import PARIS, Schedule
from portal.directory.models import Partner, Place, Service
from portal.directory.near import Origin
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
    next_opening: datetime | None = None  # when closed: the next time it opens, if known


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
                            when=_when(status.next_opening, at)), message, status.next_opening)


def best_opening(schedules: list[Schedule], at: datetime | None = None) -> Opening:
    """The opening of a card that shows several services with their own hours: open if one
    is, else the one that opens soonest (the first one when none says)."""
    at = at or now()
    openings = [opening(s, at) for s in schedules] or [opening(Schedule(), at)]
    for candidate in openings:
        if candidate.is_open:
            return candidate
    timed = [o for o in openings if o.next_opening is not None]
    return min(timed, key=lambda o: o.next_opening) if timed else openings[0]


@dataclass
class Card:
    """One partner in a result list, with the services that matched."""

    partner: Partner
    services: list[Service] = field(default_factory=list)
    opening: Opening | None = None
    distance_km: float | None = None
    nearest: Place | None = None  # set with the distance (`measure`)

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
        """How to get the services shown, every condition in vocabulary order: a resident must
        see "Sur orientation d'un professionnel" even when another service is walk-in."""
        used = {code for s in self.services for code in (s.access_modes or [])}
        return [code for code in ACCESS_MODES if code in used]

    @property
    def fee_codes(self) -> list[str]:
        """The fees of the services shown, each once, in vocabulary order."""
        used = {s.fees for s in self.services}
        return [code for code in FEES if code in used]

    @property
    def fee_details(self) -> list[str]:
        """The partners' own words on prices ("1 € le repas"), each once."""
        return list(dict.fromkeys(s.fees_detail.strip() for s in self.services if s.fees_detail.strip()))

    @property
    def place(self) -> Place | None:
        """The place the card names: the nearest one when distances were measured."""
        if self.nearest is not None:
            return self.nearest
        places = self.places
        return places[0] if places else None

    @property
    def remote_only(self) -> bool:
        return bool(self.services) and all(s.is_remote_only for s in self.services)

    @property
    def itinerant(self) -> bool:
        return any(s.is_itinerant for s in self.services)


def card_schedules(partner: Partner, services: list[Service]) -> list[Schedule]:
    """The hours that apply to a card: the partner's, and those of services with stops."""
    own = [s.schedule for s in services if any(stop.weekday is not None for stop in s.stops)]
    at_partner = not services or any(not s.stops for s in services)
    return ([partner.schedule] if at_partner else []) + own


def with_filters(services: list[Service], *, free: bool, walk_in: bool) -> list[Service]:
    """The sub-need page's filters, as the search applies them: the service itself must be
    free, or walk-in (Service.is_free, Service.is_walk_in)."""
    return [s for s in services if (not free or s.is_free) and (not walk_in or s.is_walk_in)]


def cards_for_services(services: list[Service], at: datetime | None = None) -> list[Card]:
    """Group matched services by partner, keeping the partner's first appearance."""
    at = at or now()
    cards: dict[int, Card] = {}
    for service in services:
        card = cards.get(service.partner_id)
        if card is None:
            card = cards[service.partner_id] = Card(service.partner)
        card.services.append(service)
    for card in cards.values():
        card.opening = best_opening(card_schedules(card.partner, card.services), at)
    return list(cards.values())


def cards_for_partners(partners: list[Partner], at: datetime | None = None) -> list[Card]:
    """A card per partner, with its live services."""
    at = at or now()
    return [Card(p, p.live_services, best_opening(card_schedules(p, p.live_services), at))
            for p in partners]


def measure(cards: list[Card], origin: Origin | None) -> None:
    """Set each card's distance: from the origin to the nearest place where its services are."""
    if origin is None:
        return
    for card in cards:
        measured = [(geo.distance_km(origin.point, (place.latitude, place.longitude)), place)
                    for place in card.places if place.has_point]
        if measured:
            card.distance_km, card.nearest = min(measured, key=lambda pair: pair[0])
        else:
            card.distance_km, card.nearest = None, None


def sort_cards(cards: list[Card], origin: Origin | None, *, soonest_open: bool = False) -> list[Card]:
    """Nearest first: places in the origin's quartier, then by distance from it; alphabetical
    without an origin. With `soonest_open` (emergencies), open places come first, then those
    opening soonest, distance breaking ties."""
    measure(cards, origin)
    far = float("inf")
    quartier_id = origin.quartier.id if origin is not None and origin.quartier is not None else None

    def nearness(card: Card) -> tuple:
        if origin is None:
            return ()
        elsewhere = quartier_id is None or all(p.quartier_id != quartier_id for p in card.places)
        return (elsewhere, card.distance_km if card.distance_km is not None else far)

    def readiness(card: Card) -> tuple:
        if not soonest_open or card.opening is None:
            return ()
        if card.opening.is_open:
            return (0, 0.0)
        soon = card.opening.next_opening
        return (1, soon.timestamp() if soon is not None else far)

    return sorted(cards, key=lambda c: (*readiness(c), *nearness(c), sort_key(c.partner.name)))


def sort_key(name: str) -> str:
    """Alphabetical order that ignores case and accents (É sorts with E)."""
    return fold(name)


def initial(name: str) -> str:
    """The A–Z letter a name is filed under ('#' for digits and signs)."""
    first = sort_key(name)[:1].upper()
    return first if "A" <= first <= "Z" else "#"


@dataclass(frozen=True)
class StopPlace:
    """One place of a service given in turn at several places, with its days and hours."""

    name: str
    address: str  # "" when it is the partner's own address
    days: list[tuple[int | None, str]]  # (weekday, "09:30 – 12:30, 13:30 – 16:00")


def stops_by_place(service: Service) -> list[StopPlace]:
    """A service's stops grouped by place, then by day: a bus that stops at one address nine
    times a week reads as one place and five days, not nine rows."""
    partner = service.partner
    own = (partner.address, partner.postcode)
    places: dict[tuple, dict[int | None, list[str]]] = {}
    names: dict[tuple, str] = {}
    for stop in sorted(service.stops, key=lambda s: (s.weekday if s.weekday is not None else 7,
                                                      s.opens or datetime.min.time())):
        key = (stop.address, stop.postcode, stop.city)
        names.setdefault(key, stop.place_name)
        hours = (f"{stop.opens:%H:%M} – {stop.closes:%H:%M}" if stop.opens and stop.closes else "")
        day = places.setdefault(key, {}).setdefault(stop.weekday, [])
        if hours and hours not in day:
            day.append(hours)
    result = []
    for key, days in places.items():
        address, postcode, city = key
        town = f"{postcode} {city}".strip()
        line = "" if (address, postcode) == own else ", ".join(x for x in (address, town) if x)
        name = "" if names[key].strip().lower() == address.strip().lower() else names[key]
        result.append(StopPlace(name, line, [(d, ", ".join(h)) for d, h in days.items()]))
    return result
