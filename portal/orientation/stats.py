"""Anonymous counts for the CCAS: what orientation did, by need, quartier and month.

`record` writes one OrientationEvent per (need, quartier) an action touches, all sharing a
random action id; nothing about the professional, the resident or the place is kept.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime

from portal.db import utcnow
from portal.directory.models import Partner, Service
from portal.extensions import db
from portal.orientation.models import OrientationEvent


def month_of(at: datetime) -> str:
    return at.strftime("%Y-%m")


def pairs_of(partner: Partner, service: Service | None) -> set[tuple[str, str]]:
    """The (need slug, quartier slug) pairs a place stands for: the service's needs (else every
    need of the place's live services) in the quartier where it is given."""
    services = [service] if service is not None else partner.live_services
    quartier = ""
    if service is not None and service.place_quartier is not None:
        quartier = service.place_quartier.slug
    elif partner.quartier is not None:
        quartier = partner.quartier.slug
    needs = {sub.need.slug for s in services for sub in s.subneeds}
    return {(need, quartier) for need in needs} or {("", quartier)}


def record(kind: str, places: Iterable[tuple[Partner, Service | None]], now: datetime | None = None) -> str:
    """Count one action of `kind` (constants.EVENT_KINDS) over these places; returns its id."""
    action = secrets.token_hex(8)
    month = month_of(now or utcnow())
    pairs: set[tuple[str, str]] = set()
    for partner, service in places:
        pairs |= pairs_of(partner, service)
    for need, quartier in sorted(pairs or {("", "")}):
        db.session.add(OrientationEvent(kind=kind, month=month, need_slug=need,
                                        quartier_slug=quartier, action=action))
    db.session.flush()
    return action


def record_pair(kind: str, need_slug: str, quartier_slug: str, now: datetime | None = None) -> None:
    """Count one action of `kind` for one need and quartier (a request and its answers)."""
    db.session.add(OrientationEvent(kind=kind, month=month_of(now or utcnow()), need_slug=need_slug,
                                    quartier_slug=quartier_slug, action=secrets.token_hex(8)))
    db.session.flush()
