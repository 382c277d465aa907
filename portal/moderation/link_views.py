"""The public pages behind the links of a reminder: "Rien n'a changé" and "Je corrige".

Neither needs an account. A link that does not work (unknown, already used, expired) answers
410 with what to do instead, and says nothing about any listing. Opening the confirm link only
shows the listing and a button: mail scanners follow links, so a GET never confirms.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for

from portal.accounts.csrf import keeps_typed_text
from portal.directory import presenters
from portal.edge import PortalForm
from portal.extensions import db, limiter
from portal.i18n import _
from portal.moderation import links
from portal.moderation.campaign_models import CONFIRM_LINK, CORRECT_LINK
from portal.moderation.limits import TooManySaves

bp = Blueprint("freshness", __name__, url_prefix="/fiche")

# Generous for a person, tight for a script trying links.
RATE = "20/minute"


class LinkConfirmForm(PortalForm):
    """The "Rien n'a changé, je confirme" button (CSRF only)."""


def _refused(state: str, purpose: str):
    return render_template("freshness/link_invalid.html", state=state, purpose=purpose), 410


@bp.route("/a-jour/<token>", methods=["GET", "POST"])
@keeps_typed_text
@limiter.limit(RATE)
def confirm(token: str):
    """Show the listing and one button; pressing it records a human confirmation (once)."""
    link = links.find(token, CONFIRM_LINK)
    state = links.problem(link)
    if state is not None:
        return _refused(state, CONFIRM_LINK)
    partner = link.partner
    form = LinkConfirmForm()
    if form.validate_on_submit():
        links.confirm(link)
        db.session.commit()
        flash(_("Merci ! La fiche est confirmée à jour aujourd'hui."), "success")
        if partner.is_published:
            return redirect(url_for("directory.partner", slug=partner.slug))
        return redirect(url_for("directory.home"))
    links.opened(link)
    db.session.commit()
    return render_template("freshness/confirm.html", partner=partner, form=form,
                           opening=presenters.opening(partner.schedule), now=presenters.now())


@bp.get("/corriger/<token>")
@limiter.limit(RATE)
def correct(token: str):
    """Open the partner space of this listing alone, for a while, without an account."""
    link = links.find(token, CORRECT_LINK)
    state = links.problem(link)
    if state is not None:
        return _refused(state, CORRECT_LINK)
    links.opened(link)
    links.grant(link)
    db.session.commit()
    return redirect(url_for("partners.listing", slug=link.partner.slug))


@bp.post("/lien/a-jour")
@limiter.limit(RATE)
def confirm_granted():
    """"My information is up to date", pressed in the partner space opened by a correction link."""
    link = links.granted()
    if link is None:
        return _refused(links.EXPIRED, CORRECT_LINK)
    if not LinkConfirmForm().validate_on_submit():
        return redirect(url_for("partners.listing", slug=link.partner.slug))
    try:
        links.confirm(link)
    except TooManySaves as error:
        flash(str(error), "error")
        return redirect(url_for("partners.listing", slug=link.partner.slug))
    db.session.commit()
    flash(_("Merci ! Votre fiche est marquée comme à jour aujourd'hui."), "success")
    return redirect(url_for("partners.listing", slug=link.partner.slug))


@bp.post("/lien/terminer")
def end():
    """Close the partner space opened by a correction link, on this browser."""
    links.revoke()
    flash(_("C'est terminé. Merci ! Vos modifications seront relues par l'équipe du CCAS."), "success")
    return redirect(url_for("directory.home"))
