"""Who can give each kind of help, nearest first, and the next workshops at a level.

"Published partner", "live service" and "nearest first" are the directory's own definitions
(Partner.is_published, Service.is_live, presenters.sort_cards); this module only says which
sub-needs, labels and kinds of partner serve each kind of help.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import String, cast, or_, select
from sqlalchemy.orm import joinedload, selectinload

from portal.diagnostic.questions import HELP_ACCOMPANY, HELP_ALONE, HELP_EQUIP, HELP_WORKSHOP
from portal.directory import presenters, queries
from portal.directory.models import Partner, Quartier, Service, SubNeed, service_subneed
from portal.directory.near import Origin, from_quartier
from portal.extensions import db
from portal.workshops.queries import Session, upcoming_sessions

PER_HELP = 3
WORKSHOPS = 5


@dataclass(frozen=True)
class Serves:
    """What makes a partner serve a kind of help: a live service in one of these sub-needs,
    one of these national labels (Partner.labels), or one of these kinds of place."""

    subneeds: tuple[str, ...]
    labels: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()


SERVES = {
    HELP_ACCOMPANY: Serves(("demarche-en-ligne-avec-quelqu-un",),
                           labels=("france-services", "aidants-connect"), kinds=("france-services",)),
    HELP_WORKSHOP: Serves(("apprendre-a-utiliser-un-ordinateur", "apprendre-a-utiliser-son-telephone",
                           "adresse-mail-et-mots-de-passe"),
                          labels=("conseiller-numerique",), kinds=("espace-numerique",)),
    HELP_EQUIP: Serves(("ordinateur-ou-telephone-pas-cher", "internet-et-impression")),
    # Getting better alone: places with computers and internet in free access.
    HELP_ALONE: Serves(("internet-et-impression",)),
}


def _has_label(code: str):
    # The labels are plain words stored as a JSON array: the quoted code is exact on every
    # database (the directory does the same for Service.is_walk_in).
    return cast(Partner.labels, String).like(f'%"{code}"%')


def _services(slugs: tuple[str, ...]) -> list[Service]:
    statement = (
        select(Service)
        .join(service_subneed, service_subneed.c.service_id == Service.id)
        .join(SubNeed, SubNeed.id == service_subneed.c.subneed_id)
        .where(SubNeed.slug.in_(slugs), Service.is_live)
        .options(joinedload(Service.partner).options(*queries.with_hours()),
                 selectinload(Service.stops))
        .order_by(Service.id)
    )
    return list(dict.fromkeys(db.session.scalars(statement).unique()))


def _partners(serves: Serves) -> list[Partner]:
    conditions = [_has_label(code) for code in serves.labels]
    if serves.kinds:
        conditions.append(Partner.kind.in_(serves.kinds))
    if not conditions:
        return []
    statement = (select(Partner).where(Partner.is_published, or_(*conditions))
                 .options(*queries.with_hours()).order_by(Partner.id))
    return list(db.session.scalars(statement).unique())


def partners_for(help_code: str, origin: Origin | None, limit: int = PER_HELP) -> list[presenters.Card]:
    """The published partners that serve a kind of help, nearest to `origin` first (the
    directory's order: its quartier first, then by distance; alphabetical without one)."""
    serves = SERVES[help_code]
    cards = presenters.cards_for_services(_services(serves.subneeds))
    carded = {card.partner.id for card in cards}
    now = presenters.now()
    for partner in _partners(serves):
        if partner.id not in carded:
            # Served by its label or kind: the card names the place itself.
            cards.append(presenters.Card(partner, [], presenters.best_opening([partner.schedule], now)))
    return presenters.sort_cards(cards, origin)[:limit]


def origin_of(quartier: Quartier | None) -> Origin | None:
    """Distances are measured from the chosen quartier's centre."""
    return from_quartier(quartier) if quartier is not None else None


def next_workshops(today: date, level: str, quartier: Quartier | None) -> tuple[list[Session], bool]:
    """The next sessions at `level` (cancelled ones left out), in the quartier when there are
    some, else everywhere; the flag says whether the list is the quartier's own."""
    if quartier is not None:
        found = upcoming_sessions(today, level=level, quartier_id=quartier.id,
                                  include_cancelled=False, limit=WORKSHOPS)
        if found:
            return found, True
    return upcoming_sessions(today, level=level, include_cancelled=False, limit=WORKSHOPS), False
