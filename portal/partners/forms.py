"""Forms of the partner space. Labels are lazily translated; values are checked and normalised
here (see fields.py), and every form carries the version it was opened on."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from portal.directory import constants as dc
from portal.edge import PortalForm
from portal.i18n import _, _l
from portal.partners.fields import (
    DateText,
    TimeText,
    normalised,
    parse_phone,
    parse_postcode,
    parse_url,
    strip,
)

PRESENTATION_MAX = 3000
INTERVALS_PER_DAY = 2
# An imported day may have more intervals; the grid shows them all rather than drop some.
MAX_INTERVALS_PER_DAY = 6


def _choices(mapping: dict) -> list[SelectChoice]:
    return [SelectChoice(code, str(text)) for code, text in mapping.items()]


class EditForm(PortalForm):
    """Base of every edit: the version of the listing the form was filled from."""

    base_version = HiddenField()
    base_revision = HiddenField()

    def base(self) -> tuple[int, int | None]:
        """(version, pending revision id) as sent back; garbage counts as a stale form."""
        try:
            version = int(self.base_version.data or -1)
            revision = int(self.base_revision.data) if self.base_revision.data else None
        except ValueError:
            return -1, None
        return version, revision


class PresentationForm(EditForm):
    presentation = TextAreaField(
        _l("Présentation"),
        description=_l("En quelques phrases simples : qui vous êtes, ce que vous faites, pour qui. "
                       "%(n)s caractères au plus.", n=PRESENTATION_MAX),
        filters=[strip], validators=[Length(max=PRESENTATION_MAX)],
    )
    phone = StringField(_l("Téléphone"), description=_l("Par exemple : 03 20 00 00 00"),
                        filters=[strip], validators=[Length(max=30), normalised(parse_phone)])
    email = StringField(_l("E-mail de contact"), filters=[strip], validators=[
        Optional(), Length(max=200),
        Email(message=_l("Cette adresse e-mail n'est pas valide, par exemple : contact@exemple.fr."))])
    website = StringField(_l("Site web"), description=_l("Par exemple : https://www.exemple.fr"),
                          filters=[strip], validators=[Length(max=300), normalised(parse_url)])
    address = StringField(_l("Adresse"), filters=[strip], validators=[
        DataRequired(message=_l("Indiquez l'adresse du lieu.")), Length(max=200)])
    address_extra = StringField(_l("Complément d'adresse"), filters=[strip],
                                description=_l("Bâtiment, étage, entrée…"), validators=[Length(max=200)])
    postcode = StringField(_l("Code postal"), filters=[strip], validators=[
        DataRequired(message=_l("Indiquez le code postal.")), Length(max=10), normalised(parse_postcode)])
    city = StringField(_l("Commune"), filters=[strip], validators=[
        DataRequired(message=_l("Indiquez la commune.")), Length(max=80)])
    accessibility = SelectField(_l("Accès en fauteuil roulant"), choices=_choices(dc.ACCESSIBILITY))
    accessibility_note = StringField(_l("Précisions sur l'accès"), filters=[strip],
                                     validators=[Length(max=300)])
    languages = SelectMultipleField(_l("Langues parlées à l'accueil"), choices=_choices(dc.LANGUAGES))


# Where a service is given (the "Où ce service est-il rendu ?" choice). Stored as the service's
# own place, its stops, or the reception mode "a-distance" alone; never as this code.
HERE, ELSEWHERE, STOPS, REMOTE_ONLY = "ici", "ailleurs", "tournee", "distance"
WHERE = {
    HERE: _l("À notre adresse"),
    ELSEWHERE: _l("Dans un autre lieu (par exemple une permanence en mairie de quartier)"),
    STOPS: _l("Dans plusieurs lieux, à tour de rôle (par exemple un bus)"),
    REMOTE_ONLY: _l("Uniquement à distance (téléphone, visio)"),
}
STOP_ROWS = 3  # empty rows offered at the end of the stops table
MAX_STOPS = 30
WEEKDAY_CHOICES = [SelectChoice("", _l("Choisir un jour")), *(
    SelectChoice(str(day), text) for day, text in enumerate(
        (_l("Lundi"), _l("Mardi"), _l("Mercredi"), _l("Jeudi"), _l("Vendredi"), _l("Samedi"),
         _l("Dimanche"))))]


class StopForm(Form):
    """One stop of a service given at several places in turn; a row left empty is ignored."""

    place_name = StringField(_l("Nom du lieu"), filters=[strip], validators=[Length(max=200)])
    address = StringField(_l("Adresse"), filters=[strip], validators=[Length(max=200)])
    postcode = StringField(_l("Code postal"), filters=[strip],
                           validators=[Length(max=10), normalised(parse_postcode)])
    city = StringField(_l("Commune"), filters=[strip], validators=[Length(max=80)])
    weekday = SelectField(_l("Jour"), choices=WEEKDAY_CHOICES, default="")
    opens = TimeText(_l("Début"))
    closes = TimeText(_l("Fin"))

    @property
    def is_empty(self) -> bool:
        return not any((f.data or "").strip() for f in (self.place_name, self.address, self.postcode,
                                                          self.city, self.weekday, self.opens, self.closes))

    def check_filled(self) -> bool:
        """A row that is not empty needs an address, a day and its hours (errors on the fields)."""
        ok = True
        for f, message in ((self.address, _("Indiquez l'adresse de ce lieu.")),
                           (self.weekday, _("Choisissez le jour.")),
                           (self.opens, _("Indiquez l'heure de début.")),
                           (self.closes, _("Indiquez l'heure de fin."))):
            if not (f.data or "").strip() and not f.errors:
                f.errors.append(message)
                ok = False
        opens, closes = self.opens.parsed, self.closes.parsed
        if opens and closes and closes <= opens and not self.closes.errors:
            self.closes.errors.append(_("La fin doit être après le début."))
            ok = False
        return ok


class ServiceForm(EditForm):
    name = StringField(_l("Nom du service"), filters=[strip], validators=[
        DataRequired(message=_l("Donnez un nom au service.")), Length(max=200)])
    description = TextAreaField(_l("Description"), filters=[strip], validators=[Length(max=2000)])
    subneeds = SelectMultipleField(_l("Besoins auxquels le service répond"), validators=[
        DataRequired(message=_l("Choisissez au moins un besoin."))])
    audiences = SelectMultipleField(_l("Pour qui"), choices=_choices(dc.AUDIENCES))
    fees = SelectField(_l("Prix"), choices=_choices(dc.FEES))
    fees_detail = StringField(_l("Précisions sur le prix"), filters=[strip], validators=[Length(max=300)])
    access_modes = SelectMultipleField(_l("Comment y accéder"), choices=_choices(dc.ACCESS_MODES))
    documents = TextAreaField(_l("À apporter"), filters=[strip], validators=[Length(max=1000)])
    languages = SelectMultipleField(_l("Langues parlées pour ce service"), choices=_choices(dc.LANGUAGES))
    where = RadioField(_l("Où ce service est-il rendu ?"), choices=_choices(WHERE), default=HERE,
                       validate_choice=False)
    place_name = StringField(_l("Nom du lieu"), filters=[strip], validators=[Length(max=200)],
                             description=_l("Par exemple : Mairie de quartier de Fives"))
    place_address = StringField(_l("Adresse du lieu"), filters=[strip], validators=[Length(max=200)])
    place_postcode = StringField(_l("Code postal du lieu"), filters=[strip],
                                 validators=[Length(max=10), normalised(parse_postcode)])
    place_city = StringField(_l("Commune du lieu"), filters=[strip], validators=[Length(max=80)])
    # Shown once the address could not be placed on the map: ticked, the address is kept as typed.
    place_unlocated = BooleanField(_l("Enregistrer cette adresse telle quelle, sans position sur la carte"))
    also_remote = BooleanField(_l("Ce service est aussi rendu à distance (téléphone, visio)"))
    stops = FieldList(FormField(StopForm), min_entries=1, max_entries=MAX_STOPS)
    add_stop = SubmitField(_l("Ajouter une ligne"))

    def validate(self, extra_validators=None) -> bool:
        """Field checks, then what the chosen place needs: an address, or at least one stop."""
        super().validate(extra_validators)
        if self.where.data not in WHERE:
            self.where.errors = [_("Choisissez où ce service est rendu.")]
            return False
        # Rows of a choice not taken are not saved: what is wrong in them does not matter.
        if self.where.data != ELSEWHERE:
            for f in (self.place_name, self.place_address, self.place_postcode, self.place_city):
                f.errors = []
        if self.where.data != STOPS:
            for entry in self.stops:
                for f in entry.form:
                    f.errors = []
            self.stops.errors = []
        valid = not any(f.errors for f in self if f.name != "stops") and not any(
            f.errors for entry in self.stops for f in entry.form)
        if self.where.data == ELSEWHERE:
            for f, message in ((self.place_address, _("Indiquez l'adresse du lieu.")),
                               (self.place_city, _("Indiquez la commune du lieu."))):
                if not f.data and not f.errors:
                    f.errors = [*f.errors, message]
                    valid = False
        elif self.where.data == STOPS:
            rows = [entry.form for entry in self.stops if not entry.form.is_empty]
            for row in rows:
                valid = row.check_filled() and valid
            if not rows:
                first = self.stops[0].form.address
                first.errors = [*first.errors, _("Indiquez au moins un lieu de passage.")]
                valid = False
        return valid


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
    intervals = FieldList(FormField(IntervalForm), min_entries=INTERVALS_PER_DAY,
                          max_entries=MAX_INTERVALS_PER_DAY)


def _minutes(opens, closes) -> tuple[int, int]:
    start, end = opens.hour * 60 + opens.minute, closes.hour * 60 + closes.minute
    return start, end if end > start else end + 24 * 60


class WeeklyHoursForm(EditForm):
    days = FieldList(FormField(DayForm), min_entries=7, max_entries=7)
    closed_on_public_holidays = BooleanField(_l("Fermé les jours fériés"))

    def validate(self, extra_validators=None) -> bool:
        """Field checks, then: the two intervals of a day must not overlap."""
        valid = super().validate(extra_validators)
        for day in self.days:
            filled = [entry.form for entry in day.form.intervals
                      if not entry.form.errors and entry.form.opens.parsed and entry.form.closes.parsed]
            for i, later in enumerate(filled[1:], start=1):
                b = _minutes(later.opens.parsed, later.closes.parsed)
                if any(a[0] < b[1] and b[0] < a[1]
                       for a in (_minutes(f.opens.parsed, f.closes.parsed) for f in filled[:i])):
                    later.opens.errors.append(_("Ce créneau chevauche un autre créneau de la journée."))
                    valid = False
        return valid


class ExceptionForm(EditForm):
    day = DateText(_l("Date"), validators=[DataRequired(message=_l("Indiquez la date."))])
    closed = BooleanField(_l("Fermé toute la journée"))
    opens = TimeText(_l("Ouverture ce jour-là"))
    closes = TimeText(_l("Fermeture ce jour-là"))
    label = StringField(_l("Motif (affiché au public)"), filters=[strip], validators=[Length(max=200)],
                        description=_l("Par exemple : pont de l'Ascension, journée portes ouvertes."))

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
        DataRequired(message=_l("Indiquez le premier jour de fermeture."))])
    end = DateText(_l("Dernier jour de fermeture"), validators=[
        DataRequired(message=_l("Indiquez le dernier jour de fermeture."))])
    message = StringField(_l("Message pour le public"), filters=[strip], validators=[Length(max=300)],
                          description=_l("Par exemple : fermé pour travaux, les colis sont distribués "
                                         "à la mairie de quartier."))

    def validate_end(self, field):
        if self.start.parsed and field.parsed and field.parsed < self.start.parsed:
            raise ValidationError(_("Le dernier jour doit être le même que le premier ou après."))


class ActionForm(EditForm):
    """A button that changes the listing (archive a service, remove an exception…)."""


class ConfirmForm(PortalForm):
    """The "my information is up to date" button (CSRF only)."""
