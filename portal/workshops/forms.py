"""The workshop form of the partner space and the back office: what a workshop is, when, where,
how to register. Values are checked here with messages for the person, next to the field."""

from __future__ import annotations

from datetime import date, timedelta

from wtforms import BooleanField, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, ValidationError

from portal.edge import PortalForm
from portal.i18n import _, _l
from portal.partners.fields import (
    DateText,
    MultiCheckboxField,
    TimeText,
    normalised,
    parse_date,
    parse_phone,
    parse_postcode,
    parse_url,
    strip,
)
from portal.workshops import constants as wc
from portal.workshops import recurrence

MAX_SPAN_DAYS = 366  # a recurrence is planned for at most twelve months
FREE, PAID = "free", "paid"


def _choices(mapping: dict) -> list[SelectChoice]:
    return [SelectChoice(code, str(text)) for code, text in mapping.items()]


def _positive(form, field):
    text = (field.data or "").strip()
    if text and not (text.isdigit() and 0 < int(text) < 10000):
        raise ValidationError(_("Indiquez un nombre de places, par exemple : 12."))


class WorkshopForm(PortalForm):
    """One workshop, as its partner describes it."""

    title = StringField(_l("Titre"), filters=[strip],
                        description=_l("En mots simples. Par exemple : Premiers pas sur un smartphone"),
                        validators=[DataRequired(message=_l("Donnez un titre à l'atelier.")),
                                    Length(max=160)])
    description = TextAreaField(_l("Description"), filters=[strip],
                                description=_l("Ce que l'on y fait et ce qu'il faut apporter, en "
                                               "quelques phrases simples."),
                                validators=[DataRequired(message=_l("Décrivez l'atelier en quelques mots.")),
                                            Length(max=3000)])
    subneeds = MultiCheckboxField(_l("Besoins auxquels l'atelier répond"),
                                  description=_l("Les habitants trouveront l'atelier en cherchant ces "
                                                 "besoins. Ouvrez un thème pour cocher ses besoins."),
                                  validators=[DataRequired(message=_l("Choisissez au moins un besoin."))])
    level = RadioField(_l("Niveau"), choices=_choices(wc.LEVELS),
                       validators=[DataRequired(message=_l("Choisissez un niveau."))])
    audience = StringField(_l("Public"), filters=[strip], validators=[Length(max=200)],
                           description=_l("Facultatif. Par exemple : seniors, parents, demandeurs d'emploi"))

    first_day = DateText(_l("Date (ou première date)"), filters=[strip],
                         description=_l("Par exemple : 24/12/2026"),
                         validators=[DataRequired(message=_l("Indiquez la date de l'atelier."))])
    starts = TimeText(_l("Heure de début"), filters=[strip], description=_l("Par exemple : 14:00"),
                      validators=[DataRequired(message=_l("Indiquez l'heure de début."))])
    ends = TimeText(_l("Heure de fin"), filters=[strip], description=_l("Par exemple : 16:00"),
                    validators=[DataRequired(message=_l("Indiquez l'heure de fin."))])
    frequency = RadioField(_l("Fréquence"), choices=_choices(wc.FREQUENCIES), default=wc.ONCE,
                           validators=[DataRequired(message=_l("Choisissez une fréquence."))])
    until = DateText(_l("Jusqu'au"), filters=[strip],
                     description=_l("Obligatoire quand l'atelier se répète : la dernière date possible, "
                                    "12 mois au plus après la première."))
    skip_school_holidays = BooleanField(_l("Pas pendant les vacances scolaires"))
    exceptions = TextAreaField(_l("Dates où l'atelier n'a pas lieu"), filters=[strip],
                               description=_l("Une date par ligne, par exemple : 24/12/2026. Les jours "
                                              "fériés sont déjà retirés."))

    place_kind = RadioField(_l("Lieu"), choices=_choices(wc.PLACES), default=wc.AT_PARTNER,
                            validators=[DataRequired(message=_l("Choisissez où a lieu l'atelier."))])
    place_name = StringField(_l("Nom du lieu"), filters=[strip], validators=[Length(max=200)],
                             description=_l("Par exemple : Mairie de quartier de Fives"))
    address = StringField(_l("Adresse"), filters=[strip], validators=[Length(max=200)])
    postcode = StringField(_l("Code postal"), filters=[strip],
                           validators=[Length(max=10), normalised(parse_postcode)])
    city = StringField(_l("Commune"), filters=[strip], validators=[Length(max=80)])
    place_unlocated = BooleanField(_l("Enregistrer cette adresse telle quelle, sans position sur la carte"),
                                   description=_l("Les habitants verront l'adresse, mais pas de point "
                                                  "sur la carte."))
    online_url = StringField(_l("Lien de la séance en ligne"), filters=[strip],
                             description=_l("Par exemple : https://visio.exemple.fr/atelier"),
                             validators=[Length(max=300), normalised(parse_url)])

    fees = RadioField(_l("Prix"), choices=[SelectChoice(FREE, _l("Gratuit")),
                                           SelectChoice(PAID, _l("Payant"))], default=FREE)
    price = StringField(_l("Prix à payer"), filters=[strip], validators=[Length(max=120)],
                        description=_l("Si l'atelier est payant. Par exemple : 2 € la séance"))
    registration = RadioField(_l("Inscription"), choices=_choices(wc.REGISTRATIONS), default=wc.WALK_IN,
                              validators=[DataRequired(message=_l("Choisissez comment s'inscrire."))])
    registration_contact = StringField(_l("Téléphone, e-mail ou lien pour s'inscrire"), filters=[strip],
                                       description=_l("Selon le mode d'inscription choisi."),
                                       validators=[Length(max=300)])
    capacity = StringField(_l("Nombre de places"), filters=[strip], validators=[_positive],
                           description=_l("Facultatif."))
    full = BooleanField(_l("Complet : toutes les séances sont complètes"))

    def __init__(self, *args, is_new: bool = True, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_new = is_new
        self.today = today or date.today()
        self.exception_days: list[date] = []

    def validate(self, extra_validators=None) -> bool:
        """Each field alone, then what fields say together (dates, place, registration)."""
        valid = super().validate(extra_validators)
        checks = (self._check_dates, self._check_place, self._check_registration)
        return all([check() for check in checks]) and valid

    @staticmethod
    def _fail(field, message: str) -> bool:
        field.errors = [*field.errors, message]
        return False

    def _check_dates(self) -> bool:
        first, starts, ends = self.first_day.parsed, self.starts.parsed, self.ends.parsed
        ok = True
        if first is not None and self.is_new and first < self.today:
            ok = self._fail(self.first_day, _("Cette date est passée : indiquez une date à venir."))
        if starts is not None and ends is not None and ends <= starts:
            ok = self._fail(self.ends, _("L'heure de fin doit être après l'heure de début."))
        recurring = self.frequency.data in wc.FREQUENCIES and self.frequency.data != wc.ONCE
        until = self.until.parsed
        if recurring and until is None and not self.until.errors:
            ok = self._fail(self.until, _("Indiquez jusqu'à quand l'atelier se répète."))
        if recurring and first is not None and until is not None:
            if until <= first:
                ok = self._fail(self.until, _("Cette date doit être après la première date."))
            elif until > first + timedelta(days=MAX_SPAN_DAYS):
                ok = self._fail(self.until, _("Une répétition dure 12 mois au plus : choisissez une "
                                              "date plus proche, vous pourrez la prolonger ensuite."))
        if self.until.errors:
            return False  # the exceptions are judged against a valid span only
        return self._check_exceptions(first, until if recurring else None) and ok

    def _check_exceptions(self, first: date | None, until: date | None) -> bool:
        self.exception_days = []
        for line in (self.exceptions.data or "").splitlines():
            if not line.strip():
                continue
            try:
                day = parse_date(line)
            except ValueError:
                return self._fail(self.exceptions, _("« %(line)s » n'est pas une date : écrivez-la "
                                                     "comme 24/12/2026.", line=line.strip()[:40]))
            self.exception_days.append(day)
        if first is None or self.starts.parsed is None or self.ends.parsed is None or not self.exception_days:
            return True
        if until is None:
            return self._fail(self.exceptions, _("Un atelier à une seule date n'a pas de dates où il "
                                                 "n'a pas lieu : videz ce champ."))
        rule = recurrence.Rule(first_day=first, starts=self.starts.parsed, ends=self.ends.parsed,
                               frequency=self.frequency.data, until=until)
        planned = set(recurrence.dates(rule, first, until))
        for day in self.exception_days:
            if day not in planned:
                return self._fail(self.exceptions, _("Le %(day)s n'est pas une date de l'atelier : "
                                                     "vérifiez le jour et la période.",
                                                     day=day.strftime("%d/%m/%Y")))
        return True

    def _check_place(self) -> bool:
        ok = True
        if self.place_kind.data == wc.ONLINE and not self.online_url.data and not self.online_url.errors:
            ok = self._fail(self.online_url, _("Indiquez le lien de la séance en ligne."))
        if self.place_kind.data == wc.ELSEWHERE:
            for field, message in ((self.address, _("Indiquez l'adresse du lieu.")),
                                   (self.postcode, _("Indiquez le code postal.")),
                                   (self.city, _("Indiquez la commune."))):
                if not field.data and not field.errors:
                    ok = self._fail(field, message)
        return ok

    def _check_registration(self) -> bool:
        mode, contact = self.registration.data, self.registration_contact.data or ""
        field = self.registration_contact
        if mode == wc.WALK_IN or mode not in wc.REGISTRATIONS:
            return True
        missing = {wc.BY_PHONE: _("Indiquez le numéro de téléphone pour s'inscrire."),
                   wc.BY_EMAIL: _("Indiquez l'adresse e-mail pour s'inscrire."),
                   wc.BY_LINK: _("Indiquez le lien de la page d'inscription.")}
        if not contact:
            return self._fail(field, missing[mode])
        try:
            if mode == wc.BY_PHONE:
                field.data = parse_phone(contact)
            elif mode == wc.BY_LINK:
                field.data = parse_url(contact)
            else:
                Email()(self, field)
        except ValueError as error:
            return self._fail(field, str(error) if not isinstance(error, ValidationError) else _(
                "Cette adresse e-mail n'est pas valide, par exemple : contact@exemple.fr."))
        return True


class EventForm(WorkshopForm):
    """A network-wide event of the back office: who organises it, and no partner's address."""

    organiser = StringField(_l("Organisateur"), filters=[strip],
                            description=_l("Par exemple : CCAS de Lille"),
                            validators=[DataRequired(message=_l("Indiquez qui organise l'événement.")),
                                        Length(max=200)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.place_kind.choices = [c for c in _choices(wc.PLACES) if c.value != wc.AT_PARTNER]
        if self.place_kind.data == wc.AT_PARTNER:
            self.place_kind.data = wc.ELSEWHERE


class NoteForm(PortalForm):
    """A reason or a short note for residents (cancellations, refusals)."""

    note = StringField(_l("Message pour les habitants (facultatif)"), filters=[strip],
                       validators=[Length(max=300)])


class ReasonForm(PortalForm):
    """The reason of a refusal, required."""

    reason = TextAreaField(_l("Motif du refus"), filters=[strip],
                           description=_l("Le partenaire le lira sur la liste de ses ateliers."),
                           validators=[DataRequired(message=_l("Indiquez le motif du refus.")),
                                       Length(max=2000)])
