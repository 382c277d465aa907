"""Send a slip to the resident by e-mail or SMS (professionals, rate-limited)."""

from __future__ import annotations

from portal.orientation.blueprint import bp  # noqa: F401
