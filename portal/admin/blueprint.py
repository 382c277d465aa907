"""The back-office blueprint and its only access rule: administrators, nobody else."""

from __future__ import annotations

from flask import Blueprint

from portal.accounts.access import ensure_role
from portal.accounts.constants import ADMIN

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
def _administrators_only():
    return ensure_role(ADMIN)
