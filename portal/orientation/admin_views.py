"""For the CCAS: anonymous counts of orientation by need, quartier and month (page and CSV).

The CSV file is UTF-8 with a byte order mark and `;` between values, so that a spreadsheet set
up in French (Excel, LibreOffice) opens it with accents and columns right by a double click.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date

from flask import render_template, request
from flask_babel import format_date
from werkzeug.datastructures import MultiDict
from wtforms import StringField
from wtforms.validators import ValidationError

from portal.admin.blueprint import bp
from portal.db import utcnow
from portal.directory.constants import label
from portal.edge import PortalForm
from portal.i18n import _, _l
from portal.orientation import queries
from portal.orientation.constants import EVENT_KINDS
from portal.partners.fields import strip

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
# Beyond this many months the page would be a very long table: the CSV file is for that.
MAX_MONTHS = 120


def _month(_form, field) -> None:
    match = MONTH.match(field.data or "")
    if not match or not 2000 <= int(match.group(1)) <= 2100:
        raise ValidationError(str(_l("Indiquez un mois au format AAAA-MM, par exemple : 2026-01.")))


class CountsFilterForm(PortalForm):
    """The month range of the counts (a GET form: nothing is written)."""

    class Meta:
        csrf = False

    start = StringField(_l("Du mois"), description=_l("Au format AAAA-MM, par exemple : 2026-01."),
                        filters=[strip], validators=[_month])
    end = StringField(_l("Au mois (compris)"), description=_l("Au format AAAA-MM, par exemple : 2026-12."),
                      filters=[strip], validators=[_month])

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if self.end.data < self.start.data:
            self.end.errors.append(_("Le mois de fin doit être le même que le mois de début, ou après."))
            return False
        if len(queries.months_between(self.start.data, self.end.data)) > MAX_MONTHS:
            self.end.errors.append(_("%(n)s mois au plus sur cette page ; le fichier CSV se télécharge "
                                     "par période de la même longueur.", n=MAX_MONTHS))
            return False
        return True


def _filter_form() -> CountsFilterForm:
    """The range asked for in the address, else the last 12 months."""
    start, end = queries.default_range(utcnow().date())
    args = {"start": request.args.get("start") or start, "end": request.args.get("end") or end}
    return CountsFilterForm(formdata=MultiDict(args))


def _month_label(month: str) -> str:
    return format_date(date(int(month[:4]), int(month[5:7]), 1), "MMMM y")


@bp.get("/orientations")
def orientation_counts():
    """Slips, sendings, requests and answers, by month, need and quartier (distinct actions)."""
    form = _filter_form()
    if not form.validate():
        return render_template("orientation/admin_counts.html", form=form, report=None), 422
    report = queries.report(form.start.data, form.end.data, need_label=_, month_label=_month_label,
                            unknown_label=_("Non précisé"))
    return render_template("orientation/admin_counts.html", form=form, report=report,
                           kind_labels=EVENT_KINDS)


@bp.get("/orientations.csv")
def orientation_counts_csv():
    """The same counts as a CSV file: one row per month, kind, need and quartier."""
    form = _filter_form()
    if not form.validate():
        return render_template("orientation/admin_counts.html", form=form, report=None), 422
    start, end = form.start.data, form.end.data
    out = io.StringIO()
    out.write("\ufeff")  # the byte order mark: spreadsheets then read UTF-8
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Mois"), _("Code"), _("Ce qui est compté"), _("Code du besoin"), _("Besoin"),
                     _("Code du quartier"), _("Quartier"), _("Nombre")])
    writer.writerows(queries.csv_lines(
        start, end, need_label=_, kind_label=lambda kind: label(EVENT_KINDS, kind),
        unknown_label=_("Non précisé")))
    filename = f"orientations-{start}-{end}.csv"
    return out.getvalue().encode("utf-8"), 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="{filename}"',
    }
