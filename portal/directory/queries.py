"""Read queries of the directory, named for what they are for.

"Published" is defined here once (a published partner; a published service of a published
partner) and reused by the pages, the sitemap, search indexing and the API.
"""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, selectinload

from portal.directory.constants import PUBLISHED
from portal.directory.models import (
    Need,
    Partner,
    Quartier,
    Service,
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


def is_published_partner():
    """SQL condition: the partner is published."""
    return Partner.status == PUBLISHED


def is_published_service():
    """SQL condition: the service is published and so is its partner."""
    return (Service.status == PUBLISHED) & Service.partner.has(Partner.status == PUBLISHED)


def needs_in_order() -> Select:
    """The 12 needs with their sub-needs, in display order."""
    return select(Need).options(selectinload(Need.subneeds)).order_by(Need.position)


def quartiers_by_name() -> Select:
    """All quartiers, alphabetically."""
    return select(Quartier).order_by(Quartier.name)


def services_for(subneed: SubNeed) -> Select:
    """Published services answering a sub-need, with partner, hours and quartier preloaded."""
    return (
        select(Service)
        .join(service_subneed, service_subneed.c.service_id == Service.id)
        .where(service_subneed.c.subneed_id == subneed.id, is_published_service())
        .options(joinedload(Service.partner).options(*with_hours()))
    )


def partners_in(quartier: Quartier) -> Select:
    """Published partners of a quartier, alphabetically, hours preloaded."""
    return (
        select(Partner)
        .where(is_published_partner(), Partner.quartier_id == quartier.id)
        .options(*with_hours(), selectinload(Partner.services))
        .order_by(Partner.name)
    )


def published_partner_names() -> Select:
    """Name, slug and quartier of every published partner, for the A–Z index."""
    return (
        select(Partner.name, Partner.slug, Quartier.name)
        .outerjoin(Quartier, Partner.quartier_id == Quartier.id)
        .where(is_published_partner())
    )


def partner_page(slug: str) -> Select:
    """One published partner with everything its page shows, in a bounded number of queries."""
    return (
        select(Partner)
        .where(Partner.slug == slug, is_published_partner())
        .options(
            *with_hours(),
            selectinload(Partner.services)
            .selectinload(Service.subneeds)
            .joinedload(SubNeed.need),
        )
    )


def subneeds_with_offer(need: Need) -> Select:
    """Number of published services per sub-need of a need."""
    return (
        select(SubNeed.id, func.count(Service.id))
        .join(service_subneed, service_subneed.c.subneed_id == SubNeed.id)
        .join(Service, Service.id == service_subneed.c.service_id)
        .where(SubNeed.need_id == need.id, is_published_service())
        .group_by(SubNeed.id)
    )
