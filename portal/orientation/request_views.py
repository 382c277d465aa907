"""Orientation requests: the professional's form and list, and the partner's answer link."""

from __future__ import annotations

from portal.orientation.blueprint import bp, public_bp  # noqa: F401
