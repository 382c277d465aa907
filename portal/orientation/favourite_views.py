"""Favourites and saved searches of a professional."""

from __future__ import annotations

from portal.orientation.blueprint import bp  # noqa: F401
