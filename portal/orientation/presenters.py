"""What a slip says about each place, as plain values: one definition for the printed slip,
the kept link, the e-mail and the SMS."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import format_time
from markupsafe import Markup

from portal.directory.hours import Schedule
from portal.directory.models import Partner, Service
from portal.directory.presenters import Opening, now, opening
from portal.i18n import _
from portal.mail import absolute_url
from portal.orientation import qr
from portal.orientation.selection import Entry

WEEK = 7


@dataclass(frozen=True)
class Day:
    """One of the next seven days: its date, its openings (Paris times), and whether a
    temporary closure is the reason it is closed."""

    day: date
    intervals: tuple[tuple[datetime, datetime], ...]
    closure_message: str = ""


@dataclass(frozen=True)
class SlipPlace:
    """One place of a slip, everything the resident needs to go there."""

    key: str
    partner: Partner
    service: Service | None
    name: str  # the partner's name
    service_name: str  # "" when the whole place was chosen
    address_lines: tuple[str, ...]  # empty for a service given only at a distance
    phone: str
    access_modes: tuple[str, ...]  # directory.constants.ACCESS_MODES codes
    fees: tuple[str, ...]  # directory.constants.FEES codes
    fees_detail: str
    documents: str
    note: str
    opening: Opening  # now, and the next opening when closed
    week: tuple[Day, ...]
    latitude: float | None
    longitude: float | None


def _address_lines(partner: Partner, service: Service | None) -> tuple[str, ...]:
    places = service.places if service is not None else None
    if places:
        first = places[0]
        return tuple(line for line in (first.name, first.address,
                                       f"{first.postcode} {first.city}".strip()) if line)
    if service is not None and places == [] and service.is_remote_only:
        return ()
    return tuple(line for line in (partner.address, partner.address_extra,
                                   f"{partner.postcode} {partner.city}".strip()) if line)


def week_of(schedule: Schedule, start: date) -> tuple[Day, ...]:
    """The openings of the seven days from `start`."""
    days = []
    for offset in range(WEEK):
        day = start + timedelta(days=offset)
        closure = schedule.closure_on(day)
        days.append(Day(day, tuple(schedule.intervals_on(day)), closure.message if closure else ""))
    return tuple(days)


def slip_place(entry: Entry, at: datetime) -> SlipPlace:
    """The slip's view of one selection entry at `at` (Paris time)."""
    partner, service = entry.partner, entry.service
    schedule = service.schedule if service is not None else partner.schedule
    services = [service] if service is not None else partner.live_services
    first_place = service.places[0] if service is not None and service.places else None
    return SlipPlace(
        key=entry.key,
        partner=partner,
        service=service,
        name=partner.name,
        service_name=service.name if service is not None else "",
        address_lines=_address_lines(partner, service),
        phone=partner.phone,
        access_modes=tuple(dict.fromkeys(m for s in services for m in s.access_modes)),
        fees=tuple(dict.fromkeys(s.fees for s in services if s.fees)),
        fees_detail=" · ".join(dict.fromkeys(s.fees_detail for s in services if s.fees_detail)),
        documents=" · ".join(dict.fromkeys(s.documents for s in services if s.documents)),
        note=entry.note,
        opening=opening(schedule, at),
        week=week_of(schedule, at.date()),
        latitude=first_place.latitude if first_place is not None else partner.latitude,
        longitude=first_place.longitude if first_place is not None else partner.longitude,
    )


def slip_places(entries: list[Entry], at: datetime | None = None) -> list[SlipPlace]:
    """The slip's view of every entry, in the selection's order."""
    at = at or now()
    return [slip_place(entry, at) for entry in entries]


def day_hours(day: Day) -> str:
    """One day of a slip's week in a few words: "09:00 – 12:00, 14:00 – 17:00", "fermé" or
    "fermé temporairement"."""
    if not day.intervals:
        return _("fermé temporairement") if day.closure_message else _("fermé")
    return ", ".join(_("%(opens)s – %(closes)s", opens=format_time(start, "HH:mm"),
                       closes=format_time(end, "HH:mm")) for start, end in day.intervals)


@dataclass(frozen=True)
class SlipBody:
    """Everything the slip's body shows (templates/orientation/_slip_body.html): its places in
    order, each with the link and QR code of its public page, and, for a kept slip, the link
    the resident keeps, its QR code and the day it stops working."""

    places: list[SlipPlace]
    page_urls: dict[str, str]  # place key → absolute URL of the partner's public page
    page_codes: dict[str, Markup]  # place key → QR code (inline SVG)
    made_at: datetime
    kept_url: str = ""
    kept_code: Markup | None = None
    expires_at: datetime | None = None

    @staticmethod
    def hours(day: Day) -> str:
        return day_hours(day)


def slip_body(entries: list[Entry], *, kept_url: str = "", expires_at: datetime | None = None,
              at: datetime | None = None) -> SlipBody:
    """The slip of these entries, in the current request's language: partner links and their
    QR codes point to the pages in that language."""
    at = at or now()
    places = slip_places(entries, at)
    urls = {p.key: absolute_url("directory.partner", slug=p.partner.slug) for p in places}
    codes = {p.key: qr.svg(urls[p.key], _("Code QR de la page de « %(name)s » sur le site", name=p.name))
             for p in places}
    kept_code = qr.svg(kept_url, _("Code QR du lien de cette fiche"), "qr qr-kept") if kept_url else None
    return SlipBody(places, urls, codes, at, kept_url, kept_code, expires_at)
