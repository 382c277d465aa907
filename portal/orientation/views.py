"""Ma sélection: add, reorder, note and remove places (professionals; works without JavaScript)."""

from __future__ import annotations

from portal.orientation.blueprint import bp  # noqa: F401
