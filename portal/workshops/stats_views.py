"""For the CCAS: the figures of the digital-inclusion network (workshop sessions by need,
quartier and month; cancelled and full ones; the diagnostic's anonymous counts), as a page and
as CSV files.

The CSV files are UTF-8 with a byte order mark and `;` between values, as the other exports of
the back office, so that a spreadsheet set up in French opens them right by a double click.
"""

from __future__ import annotations

import csv
import io

from flask import render_template, request
from flask_babel import format_date
from werkzeug.datastructures import MultiDict
from wtforms import StringField
from wtforms.validators import ValidationError

from portal.admin.blueprint import bp
from portal.diagnostic.questions import LEVELS
from portal.directory import presenters as directory_presenters
from portal.edge import PortalForm
from portal.i18n import _, _l
from portal.partners.fields import strip
from portal.workshops import stats
from portal.workshops.planning import Month

# A longer range makes an unreadable table; the CSV file of each range is there for more.
MAX_MONTHS = 36


def _month(_form, field) -> None:
    if Month.parse(field.data or "") is None:
        raise ValidationError(str(_l("Indiquez un mois au format AAAA-MM, par exemple : 2027-01.")))


class RangeForm(PortalForm):
    """The months of the figures (a GET form: nothing is written)."""

    class Meta:
        csrf = False

    de = StringField(_l("Du mois"), description=_l("Au format AAAA-MM, par exemple : 2027-01."),
                        filters=[strip], validators=[_month])
    a = StringField(_l("Au mois (compris)"), description=_l("Au format AAAA-MM, par exemple : 2027-06."),
                      filters=[strip], validators=[_month])

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        first, last = Month.parse(self.de.data), Month.parse(self.a.data)
        if last.code < first.code:
            self.a.errors.append(_("Le mois de fin doit être le même que le mois de début, ou après."))
            return False
        if first.distance(last) >= MAX_MONTHS:
            self.a.errors.append(_("%(n)s mois au plus à la fois.", n=MAX_MONTHS))
            return False
        return True

    @property
    def months(self) -> tuple[Month, Month]:
        return Month.parse(self.de.data), Month.parse(self.a.data)


def _range_form() -> RangeForm:
    """The range asked for in the address, else two months back to three months ahead."""
    current = Month.of(directory_presenters.now().date())
    args = {"de": request.args.get("de") or current.shift(-2).code,
            "a": request.args.get("a") or current.shift(3).code}
    return RangeForm(formdata=MultiDict(args))


def month_label(code: str) -> str:
    month = Month.parse(code)
    return format_date(month.first, "MMM y") if month else code


def _labels() -> dict:
    return {"need_label": _, "online_label": _("En ligne"), "none_label": _("Non précisé")}


def _level_label(code: str) -> str:
    level = LEVELS.get(code)
    return str(level.label) if level is not None else code


def _invalid(form: RangeForm):
    return render_template("workshops/stats.html", form=form, report=None, diagnostics=None), 422


@bp.get("/reseau-numerique")
def network_figures():
    """Workshop sessions by need, quartier and month, and the diagnostic's counts."""
    form = _range_form()
    if not form.validate():
        return _invalid(form)
    first, last = form.months
    return render_template(
        "workshops/stats.html", form=form, report=stats.network_report(first, last, **_labels()),
        diagnostics=stats.diagnostic_report(first, last, _("Non précisé")),
        month_label=month_label, level_label=_level_label, first=first, last=last)


def _csv(rows: list[list], filename: str):
    out = io.StringIO()
    out.write("\ufeff")  # the byte order mark: spreadsheets then read UTF-8
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8"), 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="{filename}"',
    }


@bp.get("/reseau-numerique.csv")
def network_figures_csv():
    """The sessions' figures as CSV: one row per month, need and quartier."""
    form = _range_form()
    if not form.validate():
        return _invalid(form)
    first, last = form.months
    report = stats.network_report(first, last, **_labels())
    rows = [[_("Mois"), _("Code du besoin"), _("Besoin"), _("Code du quartier"), _("Quartier"),
             _("Séances prévues"), _("Séances annulées"), _("Séances complètes")]]
    rows += [[month, need, need_text, quartier, quartier_text, f.sessions, f.cancelled, f.full]
             for month, need, need_text, quartier, quartier_text, f in report.lines]
    return _csv(rows, f"ateliers-{first.code}-{last.code}.csv")


@bp.get("/reseau-numerique/diagnostics.csv")
def diagnostic_counts_csv():
    """The diagnostic's anonymous counts as CSV: one row per month, level and quartier."""
    form = _range_form()
    if not form.validate():
        return _invalid(form)
    first, last = form.months
    report = stats.diagnostic_report(first, last, _("Non précisé"))
    rows = [[_("Mois"), _("Code du niveau"), _("Niveau"), _("Code du quartier"), _("Quartier"),
             _("Diagnostics")]]
    rows += [[month, level, _level_label(level), slug, name, number]
             for month, level, slug, name, number in report.lines]
    return _csv(rows, f"diagnostics-{first.code}-{last.code}.csv")
