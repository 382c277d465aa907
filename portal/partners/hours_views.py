"""Opening hours of a listing in the partner space: the weekly grid, dated exceptions,
temporary closures."""

from __future__ import annotations

from portal.i18n import _
from portal.partners import drafts, forms
from portal.partners.blueprint import bp
from portal.partners.editing import ListingEdit


@bp.route("/<slug>/horaires", methods=["GET", "POST"])
def weekly_hours(slug: str):
    """Edit the weekly opening hours (up to two intervals a day, past midnight allowed)."""
    edit = ListingEdit(slug)
    slots = edit.snapshot["slots"]
    busiest = max((sum(1 for s in slots if s["weekday"] == d) for d in range(7)), default=0)
    # A day imported with more intervals keeps them all in the grid, so none is lost on saving.
    per_day = min(max(forms.INTERVALS_PER_DAY, busiest), forms.MAX_INTERVALS_PER_DAY)
    form = forms.WeeklyHoursForm(data=edit.form_data(drafts.weekly_data(edit.snapshot, per_day)))
    if form.validate_on_submit():
        return edit.save(form, lambda s: drafts.with_weekly(s, form), "partners/hours.html")
    return edit.page("partners/hours.html", form)


def _dated(slug: str, form_class, build, template: str):
    """A page listing dated entries (exceptions, closures) with a form to add one."""
    edit = ListingEdit(slug)
    form = form_class(data=edit.form_data({}))
    if form.validate_on_submit():
        return edit.save(form, lambda s: build(s, form), template, action_form=edit.action_form())
    return edit.page(template, form, action_form=edit.action_form())


@bp.route("/<slug>/horaires/exceptions", methods=["GET", "POST"])
def exceptions(slug: str):
    """List the dated exceptions (holidays, special days) and add one."""
    return _dated(slug, forms.ExceptionForm, drafts.with_exception, "partners/exceptions.html")


@bp.post("/<slug>/horaires/exceptions/<int:index>/supprimer")
def remove_exception(slug: str, index: int):
    """Remove one dated exception (found by its place in this listing)."""
    return ListingEdit(slug).act(lambda s: drafts.without(s, "exceptions", index), "partners.exceptions",
                                 _("L'horaire exceptionnel est retiré."))


@bp.route("/<slug>/fermetures", methods=["GET", "POST"])
def closures(slug: str):
    """List the temporary closures and announce one (dates and a message for the public)."""
    return _dated(slug, forms.ClosureForm, drafts.with_closure, "partners/closures.html")


@bp.post("/<slug>/fermetures/<int:index>/supprimer")
def remove_closure(slug: str, index: int):
    """Remove one temporary closure (found by its place in this listing)."""
    return ListingEdit(slug).act(lambda s: drafts.without(s, "closures", index), "partners.closures",
                                 _("La fermeture est retirée."))
