"""The orientation blueprints and their access rules.

`bp` (/orientation/…) is the professionals' toolkit: signed-in professionals and
administrators only. `public_bp` holds what reaches people without an account through a
link: the slip a resident keeps (/o/<token>) and a partner's answer to a request.
"""

from __future__ import annotations

from flask import Blueprint

from portal.accounts.access import ensure_role
from portal.accounts.constants import ADMIN, PROFESSIONAL

bp = Blueprint("orientation", __name__, url_prefix="/orientation")
public_bp = Blueprint("orientation_public", __name__)


@bp.before_request
def _professionals_only():
    return ensure_role(PROFESSIONAL, ADMIN)
