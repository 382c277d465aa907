"""The partner's draft (what the CCAS team refused): giving it up. Its display and the forms
it fills are in overlay.py."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for

from portal.accounts.access import partner_for_member_or_404
from portal.extensions import db
from portal.i18n import _
from portal.moderation import refused
from portal.partners import forms
from portal.partners.blueprint import bp


@bp.post("/<slug>/brouillon/abandonner")
def abandon_draft(slug: str):
    """Give up the refused text kept as a draft; the public listing does not change."""
    partner = partner_for_member_or_404(slug)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    if refused.abandon(partner):
        db.session.commit()
        flash(_("Le brouillon est abandonné. Votre fiche publique n'a pas changé."), "success")
    else:
        flash(_("Il n'y a plus de brouillon à abandonner."), "info")
    return redirect(url_for(".listing", slug=partner.slug))
