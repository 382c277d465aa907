"""The two public forms, and what guards them without a third-party captcha: a honeypot field
people never see, and a signed stamp of when the form was shown (a form sent back within a
second or two was not filled in by a person)."""

from __future__ import annotations

import time

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, StopValidation

from portal.edge import PortalForm
from portal.feedback.constants import NOTE_MAX, OFFER_TEXT_MAX, REPORT_CODES, REPORT_TEXT_MAX
from portal.i18n import _, _l
from portal.partners.fields import normalised, parse_phone, parse_postcode, parse_url, strip

# A person needs more than this to fill in either form; a robot sends at once.
MIN_SECONDS = 2
# Beyond this the stamp is refused: the page asks to check and send again.
MAX_AGE_SECONDS = 24 * 3600
_SALT = "feedback-form-shown-at"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def form_stamp(shown_at: float | None = None) -> str:
    """The signed time a form was shown (now unless told), for its hidden field."""
    return _serializer().dumps(round(time.time() if shown_at is None else shown_at, 1))


def stamp_age(value: str | None) -> float | None:
    """Seconds since the form carrying `value` was shown; None if forged, garbled or expired."""
    try:
        shown_at = _serializer().loads(value or "")
    except (BadSignature, ValueError, TypeError):
        return None
    if isinstance(shown_at, bool) or not isinstance(shown_at, int | float):
        return None
    age = time.time() - shown_at
    # A little slack below zero: servers behind one load balancer never share one clock exactly.
    return age if -30 <= age <= MAX_AGE_SECONDS else None


def _one_of(choices, message):
    """Validator: the value must be one of `choices` (a code never typed, so one message)."""

    def check(_form, field):
        if field.data not in choices:
            raise StopValidation(str(message))

    check.field_flags = {"required": True}  # the legend says "(obligatoire)"
    return check


EMAIL_HINT = _l("Facultatif. L'équipe s'en sert seulement pour vous poser une question ; il n'est "
                "jamais affiché et il est effacé après quelques mois.")
EMAIL_VALIDATORS = [
    Optional(), Length(max=254),
    Email(message=_l("Cette adresse e-mail n'est pas valide, par exemple : nom@exemple.fr.")),
]


class GuardedForm(PortalForm):
    """A public form with a honeypot and the stamp of when it was shown."""

    # Hidden from people (visually, and out of the tab order); robots fill every field. Its name
    # is one a browser's autofill has no reason to fill.
    reference_dossier = StringField(_l("Ne pas remplir ce champ"))
    shown_at = HiddenField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.stamp_refused = False
        if not self.is_submitted():
            self.shown_at.data = form_stamp()

    def is_robot(self) -> bool:
        """The honeypot was filled in."""
        return bool((self.reference_dossier.data or "").strip())

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if stamp_age(self.shown_at.data) is None:
            self.stamp_refused = True
            # Shown again with what was typed: the next sending is a person's second one, so it
            # is not held for being quick.
            self.shown_at.data = form_stamp(time.time() - MIN_SECONDS - 1)
            return False
        return valid

    def sent_too_fast(self) -> bool:
        """Sent sooner after being shown than a person could have filled it in."""
        age = stamp_age(self.shown_at.data)
        return age is not None and age < MIN_SECONDS


class ReportForm(GuardedForm):
    """The "Signaler une erreur" form of a listing."""

    code = RadioField(
        _l("Qu'est-ce qui est faux sur cette fiche ?"),
        choices=[SelectChoice(code, text) for code, text in REPORT_CODES.items()],
        validate_choice=False,
        validators=[_one_of(REPORT_CODES, _l("Choisissez ce qui est faux sur la fiche."))],
    )
    text = TextAreaField(
        _l("Ce qui a changé"),
        description=_l("Par exemple : « fermé le mercredi depuis septembre » ou « le numéro est "
                       "maintenant le 03 20 00 00 00 ». %(n)s caractères au plus.", n=REPORT_TEXT_MAX),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Dites en quelques mots ce qui a changé.")),
            Length(max=REPORT_TEXT_MAX, message=_l("%(n)s caractères au plus : raccourcissez le texte.",
                                                   n=REPORT_TEXT_MAX)),
        ],
    )
    email = EmailField(_l("Votre e-mail si l'équipe peut vous poser une question"),
                       description=EMAIL_HINT, filters=[strip], validators=EMAIL_VALIDATORS)
    is_professional = BooleanField(
        _l("Je suis un professionnel (travailleur social, bénévole, agent d'accueil…)"))


