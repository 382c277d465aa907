"""The diagnostic's public blueprint (no account needed)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("diagnostic", __name__)
