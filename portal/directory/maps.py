"""What a map beside a list shows: one entry per place with coordinates.

The map only repeats the list for those who can see it; the list stays the way to reach every
place. Entries are plain values, serialised into the page for static/js/map.js.
"""

from __future__ import annotations

from flask import url_for

from portal.directory.models import Partner, Place
from portal.directory.presenters import Card


def _label(place: Place) -> str:
    address = ", ".join(part for part in (place.address, f"{place.postcode} {place.city}".strip()) if part)
    return f"{place.name} – {address}" if place.name and address else place.name or address


def _entry(place: Place, name: str, url: str | None) -> dict | None:
    if place.latitude is None or place.longitude is None:
        return None
    return {"lat": place.latitude, "lon": place.longitude, "name": name, "url": url,
            "place": _label(place)}


def card_markers(cards: list[Card]) -> list[dict]:
    """The places of the cards of a result list, each linking to its partner's page."""
    markers = []
    for card in cards:
        url = url_for("directory.partner", slug=card.partner.slug)
        markers.extend(filter(None, (_entry(place, card.partner.name, url) for place in card.places)))
    return markers


def partner_markers(partner: Partner) -> list[dict]:
    """A partner's own address, and the places and stops where its services are given."""
    own = Place("", partner.address, partner.postcode, partner.city, partner.latitude,
                partner.longitude, partner.quartier_id)
    markers = [_entry(own, partner.name, None)]
    for service in partner.live_services:
        for place in service.places:
            # A service given at the partner's address is already on the address's marker.
            if (place.latitude, place.longitude) != (partner.latitude, partner.longitude):
                markers.append(_entry(place, service.name, None))
    return [m for m in markers if m]
