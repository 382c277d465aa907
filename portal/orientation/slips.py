"""Kept slips: a short unguessable link to a slip, stored hashed, expiring."""

from __future__ import annotations

from datetime import datetime


def purge_expired(now: datetime) -> int:
    """Delete the slips whose link has expired; returns how many."""
    raise NotImplementedError
