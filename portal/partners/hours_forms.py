"""Forms of a listing's opening hours: the weekly grid (with its "same hours on these days"
block and a closed toggle per day), dated exceptions, temporary closures."""

from __future__ import annotations

from wtforms import BooleanField, FieldList, Form, FormField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, ValidationError

from portal.i18n import _, _l
from portal.partners.fields import DateText, MultiCheckboxField, TimeText, strip
from portal.partners.forms import WEEKDAY_CHOICES, EditForm

INTERVALS_PER_DAY = 2
# An imported day may have more intervals; the grid shows them all rather than drop some.
MAX_INTERVALS_PER_DAY = 6


class IntervalForm(Form):
    """One opening interval of a day; "after midnight" allows a closing time earlier than opening."""

    opens = TimeText(_l("Ouverture"))
    closes = TimeText(_l("Fermeture"))
    overnight = BooleanField(_l("Ferme après minuit"))

    def validate_closes(self, field):
        opens, closes = self.opens.parsed, field.parsed
        if (opens is None) != (closes is None) and not (self.opens.errors or field.errors):
            raise ValidationError(_("Indiquez l'heure d'ouverture et l'heure de fermeture."))
        if opens is None or closes is None:
            return
        # Closing at midnight ("00:00" or "24:00") needs no tick: it is the end of the day.
        if closes.hour == 0 and closes.minute == 0:
            return
        if self.overnight.data and closes >= opens:
            raise ValidationError(_("Après minuit, la fermeture doit être plus tôt que l'ouverture "
                                    "(par exemple 20:00 – 02:00)."))
        if not self.overnight.data and closes <= opens:
            raise ValidationError(_("La fermeture doit être après l'ouverture. Si le lieu ferme "
                                    "après minuit, cochez « Ferme après minuit »."))


class DayForm(Form):
    # Ticked, the day's intervals are not saved and not checked: the public page says "Fermé".
    closed = BooleanField(_l("Fermé ce jour"))
    intervals = FieldList(FormField(IntervalForm), min_entries=INTERVALS_PER_DAY,
                          max_entries=MAX_INTERVALS_PER_DAY)


def _minutes(opens, closes) -> tuple[int, int]:
    start, end = opens.hour * 60 + opens.minute, closes.hour * 60 + closes.minute
    return start, end if end > start else end + 24 * 60


def _overlaps(intervals) -> bool:
    """Mark each interval that overlaps an earlier one of the same day; True if any did."""
    filled = [f for f in intervals if not f.errors and f.opens.parsed and f.closes.parsed]
    found = False
    for i, later in enumerate(filled[1:], start=1):
        b = _minutes(later.opens.parsed, later.closes.parsed)
        if any(a[0] < b[1] and b[0] < a[1]
               for a in (_minutes(f.opens.parsed, f.closes.parsed) for f in filled[:i])):
            later.opens.errors.append(_("Ce créneau chevauche un autre créneau de la journée."))
            found = True
    return found


def _leaves(field):
    """The input fields in a field: itself, or those of its rows and sub-forms."""
    if isinstance(field, FieldList | FormField):
        for sub in field:
            yield from _leaves(sub)
    else:
        yield field


class SameHoursForm(Form):
    """"Same hours on these days": copied into the grid by "Apply", never saved as such."""

    days = MultiCheckboxField(_l("Jours"), choices=WEEKDAY_CHOICES[1:], validate_choice=False)
    intervals = FieldList(FormField(IntervalForm), min_entries=INTERVALS_PER_DAY,
                          max_entries=INTERVALS_PER_DAY)

    @property
    def is_filled(self) -> bool:
        return bool(self.days.data) or any(
            (f.data or "").strip() for entry in self.intervals for f in (entry.form.opens, entry.form.closes))

    def chosen_days(self) -> list[int]:
        """The ticked weekdays (anything else sent is ignored)."""
        return sorted({int(v) for v in self.days.data or [] if v in {str(d) for d in range(7)}})

    def check(self) -> bool:
        """At least one day and one interval, each interval right, none overlapping."""
        valid = all(entry.form.validate() for entry in self.intervals)
        intervals = [entry.form for entry in self.intervals]
        valid = not _overlaps(intervals) and valid
        if not self.chosen_days():
            self.days.errors = [_("Cochez au moins un jour.")]
            valid = False
        first = intervals[0]
        if valid and not any(f.opens.parsed for f in intervals) and not first.opens.errors:
            first.opens.errors.append(_("Indiquez les horaires à recopier."))
            valid = False
        return valid


