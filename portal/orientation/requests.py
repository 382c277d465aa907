"""Orientation requests: sending, answering through signed links, reminders and erasure."""

from __future__ import annotations

from datetime import datetime


def remind(now: datetime) -> int:
    """Remind both sides of the requests without an answer after PORTAL_REQUEST_REMINDER_DAYS;
    returns how many requests were reminded."""
    raise NotImplementedError


def purge(now: datetime) -> int:
    """Erase the personal data of requests older than PORTAL_ORIENTATION_RETENTION_DAYS,
    keeping status, need, quartier and dates; returns how many were erased."""
    raise NotImplementedError
