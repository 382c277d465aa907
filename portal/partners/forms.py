"""Forms of the partner space. Labels are lazily translated; values are checked and normalised
here (see fields.py), and every form carries the version it was opened on."""

from __future__ import annotations

from flask import request
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional

from portal.directory import constants as dc
from portal.edge import PortalForm
from portal.i18n import _, _l
from portal.partners.fields import (
    MultiCheckboxField,
    TimeText,
    normalised,
    parse_phone,
    parse_postcode,
    parse_url,
    strip,
)

PRESENTATION_MAX = 3000


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


# Each description says what residents will read on the public page, then how to write it.
class PresentationForm(EditForm):
    presentation = TextAreaField(
        _l("Présentation"),
        description=_l("Affichée en haut de votre fiche publique. En quelques phrases simples : qui "
                       "vous êtes, ce que vous faites, pour qui. %(n)s caractères au plus.",
                       n=PRESENTATION_MAX),
        filters=[strip], validators=[Length(max=PRESENTATION_MAX)],
    )
    phone = StringField(_l("Téléphone"),
                        description=_l("Les habitants verront ce numéro comme un lien d'appel. "
                                       "Par exemple : 03 20 00 00 00"),
                        filters=[strip], validators=[Length(max=30), normalised(parse_phone)])
    email = StringField(_l("E-mail de contact"), filters=[strip],
                        description=_l("Affiché sur votre fiche publique : les habitants pourront "
                                       "vous écrire à cette adresse."),
                        validators=[Optional(), Length(max=200), Email(message=_l(
                            "Cette adresse e-mail n'est pas valide, par exemple : contact@exemple.fr."))])
    website = StringField(_l("Site web"),
                          description=_l("Affiché sur votre fiche publique comme un lien. "
                                         "Par exemple : https://www.exemple.fr"),
                          filters=[strip], validators=[Length(max=300), normalised(parse_url)])
    address = StringField(_l("Adresse"), filters=[strip],
                          description=_l("Affichée sur votre fiche publique et placée sur la carte. "
                                         "Par exemple : 12 rue de Paris"),
                          validators=[DataRequired(message=_l("Indiquez l'adresse du lieu.")),
                                      Length(max=200)])
    address_extra = StringField(_l("Complément d'adresse"), filters=[strip],
                                description=_l("Affiché sous l'adresse : bâtiment, étage, entrée…"),
                                validators=[Length(max=200)])
    postcode = StringField(_l("Code postal"), filters=[strip],
                           description=_l("Affiché avec l'adresse. Par exemple : 59000"),
                           validators=[DataRequired(message=_l("Indiquez le code postal.")),
                                       Length(max=10), normalised(parse_postcode)])
    city = StringField(_l("Commune"), filters=[strip],
                       description=_l("Affichée avec l'adresse. Par exemple : Lille"),
                       validators=[DataRequired(message=_l("Indiquez la commune.")), Length(max=80)])
    accessibility = SelectField(_l("Accès en fauteuil roulant"), choices=_choices(dc.ACCESSIBILITY),
                                description=_l("Affiché sur votre fiche publique : les personnes en "
                                               "fauteuil roulant le lisent avant de se déplacer."))
    accessibility_note = StringField(_l("Précisions sur l'accès"), filters=[strip],
                                     description=_l("Affichées à la suite. Par exemple : rampe par "
                                                    "l'entrée de la cour, ascenseur."),
                                     validators=[Length(max=300)])
    languages = MultiCheckboxField(_l("Langues parlées à l'accueil"), choices=_choices(dc.LANGUAGES),
                                   description=_l("Affichées sur votre fiche publique après "
                                                  "« Langues parlées »."))


PRO_TEXT_MAX = 2000
PRO_DOCUMENTS_MAX = 1000


