"""The accessibility statement, the easy-read page, and the compliance level in every footer."""

from __future__ import annotations

import math

from flask import Blueprint, render_template
from flask_babel import format_decimal

from portal.accessibility import audit, constants
from portal.i18n import _

bp = Blueprint("accessibility", __name__)


def footer_level() -> dict:
    """The compliance level every footer shows (registered by `create_app`)."""
    return {"accessibility_level": constants.LEVELS[audit.compliance().level]}


@bp.get("/accessibilite")
def statement():
    """The accessibility statement, computed from the audit table."""
    result = audit.compliance()
    # Rounded down to a tenth: the statement must not show more than was measured.
    rate = _("%(rate)s\u00a0%%", rate=format_decimal(math.floor(result.rate * 10) / 10, format="#,##0.#"))
    return render_template("accessibility/statement.html", result=result, rate=rate,
                           manual_count=result.count(audit.MANUAL),
                           statuses=constants.STATUSES, themes=constants.THEMES,
                           page_kinds=constants.PAGE_KINDS, level=constants.LEVELS)


@bp.get("/facile-a-lire")
def easy_read():
    """How to find help with this site, in easy-to-read French."""
    return render_template("accessibility/easy_read.html")
