"""Sending a slip to the resident by e-mail or SMS, within the professional's limits."""

from __future__ import annotations

from datetime import datetime


def purge_log(now: datetime) -> int:
    """Delete send-log rows the rate limits no longer need (older than a day); returns how many."""
    raise NotImplementedError