class ProForm(EditForm):
    """What the partner writes for signed-in professionals only: never on the public page."""

    pro_phone = StringField(_l("Ligne directe pour les professionnels"), filters=[strip],
                            description=_l("Un numéro réservé aux professionnels, qui ne sera pas "
                                           "donné au public. Par exemple : 03 20 00 00 00"),
                            validators=[Length(max=30), normalised(parse_phone)])
    pro_contact = StringField(_l("Contact pour les orientations"), filters=[strip],
                              description=_l("La personne ou le service qui reçoit les orientations. "
                                             "Par exemple : Mme Martin, assistante sociale"),
                              validators=[Length(max=200)])
    pro_email = StringField(_l("E-mail des demandes d'orientation"), filters=[strip],
                            description=_l("Les demandes d'orientation envoyées par les professionnels "
                                           "arrivent à cette adresse. Laissée vide, elles arrivent aux "
                                           "membres de votre espace et à l'adresse de contact de la "
                                           "fiche."),
                            validators=[Optional(), Length(max=200), Email(message=_l(
                                "Cette adresse e-mail n'est pas valide, par exemple : "
                                "orientation@exemple.fr."))])
    pro_procedure = TextAreaField(_l("Procédure d'orientation"), filters=[strip],
                                  description=_l("Comment un professionnel vous oriente quelqu'un : "
                                                 "fiche de liaison, appel préalable, rendez-vous… "
                                                 "%(n)s caractères au plus.", n=PRO_TEXT_MAX),
                                  validators=[Length(max=PRO_TEXT_MAX)])
    pro_documents = TextAreaField(_l("Documents à joindre à une orientation"), filters=[strip],
                                  description=_l("Par exemple : fiche de liaison, évaluation sociale, "
                                                 "justificatif de ressources. %(n)s caractères au plus.",
                                                 n=PRO_DOCUMENTS_MAX),
                                  validators=[Length(max=PRO_DOCUMENTS_MAX)])


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
    name = StringField(_l("Nom du service"), filters=[strip],
                       description=_l("Le titre du service sur votre fiche publique. Par exemple : "
                                      "Colis alimentaires du mardi"),
                       validators=[DataRequired(message=_l("Donnez un nom au service.")), Length(max=200)])
    description = TextAreaField(_l("Description"), filters=[strip],
                                description=_l("Affichée sur votre fiche publique, sous le nom du "
                                               "service. En quelques phrases simples : ce que vous "
                                               "faites, comment cela se passe."),
                                validators=[Length(max=2000)])
    subneeds = MultiCheckboxField(
        _l("Besoins auxquels le service répond"),
        description=_l("Les habitants trouveront ce service en cherchant ces besoins. Ouvrez un "
                       "thème pour cocher ses besoins."),
        validators=[DataRequired(message=_l("Choisissez au moins un besoin."))])
    audiences = MultiCheckboxField(_l("Pour qui"), choices=_choices(dc.AUDIENCES),
                                   description=_l("Affiché après « Pour qui » sur votre fiche publique. "
                                                  "Cochez « Tout le monde » si le service est ouvert "
                                                  "à tous."))
    fees = SelectField(_l("Prix"), choices=_choices(dc.FEES),
                       description=_l("Affiché après « Prix » sur votre fiche publique."))
    fees_detail = StringField(_l("Précisions sur le prix"), filters=[strip],
                              description=_l("Affichées à la suite du prix. Par exemple : 2 € par "
                                             "colis"),
                              validators=[Length(max=300)])
    access_modes = MultiCheckboxField(_l("Comment y accéder"), choices=_choices(dc.ACCESS_MODES),
                                      description=_l("Affiché après « Comment y accéder ». Les "
                                                     "habitants peuvent chercher les services sans "
                                                     "rendez-vous."))
    documents = TextAreaField(_l("À apporter"), filters=[strip],
                              description=_l("Affiché après « À apporter ». Par exemple : pièce "
                                             "d'identité, justificatif de domicile."),
                              validators=[Length(max=1000)])
    languages = MultiCheckboxField(_l("Langues parlées pour ce service"), choices=_choices(dc.LANGUAGES),
                                   description=_l("Affichées après « Langues » sous ce service."))
    where = RadioField(_l("Où ce service est-il rendu ?"), choices=_choices(WHERE), default=HERE,
                       validate_choice=False,
                       description=_l("Les habitants verront où se rendre pour ce service."))
    place_name = StringField(_l("Nom du lieu"), filters=[strip], validators=[Length(max=200)],
                             description=_l("Les habitants liront « Ce service a lieu à » suivi de "
                                            "ce nom. Par exemple : Mairie de quartier de Fives"))
    place_address = StringField(_l("Adresse du lieu"), filters=[strip], validators=[Length(max=200)],
                                description=_l("Affichée avec le nom du lieu et placée sur la carte."))
    place_postcode = StringField(_l("Code postal du lieu"), filters=[strip],
                                 description=_l("Par exemple : 59000"),
                                 validators=[Length(max=10), normalised(parse_postcode)])
    place_city = StringField(_l("Commune du lieu"), filters=[strip], validators=[Length(max=80)],
                             description=_l("Par exemple : Lille"))
    # Shown once the address could not be placed on the map: ticked, the address is kept as typed.
    place_unlocated = BooleanField(_l("Enregistrer cette adresse telle quelle, sans position sur la carte"),
                                   description=_l("Les habitants verront l'adresse, mais pas de point "
                                                  "sur la carte."))
    also_remote = BooleanField(_l("Ce service est aussi rendu à distance (téléphone, visio)"),
                               description=_l("Les habitants verront « À distance (téléphone, visio) » "
                                              "après « Où »."))
    accepts_orientations = BooleanField(
        _l("Ce service accepte les demandes d'orientation des professionnels"),
        description=_l("Les professionnels connectés pourront vous envoyer une demande d'orientation "
                       "pour ce service. Elle arrive par e-mail à l'adresse des demandes d'orientation "
                       "(page « Pour les professionnels ») ou, sans cette adresse, aux membres de votre "
                       "espace et à l'adresse de contact de la fiche. "
                       "Le public ne voit pas cette case."))
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


class ActionForm(EditForm):
    """A button that changes the listing (archive a service, remove an exception…)."""

    @classmethod
    def as_seen(cls, tokens: dict) -> ActionForm:
        """The button of a confirmation page, carrying the version of the page the person came
        from (sent along by its GET form) or else `tokens`, the current one."""
        if "base_version" not in request.args:
            return cls(data=tokens)
        return cls(data={"base_version": request.args.get("base_version"),
                         "base_revision": request.args.get("base_revision", "")})


class ConfirmForm(PortalForm):
    """The "my information is up to date" button (CSRF only)."""
