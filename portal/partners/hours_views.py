"""Opening hours of a listing: the weekly grid, dated exceptions, temporary closures."""

from __future__ import annotations

from flask import render_template

from portal.accounts.access import partner_for_member_or_404
from portal.i18n import _
from portal.partners import forms
from portal.partners import operations as drafts
from portal.partners.views import _action, _head, _prefill, _propose, bp


@bp.route("/<slug>/horaires", methods=["GET", "POST"])
def weekly_hours(slug: str):
    """Edit the weekly opening hours (up to two intervals a day, past midnight allowed)."""
    partner = partner_for_member_or_404(slug)
    snapshot, tokens = _head(partner)
    busiest = max((sum(1 for s in snapshot["slots"] if s["weekday"] == d) for d in range(7)), default=0)
    # A day imported with more intervals keeps them all in the grid, so none is lost on saving.
    per_day = min(max(forms.INTERVALS_PER_DAY, busiest), forms.MAX_INTERVALS_PER_DAY)
    form = forms.WeeklyHoursForm(data=_prefill({**drafts.weekly_data(snapshot, per_day), **tokens}))
    if form.validate_on_submit():
        return _propose(partner, form, lambda s: drafts.with_weekly(s, form), "partners/hours.html")
    status = 422 if form.is_submitted() else 200
    return render_template("partners/hours.html", partner=partner, form=form, snapshot=snapshot), status


def _dated_page(partner, part: str, form, status: int = 200):
    snapshot, tokens = _head(partner)
    return render_template(f"partners/{part}.html", partner=partner, form=form, snapshot=snapshot,
                           action_form=forms.ActionForm(data=tokens)), status


@bp.route("/<slug>/horaires/exceptions", methods=["GET", "POST"])
def exceptions(slug: str):
    """List the dated exceptions (holidays, special days) and add one."""
    partner = partner_for_member_or_404(slug)
    _snapshot, tokens = _head(partner)
    form = forms.ExceptionForm(data=_prefill(tokens))
    if form.validate_on_submit():
        return _propose(partner, form, lambda s: drafts.with_exception(s, form), "partners/exceptions.html",
                        action_form=forms.ActionForm(data=tokens))
    return _dated_page(partner, "exceptions", form, 422 if form.is_submitted() else 200)


@bp.post("/<slug>/horaires/exceptions/<int:index>/supprimer")
def remove_exception(slug: str, index: int):
    """Remove one dated exception (found by its place in this listing)."""
    partner = partner_for_member_or_404(slug)
    return _action(partner, lambda s: drafts.without(s, "exceptions", index), ".exceptions",
                   _("L'horaire exceptionnel est retiré."))


@bp.route("/<slug>/fermetures", methods=["GET", "POST"])
def closures(slug: str):
    """List the temporary closures and announce one (dates and a message for the public)."""
    partner = partner_for_member_or_404(slug)
    _snapshot, tokens = _head(partner)
    form = forms.ClosureForm(data=_prefill(tokens))
    if form.validate_on_submit():
        return _propose(partner, form, lambda s: drafts.with_closure(s, form), "partners/closures.html",
                        action_form=forms.ActionForm(data=tokens))
    return _dated_page(partner, "closures", form, 422 if form.is_submitted() else 200)


@bp.post("/<slug>/fermetures/<int:index>/supprimer")
def remove_closure(slug: str, index: int):
    """Remove one temporary closure (found by its place in this listing)."""
    partner = partner_for_member_or_404(slug)
    return _action(partner, lambda s: drafts.without(s, "closures", index), ".closures",
                   _("La fermeture est retirée."))


