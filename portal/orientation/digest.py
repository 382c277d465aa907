"""The weekly digest of favourites and saved searches."""

from __future__ import annotations

from datetime import datetime


def send_digests(now: datetime) -> int:
    """Write to each professional whose favourites or saved searches changed since their last
    digest; returns how many messages were sent."""
    raise NotImplementedError