class WeeklyHoursForm(EditForm):
    same = FormField(SameHoursForm)
    apply_same = SubmitField(_l("Appliquer à ces jours"))
    days = FieldList(FormField(DayForm), min_entries=7, max_entries=7)
    closed_on_public_holidays = BooleanField(
        _l("Fermé les jours fériés"),
        description=_l("Les habitants verront « Fermé » sur votre fiche les jours fériés."))

    def validate(self, extra_validators=None) -> bool:
        """Field checks of the open days, then: the intervals of a day must not overlap."""
        super().validate(extra_validators)
        # The "same hours" block is checked when it is applied (apply_same_hours), not here.
        for f in _leaves(self.same):
            f.errors = []
        for day in self.days:
            if day.form.closed.data:
                for f in _leaves(day.form.intervals):
                    f.errors = []
            else:
                _overlaps([entry.form for entry in day.form.intervals])
        return not any(f.errors for field in self for f in _leaves(field))

    def apply_same_hours(self) -> bool:
        """Copy the "same hours" block into the grid for its days, then empty the block, so
        that it is applied once; False (errors on the block) when it is not complete."""
        same = self.same.form
        if not same.check():
            return False
        for weekday in same.chosen_days():
            day = self.days[weekday].form
            day.closed.data = False
            for i, entry in enumerate(day.intervals):
                source = same.intervals[i].form if i < len(same.intervals) else None
                for name in ("opens", "closes"):
                    getattr(entry.form, name).data = getattr(source, name).data if source else ""
                    getattr(entry.form, name).errors = []
                entry.form.overnight.data = bool(source and source.overnight.data)
        same.days.data = []
        for entry in same.intervals:
            entry.form.opens.data = entry.form.closes.data = ""
            entry.form.overnight.data = False
        return True


class ExceptionForm(EditForm):
    day = DateText(_l("Date"), validators=[DataRequired(message=_l("Indiquez la date."))],
                   description=_l("Ce jour-là, votre fiche publique affichera ces horaires à la place "
                                  "des horaires habituels. Par exemple : 24/12/2026"))
    closed = BooleanField(_l("Fermé toute la journée"),
                          description=_l("Les habitants verront « Fermé » ce jour-là."))
    opens = TimeText(_l("Ouverture ce jour-là"),
                     description=_l("Laissez vide si vous avez coché « Fermé toute la journée »."))
    closes = TimeText(_l("Fermeture ce jour-là"))
    label = StringField(_l("Motif (affiché au public)"), filters=[strip], validators=[Length(max=200)],
                        description=_l("Affiché à côté de la date. Par exemple : pont de l'Ascension, "
                                       "journée portes ouvertes."))

    def validate_closes(self, field):
        if self.closed.data or self.opens.errors or field.errors:
            return
        opens, closes = self.opens.parsed, field.parsed
        if opens is None or closes is None:
            raise ValidationError(_("Indiquez les heures d'ouverture de ce jour-là, ou cochez "
                                    "« Fermé toute la journée »."))
        if closes <= opens and (closes.hour, closes.minute) != (0, 0):
            raise ValidationError(_("La fermeture doit être après l'ouverture."))


class ClosureForm(EditForm):
    start = DateText(_l("Premier jour de fermeture"), validators=[
        DataRequired(message=_l("Indiquez le premier jour de fermeture."))],
        description=_l("Dès ce jour, votre fiche publique affichera « Fermé temporairement ». "
                       "Par exemple : 01/08/2026"))
    end = DateText(_l("Dernier jour de fermeture"), validators=[
        DataRequired(message=_l("Indiquez le dernier jour de fermeture."))],
        description=_l("Le lendemain, votre fiche affichera de nouveau vos horaires habituels."))
    message = StringField(_l("Message pour le public"), filters=[strip], validators=[Length(max=300)],
                          description=_l("Affiché en haut de votre fiche pendant la fermeture. Par "
                                         "exemple : fermé pour travaux, les colis sont distribués à "
                                         "la mairie de quartier."))

    def validate_end(self, field):
        if self.start.parsed and field.parsed and field.parsed < self.start.parsed:
            raise ValidationError(_("Le dernier jour doit être le même que le premier ou après."))
