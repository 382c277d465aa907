"""For the CCAS: anonymous counts of orientation by need, quartier and month (page and CSV)."""

from __future__ import annotations

from portal.admin.blueprint import bp  # noqa: F401
