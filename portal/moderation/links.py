"""The signed links of a campaign message, and the partner-space access one of them opens.

A reminder carries two links about one listing: "Rien n'a changé" (`CONFIRM_LINK`, single use)
and "Je corrige" (`CORRECT_LINK`, usable until it expires). Both work for
PORTAL_CORRECTION_LINK_DAYS days. A link's secret is `secrets.token_urlsafe(32)`; only its
SHA-256 is stored, so the database cannot give a link back. When a campaign issues new links
for a listing, the unused links of earlier messages about it stop working (they read as
expired): only the newest message counts.

"Je corrige" opens the partner space of that listing alone, without an account: `grant`
writes the listing and the link into the (signed) session for GRANT_LIFETIME, renewed on each
page; `link_for(partner)` is that link on the listing's pages, None elsewhere. Changes made so
go through `propose_change(..., author=None, link=token)`: they always wait for review.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from flask import current_app, has_request_context, session
from sqlalchemy import or_, select, update

from portal.accounts.operations import hash_token
from portal.db import utcnow
from portal.directory.models import Partner
from portal.extensions import db
from portal.moderation import limits
from portal.moderation.campaign_models import (
    CONFIRM_LINK,
    CORRECT_LINK,
    CampaignReminder,
    ListingToken,
)
from portal.moderation.constants import APPROVED, CONFIRM
from portal.moderation.models import Revision
from portal.moderation.snapshots import snapshot_of

GRANT_LIFETIME = timedelta(hours=2)
SESSION_KEY = "listing_link"
# A link's secret is 43 characters; anything much longer is not one of ours.
MAX_TOKEN_LENGTH = 100

# Why a link does not work, as shown to its holder.
UNKNOWN, USED, EXPIRED = "unknown", "used", "expired"


def _lifetime() -> timedelta:
    return timedelta(days=current_app.config["PORTAL_CORRECTION_LINK_DAYS"])


def issue(partner: Partner, purpose: str, reminder: CampaignReminder | None = None,
          now: datetime | None = None) -> str:
    """A new link of `purpose` about `partner` (its raw secret, to put in a message).

    The unused links of the same purpose from other messages about this listing expire, except
    those of the same campaign's other addresses: each recipient of a round keeps its own."""
    now = now or utcnow()
    siblings = (
        select(CampaignReminder.id).where(
            CampaignReminder.campaign_id == reminder.campaign_id, CampaignReminder.id != reminder.id
        ) if reminder is not None else None
    )
    older = [ListingToken.partner_id == partner.id, ListingToken.purpose == purpose,
             ListingToken.used_at.is_(None), ListingToken.expires_at > now]
    if siblings is not None:
        older.append(or_(ListingToken.reminder_id.is_(None), ListingToken.reminder_id.not_in(siblings)))
    db.session.execute(update(ListingToken).where(*older).values(expires_at=now)
                       .execution_options(synchronize_session=False))
    raw = secrets.token_urlsafe(32)
    db.session.add(ListingToken(partner=partner, reminder=reminder, purpose=purpose,
                                token_hash=hash_token(raw), created_at=now, expires_at=now + _lifetime()))
    db.session.flush()
    return raw


def find(raw: str, purpose: str) -> ListingToken | None:
    """The stored link matching `raw` for this purpose, usable or not; None when there is none
    (a confirm link pasted into the correction address is not found either)."""
    if not raw or len(raw) > MAX_TOKEN_LENGTH:
        return None
    return db.session.scalars(
        select(ListingToken).where(ListingToken.token_hash == hash_token(raw),
                                   ListingToken.purpose == purpose)
    ).first()


def problem(token: ListingToken | None, now: datetime | None = None) -> str | None:
    """Why this link cannot be used (UNKNOWN, USED, EXPIRED), or None when it can."""
    if token is None:
        return UNKNOWN
    if token.used_at is not None:
        return USED
    if not token.is_usable(now):
        return EXPIRED
    return None


def opened(token: ListingToken, now: datetime | None = None) -> None:
    """Remember that the message's link was followed (the first time only)."""
    if token.reminder is not None and token.reminder.opened_at is None:
        token.reminder.opened_at = now or utcnow()
        db.session.flush()


def confirm(token: ListingToken, now: datetime | None = None) -> Revision:
    """"Rien n'a changé": the listing counts as checked by a person now, recorded in its history
    as a confirmation made through a link (no author). A confirm link is spent; through a
    correction link it counts as a save for the limits (that link works many times)."""
    now = now or utcnow()
    partner = token.partner
    if token.purpose == CONFIRM_LINK:
        token.used_at = now
    else:
        limits.check_rate(partner)
    partner.last_confirmed_at = now
    revision = Revision(partner=partner, author=None, link=token, kind=CONFIRM, status=APPROVED,
                        reviewed=True, reviewed_at=now, base_version=partner.version,
                        snapshot=snapshot_of(partner), diff=[])
    db.session.add(revision)
    if token.reminder is not None:
        token.reminder.opened_at = token.reminder.opened_at or now
        token.reminder.confirmed_at = token.reminder.confirmed_at or now
    db.session.flush()
    return revision


def corrected(token: ListingToken, now: datetime | None = None) -> None:
    """Remember that a change was sent through this link (the first time only)."""
    if token.reminder is not None and token.reminder.corrected_at is None:
        token.reminder.corrected_at = now or utcnow()
        db.session.flush()


# The session grant of a correction link -----------------------------------------------------


def grant(token: ListingToken) -> None:
    """Let this browser edit the link's listing (and nothing else) for GRANT_LIFETIME."""
    session[SESSION_KEY] = {"partner": token.partner_id, "token": token.id,
                            "until": (utcnow() + GRANT_LIFETIME).timestamp()}


def revoke() -> None:
    """Forget this browser's grant."""
    session.pop(SESSION_KEY, None)


def granted() -> ListingToken | None:
    """The correction link this browser holds, while it works; each request that reads it
    renews it. (Not cached in `g`, which tests share between requests; the token is in the
    session's identity map after the first read.)"""
    if not has_request_context():
        return None
    held = session.get(SESSION_KEY)
    if not isinstance(held, dict):
        return None
    now = utcnow()
    token_id, until = held.get("token"), held.get("until")
    if not isinstance(token_id, int) or not isinstance(until, int | float) or until < now.timestamp():
        revoke()
        return None
    token = db.session.get(ListingToken, token_id)
    if token is None or token.purpose != CORRECT_LINK or problem(token, now) is not None:
        revoke()
        return None
    held["until"] = (now + GRANT_LIFETIME).timestamp()
    session[SESSION_KEY] = held
    return token


def granted_slug() -> str | None:
    """The slug of the listing this browser may edit through a link, if any."""
    token = granted()
    return token.partner.slug if token is not None else None


def link_for(partner: Partner) -> ListingToken | None:
    """The correction link through which this request edits `partner`, or None (no grant, or a
    grant for another listing)."""
    token = granted()
    return token if token is not None and token.partner_id == partner.id else None
