"""Read queries of the directory, named for what they are for.

What residents may see is defined once, on the models (`Partner.is_published`,
`Service.is_live`), and every query here, the sitemap, the search index and the seed use it.
"""

from __future__ import annotations

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from portal.directory.models import (
    Need,
    Partner,
    Quartier,
    Service,
    ServiceStop,
    SubNeed,
    service_subneed,
)


def with_hours():
    """Loader options that bring a partner's hours and quartier in a fixed number of queries."""
    return (
        selectinload(Partner.slots),
        selectinload(Partner.exceptions),
        selectinload(Partner.closures),
        joinedload(Partner.quartier),
    )


def needs_in_order(*, with_subneeds: bool = False) -> Select:
    """The 12 needs in display order (with their sub-needs preloaded when asked)."""
    statement = select(Need).order_by(Need.position)
    return statement.options(selectinload(Need.subneeds)) if with_subneeds else statement


def need_with_slug(slug: str) -> Select:
    return select(Need).where(Need.slug == slug)


def subneed_of(need_slug: str, slug: str) -> Select:
    """A sub-need, only under the need its URL names."""
    return select(SubNeed).join(Need).where(SubNeed.slug == slug, Need.slug == need_slug)


def quartiers_by_name() -> Select:
    """All quartiers, alphabetically."""
    return select(Quartier).order_by(Quartier.name)


def quartier_with_slug(slug: str) -> Select:
    return select(Quartier).where(Quartier.slug == slug)


def services_for(subneed: SubNeed) -> Select:
    """Live services answering a sub-need, with partner, hours and quartier preloaded."""
    return (
        select(Service)
        .join(service_subneed, service_subneed.c.service_id == Service.id)
        .where(service_subneed.c.subneed_id == subneed.id, Service.is_live)
        .options(joinedload(Service.partner).options(*with_hours()), selectinload(Service.stops))
    )


def services_by_ids(ids: list[int]) -> Select:
    """Services named by id (a search result page), with partner, hours and quartier."""
    return (
        select(Service)
        .where(Service.id.in_(ids))
        .options(joinedload(Service.partner).options(*with_hours()), selectinload(Service.stops))
    )


def partners_in(quartier: Quartier) -> Select:
    """Published partners of a quartier, alphabetically, hours preloaded."""
    return (
        select(Partner)
        .where(Partner.is_published, Partner.quartier_id == quartier.id)
        .options(*with_hours(), selectinload(Partner.services).selectinload(Service.stops))
        .order_by(Partner.name)
    )


def services_held_in(quartier: Quartier) -> Select:
    """Live services given in a quartier away from their partner's address: a permanence with
    its own place there, or an itinerant service with a stop there."""
    return (
        select(Service)
        .where(Service.is_live, or_(
            Service.place_quartier_id == quartier.id,
            Service.stops.any(ServiceStop.quartier_id == quartier.id),
        ))
        .options(joinedload(Service.partner).options(*with_hours()), selectinload(Service.stops))
    )


def partner_counts_by_quartier() -> Select:
    """(quartier id, number of published partners) pairs."""
    return (
        select(Partner.quartier_id, func.count(Partner.id))
        .where(Partner.is_published)
        .group_by(Partner.quartier_id)
    )


def published_partner_names() -> Select:
    """Name, slug and quartier of every published partner, for the A–Z index."""
    return (
        select(Partner.name, Partner.slug, Quartier.name)
        .outerjoin(Quartier, Partner.quartier_id == Quartier.id)
        .where(Partner.is_published)
    )


def published_partner_dates() -> Select:
    """Slug and last technical change of every published partner, for the sitemap."""
    return select(Partner.slug, Partner.updated_at).where(Partner.is_published).order_by(Partner.slug)


def partner_page(slug: str) -> Select:
    """One published partner with everything its page shows, in a bounded number of queries."""
    return (
        select(Partner)
        .where(Partner.slug == slug, Partner.is_published)
        .options(
            *with_hours(),
            selectinload(Partner.services)
            .selectinload(Service.subneeds)
            .joinedload(SubNeed.need),
            # Where each service is given (its stops), for the map and the services' places.
            selectinload(Partner.services).selectinload(Service.stops),
        )
    )


def subneeds_with_offer(need: Need) -> Select:
    """Number of live services per sub-need of a need."""
    return (
        select(SubNeed.id, func.count(Service.id))
        .join(service_subneed, service_subneed.c.subneed_id == SubNeed.id)
        .join(Service, Service.id == service_subneed.c.service_id)
        .where(SubNeed.need_id == need.id, Service.is_live)
        .group_by(SubNeed.id)
    )


def open_partner_candidates() -> Select:
    """Published partners with their hours, to compute which are open at a given moment."""
    return (
        select(Partner)
        .where(Partner.is_published)
        .options(selectinload(Partner.slots), selectinload(Partner.exceptions),
                 selectinload(Partner.closures))
    )
