"""Professionals asking for an account: the request, the administrator's decision, erasure."""

from __future__ import annotations

from datetime import datetime


def purge(now: datetime) -> int:
    """Delete the requests decided more than PORTAL_ACCOUNT_REQUEST_RETENTION_DAYS ago;
    returns how many."""
    raise NotImplementedError
