"""Opening hours of a listing in the partner space: the weekly grid, dated exceptions,
temporary closures; removing an exception or a closure asks first."""

from __future__ import annotations

from datetime import date

from flask import abort, render_template

from portal.i18n import _
from portal.partners import drafts, forms, hours_forms
from portal.partners.blueprint import bp
from portal.partners.editing import ListingEdit


@bp.route("/<slug>/horaires", methods=["GET", "POST"])
def weekly_hours(slug: str):
    """Edit the weekly opening hours (two intervals a day or more, past midnight allowed)."""
    edit = ListingEdit(slug)
    slots = edit.snapshot["slots"]
    busiest = max((sum(1 for s in slots if s["weekday"] == d) for d in range(7)), default=0)
    # A day imported with more intervals keeps them all in the grid, so none is lost on saving.
    per_day = min(max(hours_forms.INTERVALS_PER_DAY, busiest), hours_forms.MAX_INTERVALS_PER_DAY)
    form = hours_forms.WeeklyHoursForm(data=edit.form_data(drafts.weekly_data(edit.snapshot, per_day)))
    if form.is_submitted() and (form.apply_same.data or form.same.form.is_filled):
        # "Apply to these days" fills the grid and saves nothing; a save with the block filled
        # in but not applied applies it first, as the person meant.
        applied = form.apply_same_hours()
        if not applied:
            return edit.page("partners/hours.html", form)
        if form.apply_same.data:
            page, _status = edit.page("partners/hours.html", form, applied=True)
            return page, 200
    if form.validate_on_submit():
        return edit.save(form, lambda s: drafts.with_weekly(s, form), "partners/hours.html")
    return edit.page("partners/hours.html", form)


def _dated(slug: str, form_class, build, template: str):
    """A page listing dated entries (exceptions, closures) with a form to add one."""
    edit = ListingEdit(slug)
    form = form_class(data=edit.form_data({}))
    context = {"action_form": edit.action_form(), "as_date": date.fromisoformat}
    if form.validate_on_submit():
        return edit.save(form, lambda s: build(s, form), template, **context)
    return edit.page(template, form, **context)


def _confirm(slug: str, part: str, index: int, template: str):
    """The page asking to confirm the removal of the exception or closure at `index`."""
    edit = ListingEdit(slug)
    entries = edit.snapshot[part]
    if not 0 <= index < len(entries):
        abort(404)
    return render_template(template, partner=edit.partner, snapshot=edit.snapshot, conflict=None,
                           entry=entries[index], index=index,
                           form=forms.ActionForm.as_seen(edit.head.tokens),
                           as_date=date.fromisoformat)


@bp.route("/<slug>/horaires/exceptions", methods=["GET", "POST"])
def exceptions(slug: str):
    """List the dated exceptions (holidays, special days) and add one."""
    return _dated(slug, hours_forms.ExceptionForm, drafts.with_exception, "partners/exceptions.html")


@bp.get("/<slug>/horaires/exceptions/<int:index>/supprimer")
def confirm_remove_exception(slug: str, index: int):
    """Ask before removing a dated exception, saying what residents will see instead."""
    return _confirm(slug, "exceptions", index, "partners/confirm_remove_exception.html")


@bp.post("/<slug>/horaires/exceptions/<int:index>/supprimer")
def remove_exception(slug: str, index: int):
    """Remove one dated exception (found by its place in this listing)."""
    return ListingEdit(slug).act(lambda s: drafts.without(s, "exceptions", index), "partners.exceptions",
                                 _("L'horaire exceptionnel est retiré."))


@bp.route("/<slug>/fermetures", methods=["GET", "POST"])
def closures(slug: str):
    """List the temporary closures and announce one (dates and a message for the public)."""
    return _dated(slug, hours_forms.ClosureForm, drafts.with_closure, "partners/closures.html")


@bp.get("/<slug>/fermetures/<int:index>/supprimer")
def confirm_remove_closure(slug: str, index: int):
    """Ask before removing a temporary closure, saying what residents will see instead."""
    return _confirm(slug, "closures", index, "partners/confirm_remove_closure.html")


@bp.post("/<slug>/fermetures/<int:index>/supprimer")
def remove_closure(slug: str, index: int):
    """Remove one temporary closure (found by its place in this listing)."""
    return ListingEdit(slug).act(lambda s: drafts.without(s, "closures", index), "partners.closures",
                                 _("La fermeture est retirée."))
