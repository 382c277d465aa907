"""Read queries of the search pages."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from portal.directory.models import Service
from portal.directory.queries import with_hours


def services_by_ids(ids: list[int]) -> Select:
    """The services of a result page, with partner, hours and quartier, in one round of queries."""
    return (
        select(Service)
        .where(Service.id.in_(ids))
        .options(joinedload(Service.partner).options(*with_hours()))
    )
