"""The orientation slip: the printable page from the selection, and the link a resident keeps."""

from __future__ import annotations

from portal.orientation.blueprint import bp, public_bp  # noqa: F401
