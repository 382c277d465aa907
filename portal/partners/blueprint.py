"""The partner space's blueprint and its access rule: partner members and administrators.

Which listing a member may open is checked on each page by `editing.ListingEdit` (through
`partner_for_member_or_404`): a listing of another partner answers 404.
"""

from __future__ import annotations

from flask import Blueprint

from portal.accounts.access import ensure_role
from portal.accounts.constants import ADMIN, PARTNER

bp = Blueprint("partners", __name__, url_prefix="/espace")


@bp.before_request
def _members_only():
    return ensure_role(PARTNER, ADMIN)
