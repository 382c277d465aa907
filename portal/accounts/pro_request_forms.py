"""Forms of the account requests: the public request form and the administrator's decision."""

from __future__ import annotations

from wtforms import EmailField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, ValidationError

from portal.accounts.pro_requests import is_webmail
from portal.edge import PortalForm
from portal.feedback.forms import GuardedForm
from portal.i18n import _l
from portal.partners.fields import strip

MESSAGE_MAX = 1000
REASON_MAX = 500


def _work_address(_form, field) -> None:
    if field.data and is_webmail(field.data):
        raise ValidationError(str(_l("Utilisez l'adresse e-mail de votre structure : les adresses "
                                     "personnelles (Gmail, Orange, Free…) ne sont pas acceptées.")))


class ProRequestForm(GuardedForm):
    """"Demander un compte professionnel": who, where they work, why (honeypot and stamp as the
    feedback forms)."""

    name = StringField(_l("Prénom et nom"), filters=[strip], validators=[
        DataRequired(message=_l("Indiquez votre prénom et votre nom.")), Length(max=120)])
    email = EmailField(
        _l("Adresse e-mail professionnelle"),
        description=_l("L'adresse de votre structure, par exemple : prenom.nom@ccas-lille.fr. "
                       "L'invitation y sera envoyée."),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Indiquez votre adresse e-mail professionnelle.")),
            Length(max=254),
            Email(message=_l("Cette adresse e-mail n'est pas valide, par exemple : nom@exemple.fr.")),
            _work_address,
        ],
    )
    organisation = StringField(
        _l("Structure"), description=_l("Par exemple : Centre social de Fives, CCAS de Lille."),
        filters=[strip],
        validators=[DataRequired(message=_l("Indiquez la structure où vous travaillez.")), Length(max=200)])
    job = StringField(
        _l("Fonction"), description=_l("Par exemple : assistante sociale, conseiller en insertion."),
        filters=[strip], validators=[Length(max=120)])
    message = TextAreaField(
        _l("Message pour l'équipe du CCAS"),
        description=_l("Facultatif. %(n)s caractères au plus.", n=MESSAGE_MAX),
        filters=[strip],
        validators=[Length(max=MESSAGE_MAX, message=_l("%(n)s caractères au plus : raccourcissez le texte.",
                                                       n=MESSAGE_MAX))],
    )


class ApproveForm(PortalForm):
    """The "Accepter" button of a request (CSRF only)."""


class RefuseForm(PortalForm):
    """The "Refuser" button of a request, with a reason for the e-mail."""

    reason = TextAreaField(
        _l("Raison du refus"),
        description=_l("Facultative. Elle sera écrite dans l'e-mail envoyé à la personne. "
                       "%(n)s caractères au plus.", n=REASON_MAX),
        filters=[strip],
        validators=[Length(max=REASON_MAX, message=_l("%(n)s caractères au plus.", n=REASON_MAX))],
    )
