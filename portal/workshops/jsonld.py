"""schema.org Event descriptions of a workshop's sessions, for search engines and calendars.

One Event per session, not one per workshop: each session has its own date, and its own status
(one Tuesday cancelled, the others held), which a single Event with a recurrence cannot say in
terms search engines read. Pure: plain values in (a workshop, its sessions, the page addresses),
plain values out; the page serialises the list as one JSON-LD array.
"""

from __future__ import annotations

import re

SCHEMA = "https://schema.org"
SCHEDULED = f"{SCHEMA}/EventScheduled"
CANCELLED = f"{SCHEMA}/EventCancelled"
OFFLINE = f"{SCHEMA}/OfflineEventAttendanceMode"
ONLINE = f"{SCHEMA}/OnlineEventAttendanceMode"
IN_STOCK = f"{SCHEMA}/InStock"
SOLD_OUT = f"{SCHEMA}/SoldOut"
_AMOUNT = re.compile(r"(\d+(?:[.,]\d{1,2})?)")


def _location(workshop) -> dict:
    if workshop.is_online:
        return {"@type": "VirtualLocation", "url": workshop.online_url}
    where = workshop.where
    place: dict = {
        "@type": "Place",
        "name": where["name"] or where["address"],
        "address": {
            "@type": "PostalAddress",
            "streetAddress": where["address"],
            "postalCode": where["postcode"],
            "addressLocality": where["city"],
            "addressCountry": "FR",
        },
    }
    if where["latitude"] is not None and where["longitude"] is not None:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": where["latitude"],
                        "longitude": where["longitude"]}
    return place


def _organizer(workshop, organiser_url: str | None) -> dict:
    organizer = {"@type": "Organization", "name": workshop.organiser_name}
    if organiser_url:
        organizer["url"] = organiser_url
    return organizer


def _offer(workshop, session, page_url: str) -> dict:
    """The price as written by the partner, and its first amount in euros when there is one."""
    match = _AMOUNT.search(workshop.price or "")
    offer = {
        "@type": "Offer",
        "url": page_url,
        "priceCurrency": "EUR",
        "availability": SOLD_OUT if session.full else IN_STOCK,
    }
    if match:
        offer["price"] = match.group(1).replace(",", ".")
    if workshop.price:
        offer["description"] = workshop.price
    return offer


def session_event(workshop, session, *, page_url: str, organiser_url: str | None = None) -> dict:
    """One session as a schema.org Event."""
    event: dict = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": workshop.title,
        "url": page_url,
        "startDate": session.starts_at.isoformat(),
        "endDate": session.ends_at.isoformat(),
        "eventStatus": CANCELLED if session.cancelled else SCHEDULED,
        "eventAttendanceMode": ONLINE if workshop.is_online else OFFLINE,
        "location": _location(workshop),
        "organizer": _organizer(workshop, organiser_url),
        "isAccessibleForFree": bool(workshop.is_free),
        "inLanguage": "fr",
    }
    if workshop.description:
        event["description"] = workshop.description
    if workshop.audience:
        event["audience"] = {"@type": "Audience", "audienceType": workshop.audience}
    if workshop.capacity:
        event["maximumAttendeeCapacity"] = workshop.capacity
    if not workshop.is_free:
        event["offers"] = _offer(workshop, session, page_url)
    return event


def workshop_events(workshop, sessions, *, page_url: str, organiser_url: str | None = None) -> list[dict]:
    """Every given session of the workshop as an Event, in the sessions' order."""
    return [session_event(workshop, s, page_url=page_url, organiser_url=organiser_url) for s in sessions]
