"""The form that sends a slip to the resident: by e-mail or SMS, in their language, with
their agreement. The address or number typed is checked here and used for the send only."""

from __future__ import annotations

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType
from wtforms import BooleanField, EmailField, RadioField, SelectChoice, StringField
from wtforms.validators import DataRequired, Email, Length, StopValidation

from portal.edge import PortalForm
from portal.i18n import LANGUAGES, _, _l
from portal.orientation.constants import EMAIL, SMS
from portal.partners.fields import strip

REGION = "FR"
# What a phone that receives text messages may be; a fixed line, a free or premium number may not.
MOBILE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}

CHANNEL_CHOICES = {EMAIL: _l("Par e-mail"), SMS: _l("Par SMS")}


def mobile_number(text: str) -> str:
    """A mobile phone number in E.164 form (+33612345678) from what a person types
    ("06 12 34 56 78", "+33 6…", "0033 6…"); ValueError with a clear message otherwise."""
    try:
        number = phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValueError(_("Ce numéro de téléphone n'est pas valide, par exemple : 06 12 34 56 78."))
    if phonenumbers.number_type(number) not in MOBILE_TYPES:
        raise ValueError(_("Ce numéro n'est pas un portable : un SMS ne peut pas y être envoyé."))
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def masked(number_e164: str) -> str:
    """A number as the result page may show it, its first and last two digits only:
    "06 •• •• •• 78", "+32 47• •• •• 56"."""
    number = phonenumbers.parse(number_e164, REGION)
    if number.country_code == 33:
        code, shown = "", phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    else:
        international = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
        code, space, shown = international.partition(" ")
        code += space
    digits = [i for i, c in enumerate(shown) if c.isdigit()]
    hidden = set(digits[2:-2])
    return code + "".join("•" if i in hidden else c for i, c in enumerate(shown))


class SendForm(PortalForm):
    """Send the selection's slip to the resident. The ids of its fields start with "send-"
    (their names do not), so that it can sit on a page beside another form with a language
    choice."""

    channel = RadioField(
        _l("Envoyer la fiche"),
        id="send-channel",
        choices=[SelectChoice(code, text) for code, text in CHANNEL_CHOICES.items()],
        validate_choice=False,
        default=SMS,
    )
    phone = StringField(
        _l("Son numéro de portable, pour un SMS"),
        id="send-phone",
        description=_l("Par exemple : 06 12 34 56 78. Il sert à cet envoi et n'est pas enregistré."),
        filters=[strip],
        validators=[Length(max=30, message=_l("Ce numéro est trop long."))],
    )
    email = EmailField(
        _l("Son adresse e-mail, pour un e-mail"),
        id="send-email",
        description=_l("Par exemple : nom@exemple.fr. Elle sert à cet envoi et n'est pas enregistrée."),
        filters=[strip],
        validators=[Length(max=254, message=_l("Cette adresse est trop longue."))],
    )
    locale = RadioField(
        _l("Langue du message"),
        id="send-locale",
        choices=[SelectChoice(code, name) for code, name in LANGUAGES.items()],
        validate_choice=False,
        default="fr",
    )
    consent = BooleanField(
        _l("La personne a accepté de recevoir ce message"),
        id="send-consent",
        validators=[DataRequired(message=_l("Demandez d'abord à la personne si elle accepte de recevoir "
                                            "ce message, puis cochez la case."))],
    )

    # The number in E.164 form once the form is valid; never stored anywhere.
    number_e164: str = ""
    def validate_channel(self, field) -> None:
        if field.data not in CHANNEL_CHOICES:
            raise StopValidation(_("Choisissez l'e-mail ou le SMS."))

    def validate_locale(self, field) -> None:
        if field.data not in LANGUAGES:
            raise StopValidation(_("Choisissez une langue de la liste."))

    def validate_phone(self, field) -> None:
        if self.channel.data != SMS:
            return
        if not field.data:
            raise StopValidation(_("Indiquez le numéro de portable de la personne."))
        try:
            self.number_e164 = mobile_number(field.data)
        except ValueError as error:
            raise StopValidation(str(error)) from error

    def validate_email(self, field) -> None:
        if self.channel.data != EMAIL:
            return
        if not field.data:
            raise StopValidation(_("Indiquez l'adresse e-mail de la personne."))
        Email(message=_("Cette adresse e-mail n'est pas valide, par exemple : nom@exemple.fr."))(self, field)

    @property
    def recipient(self) -> str:
        """Where the slip goes: the E.164 number or the e-mail address."""
        return self.number_e164 if self.channel.data == SMS else self.email.data
