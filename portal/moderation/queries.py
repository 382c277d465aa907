"""Read queries of moderation, named for what they are for: the review queue, histories and
stale listings."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import defer, joinedload

from portal.accounts.models import User, membership
from portal.directory.models import Partner
from portal.moderation.models import Revision

# Revisions --------------------------------------------------------------------------------


def awaiting_review() -> Select:
    """Revisions an administrator must look at (`Revision.awaits_review`), oldest first."""
    return (
        select(Revision)
        .where(Revision.awaits_review)
        .options(joinedload(Revision.partner), joinedload(Revision.author))
        .order_by(Revision.created_at, Revision.id)
    )


def awaiting_review_count() -> Select:
    """How many revisions wait for an administrator."""
    return select(func.count()).select_from(Revision).where(Revision.awaits_review)


def history_of(partner: Partner) -> Select:
    """Every revision of a partner, newest first, with who wrote and who reviewed it (not the
    whole listing each one holds: a history reads only the diffs)."""
    return (
        select(Revision)
        .where(Revision.partner_id == partner.id)
        .options(defer(Revision.snapshot), joinedload(Revision.author), joinedload(Revision.reviewed_by))
        .order_by(Revision.created_at.desc(), Revision.id.desc())
    )


def revision_of(partner: Partner, revision_id: int) -> Select:
    """One revision, only if it belongs to that partner (ids from a URL are never trusted)."""
    return select(Revision).where(Revision.id == revision_id, Revision.partner_id == partner.id)


# Stale listings ---------------------------------------------------------------------------


def stale_cutoff(now: datetime, days: int | None = None) -> datetime:
    """Listings confirmed before this moment are stale (PORTAL_STALE_AFTER_DAYS before `now`)."""
    if days is None:
        days = current_app.config["PORTAL_STALE_AFTER_DAYS"]
    return now - timedelta(days=days)


def is_stale(now: datetime, days: int | None = None):
    """SQL condition: the partner was never confirmed by a person, or too long ago."""
    return or_(
        Partner.last_confirmed_at.is_(None),
        Partner.last_confirmed_at < stale_cutoff(now, days),
    )


def stale_partners(now: datetime, days: int | None = None) -> Select:
    """Published partners whose listing needs confirming, never-confirmed ones first."""
    return (
        select(Partner)
        .where(Partner.is_published, is_stale(now, days))
        .order_by(Partner.last_confirmed_at.is_not(None), Partner.last_confirmed_at, Partner.name)
    )


def stale_listings(now: datetime) -> Select:
    """Stale partners with their quartier and their number of active members, for the admin list."""
    members = (
        select(func.count())
        .select_from(membership)
        .join(User, User.id == membership.c.user_id)
        .where(membership.c.partner_id == Partner.id, User.is_active.is_(True))
        .correlate(Partner)
        .scalar_subquery()
    )
    return (
        stale_partners(now)
        .add_columns(members.label("members"))
        .options(joinedload(Partner.quartier))
    )


def stale_count(now: datetime) -> Select:
    """How many published listings are stale."""
    return select(func.count()).select_from(Partner).where(Partner.is_published, is_stale(now))


def members_to_remind(partner_ids: list[int]) -> Select:
    """(partner id, user) pairs: the active members of these partners, by e-mail."""
    return (
        select(membership.c.partner_id, User)
        .join(User, User.id == membership.c.user_id)
        .where(membership.c.partner_id.in_(partner_ids), User.is_active.is_(True))
        .order_by(membership.c.partner_id, User.email)
    )
