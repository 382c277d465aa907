"""Read queries of moderation, named for what they are for: the review queue, histories and
stale listings."""

from __future__ import annotations

import calendar
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import defer, joinedload

from portal.accounts.models import User, membership
from portal.directory.models import Partner
from portal.moderation.constants import UPDATE_FREQUENCY_DAYS
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


def months_before(now: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months before `now` (the 31st becomes the
    month's last day)."""
    month_index = now.year * 12 + now.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(now.day, calendar.monthrange(year, month + 1)[1])
    return now.replace(year=year, month=month + 1, day=day)


def confirm_every_days(frequency: str) -> int:
    """How many days a listing with this update frequency stays fresh after a confirmation
    (the site's PORTAL_STALE_AFTER_DAYS for "" or an unknown code)."""
    return UPDATE_FREQUENCY_DAYS.get(frequency) or current_app.config["PORTAL_STALE_AFTER_DAYS"]


def is_stale(now: datetime, days: int | None = None, *, months: int | None = None):
    """SQL condition, the one definition of a stale listing: never confirmed by a person, or
    confirmed too long ago. Too long is `months` calendar months when given (a campaign's
    choice), else `days`, else the listing's own update frequency (UPDATE_FREQUENCY_DAYS),
    else PORTAL_STALE_AFTER_DAYS."""
    never = Partner.last_confirmed_at.is_(None)
    if months is not None:
        return or_(never, Partner.last_confirmed_at < months_before(now, months))
    if days is not None:
        return or_(never, Partner.last_confirmed_at < stale_cutoff(now, days))
    # One comparison per frequency rather than date arithmetic in SQL, which every database
    # spells differently.
    per_frequency = [
        and_(Partner.update_frequency == code, Partner.last_confirmed_at < stale_cutoff(now, code_days))
        for code, code_days in UPDATE_FREQUENCY_DAYS.items()
    ]
    default = and_(Partner.update_frequency.not_in(list(UPDATE_FREQUENCY_DAYS)),
                   Partner.last_confirmed_at < stale_cutoff(now))
    return or_(never, default, *per_frequency)


def stale_partners(now: datetime, days: int | None = None, *, months: int | None = None) -> Select:
    """Published partners whose listing needs confirming (`is_stale`), never-confirmed ones
    first."""
    return (
        select(Partner)
        .where(Partner.is_published, is_stale(now, days, months=months))
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
    """(partner id, user) pairs: the active members of these partners, by e-mail (an
    invitation never accepted, without a password, is no account to log in to yet)."""
    return (
        select(membership.c.partner_id, User)
        .join(User, User.id == membership.c.user_id)
        .where(membership.c.partner_id.in_(partner_ids), User.is_active.is_(True),
               User.password_hash.is_not(None))
        .order_by(membership.c.partner_id, User.email)
    )
