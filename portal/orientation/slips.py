"""Kept slips: a short unguessable link to a slip, stored hashed, expiring.

The link is /o/<token> with 16 random URL-safe characters (about 96 bits): short enough to
type from a printed page or an SMS, impossible to guess. Only its SHA-256 is stored; the slip
holds places and the professional's notes, nothing about the person.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select

from portal.db import utcnow
from portal.extensions import db
from portal.orientation import selection, stats
from portal.orientation.constants import SLIP
from portal.orientation.models import Slip
from portal.orientation.selection import Entry

TOKEN_BYTES = 12  # 16 characters of URL-safe base64


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create(entries: list[Entry], locale: str, now: datetime | None = None) -> tuple[Slip, str]:
    """Keep a slip of these entries in `locale` for PORTAL_SLIP_DAYS; returns it and the raw
    token of its link (shown once, never stored). Counted for the CCAS."""
    now = now or utcnow()
    raw = secrets.token_urlsafe(TOKEN_BYTES)
    slip = Slip(
        token_hash=hash_token(raw),
        items=[{"partner": e.partner.id, "service": e.service.id if e.service else None,
                "note": e.note} for e in entries],
        locale=locale,
        created_at=now,
        expires_at=now + timedelta(days=int(current_app.config["PORTAL_SLIP_DAYS"])),
    )
    db.session.add(slip)
    db.session.flush()
    stats.record(SLIP, [(e.partner, e.service) for e in entries], now)
    return slip, raw


def find(raw: str, now: datetime | None = None) -> Slip | None:
    """The slip behind a link while it works; None for an unknown or expired link."""
    if not raw or len(raw) > 64:
        return None
    slip = db.session.scalars(select(Slip).where(Slip.token_hash == hash_token(raw))).first()
    if slip is None or slip.expires_at <= (now or utcnow()):
        return None
    return slip


def entries_of(slip: Slip) -> list[Entry]:
    """The slip's places as they are now (a place unpublished since drops out)."""
    return selection.resolve(slip.items)


def purge_expired(now: datetime) -> int:
    """Delete the slips whose link has expired; returns how many."""
    result = db.session.execute(delete(Slip).where(Slip.expires_at <= now))
    return result.rowcount or 0
