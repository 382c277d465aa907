"""Statements of the feedback domain, named for what they select."""

from __future__ import annotations

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import joinedload

from portal.directory.models import Need, Partner
from portal.feedback.constants import NEW
from portal.feedback.models import PlaceProposal, Report


def reportable_partner(slug: str) -> Select:
    """The published listing with this slug: only what the public sees can be reported."""
    return select(Partner).where(Partner.slug == slug, Partner.is_published)


def need_choices() -> Select:
    """(slug, label) of the 12 needs, in display order."""
    return select(Need.slug, Need.label).order_by(Need.position)


def need_with_slug(slug: str) -> Select:
    return select(Need).where(Need.slug == slug)


def reports_new_first() -> Select:
    """Every report: new ones first, then handled ones, newest first within each."""
    return (
        select(Report)
        .options(joinedload(Report.partner), joinedload(Report.handled_by))
        .order_by(case((Report.status == NEW, 0), else_=1), Report.created_at.desc(), Report.id.desc())
    )


def proposals_new_first() -> Select:
    """Every proposed place: new ones first, then decided ones, newest first within each."""
    return (
        select(PlaceProposal)
        .options(joinedload(PlaceProposal.need), joinedload(PlaceProposal.partner),
                 joinedload(PlaceProposal.handled_by))
        .order_by(case((PlaceProposal.status == NEW, 0), else_=1), PlaceProposal.created_at.desc(),
                  PlaceProposal.id.desc())
    )


def new_count() -> Select:
    """How many reports and proposals nobody has looked at yet."""
    reports = select(func.count()).select_from(Report).where(Report.status == NEW).scalar_subquery()
    proposals = (select(func.count()).select_from(PlaceProposal)
                 .where(PlaceProposal.status == NEW).scalar_subquery())
    return select(reports + proposals)