class ProposalForm(GuardedForm):
    """The "Proposer un lieu" form. The need's choices are the 12 needs, set by the view."""

    need_codes: frozenset[str] | set[str] = frozenset()

    name = StringField(_l("Nom du lieu"), filters=[strip], validators=[
        DataRequired(message=_l("Indiquez le nom du lieu.")), Length(max=200)])
    address = StringField(_l("Adresse"), description=_l("Par exemple : 12 rue de Paris"),
                          filters=[strip], validators=[Length(max=200)])
    postcode = StringField(_l("Code postal"), filters=[strip],
                           validators=[Length(max=10), normalised(parse_postcode)])
    city = StringField(_l("Commune"), filters=[strip], validators=[
        DataRequired(message=_l("Indiquez la commune, par exemple : Lille.")), Length(max=80)])
    phone = StringField(_l("Téléphone"), description=_l("Par exemple : 03 20 00 00 00"),
                        filters=[strip], validators=[Length(max=30), normalised(parse_phone)])
    website = StringField(_l("Site web"), description=_l("Par exemple : https://www.exemple.fr"),
                          filters=[strip], validators=[Length(max=300), normalised(parse_url)])
    offer = TextAreaField(
        _l("Ce que le lieu propose"),
        description=_l("Pour qui, quoi, quand : par exemple « colis alimentaires le mardi matin, "
                       "sur orientation d'un travailleur social ». %(n)s caractères au plus.",
                       n=OFFER_TEXT_MAX),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Dites en quelques mots ce que le lieu propose.")),
            Length(max=OFFER_TEXT_MAX, message=_l("%(n)s caractères au plus : raccourcissez le texte.",
                                                  n=OFFER_TEXT_MAX)),
        ],
    )
    need = SelectField(_l("Le besoin auquel il répond"), validate_choice=False, default="")
    email = EmailField(_l("Votre e-mail si l'équipe peut vous poser une question"),
                       description=EMAIL_HINT, filters=[strip], validators=EMAIL_VALIDATORS)
    represents_place = BooleanField(_l("Je représente ce lieu"))

    def validate_need(self, field) -> None:
        if field.data and field.data not in self.need_codes:
            raise StopValidation(_("Choisissez un besoin de la liste, ou « Je ne sais pas »."))

    def offer_needs(self, needs: list[tuple[str, str]]) -> None:
        """The choices of the need: (slug, label) of the 12 needs, after "Je ne sais pas"."""
        self.need.choices = [SelectChoice("", _("Je ne sais pas")),
                             *(SelectChoice(slug, text) for slug, text in needs)]
        self.need_codes = {slug for slug, _label in needs}


# The back office ----------------------------------------------------------------------------


class HandledForm(PortalForm):
    """The "Traité" button of a report (CSRF only)."""


class AcceptForm(PortalForm):
    """The "Accepter" button of a proposal (CSRF only)."""


class CloseForm(PortalForm):
    """The "Doublon" and "Refuser" buttons of a proposal, with a note for the team."""

    note = TextAreaField(
        _l("Note pour l'équipe"),
        description=_l("Facultative. Par exemple : l'adresse de la fiche qui existe déjà."),
        filters=[strip],
        validators=[Length(max=NOTE_MAX, message=_l("%(n)s caractères au plus.", n=NOTE_MAX))],
    )
