"""The forms of an orientation request: the professional's request, and the partner's answer."""

from __future__ import annotations

from wtforms import BooleanField, RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, StopValidation

from portal.edge import PortalForm
from portal.i18n import _, _l
from portal.orientation.constants import ACCEPTED, CONTACTED, REFUSAL_REASONS, REFUSED
from portal.partners.fields import strip

PERSON_NAME_MAX = 40
CONTACT_MAX = 200
SUMMARY_MAX = 600
NOTE_MAX = 500

# The partner's answers, as its form offers them.
ANSWER_LABELS = {
    ACCEPTED: _l("J'accepte"),
    CONTACTED: _l("Contact pris avec la personne"),
    REFUSED: _l("Je refuse"),
}


def _too_long(n: int):
    return Length(max=n, message=_l("%(n)s caractères au plus : raccourcissez le texte.", n=n))


class RequestForm(PortalForm):
    """What a professional sends a service about a person who agreed to it."""

    person_name = StringField(
        _l("Prénom ou initiales de la personne"),
        description=_l("Prénom ou initiales seulement"),
        filters=[strip],
        validators=[DataRequired(message=_l("Indiquez le prénom ou les initiales de la personne.")),
                    _too_long(PERSON_NAME_MAX)],
    )
    person_contact = StringField(
        _l("Comment la joindre"),
        description=_l("Un numéro de téléphone, une adresse e-mail, ou « via moi » si le service "
                       "doit passer par vous."),
        filters=[strip],
        validators=[DataRequired(message=_l("Indiquez comment le service peut joindre la personne, "
                                            "ou « via moi ».")),
                    _too_long(CONTACT_MAX)],
    )
    summary = TextAreaField(
        _l("La situation en quelques mots"),
        description=_l("L'essentiel pour que le service prenne contact. Pas de données de santé "
                       "inutiles. %(n)s caractères au plus.", n=SUMMARY_MAX),
        filters=[strip],
        validators=[DataRequired(message=_l("Décrivez la situation en quelques mots.")),
                    _too_long(SUMMARY_MAX)],
    )
    consent = BooleanField(
        _l("La personne a donné son accord pour que ces informations soient transmises à ce service"),
        validators=[DataRequired(message=_l("La demande ne peut partir qu'avec l'accord de la "
                                            "personne : cochez cette case quand elle l'a donné."))],
    )


class AnswerForm(PortalForm):
    """The partner's answer through the link: accept, contact made, or refuse with a reason."""

    answer = RadioField(_l("Votre réponse"), validate_choice=False)
    reason = SelectField(
        _l("Raison du refus"),
        description=_l("Obligatoire si vous refusez la demande."),
        validate_choice=False,
        default="",
    )
    note = TextAreaField(
        _l("Un mot pour le professionnel"),
        description=_l("Facultatif. Par exemple : le jour du rendez-vous proposé. %(n)s caractères "
                       "au plus.", n=NOTE_MAX),
        filters=[strip],
        validators=[_too_long(NOTE_MAX)],
    )

    def offer(self, answers: tuple[str, ...]) -> None:
        """The answers the request still allows, and the reasons of a refusal."""
        self.answer.choices = [SelectChoice(code, ANSWER_LABELS[code]) for code in answers]
        self.answer.flags.required = True  # the legend says "(obligatoire)"
        self.reason.choices = [SelectChoice("", _("Choisissez une raison")),
                               *(SelectChoice(code, text) for code, text in REFUSAL_REASONS.items())]

    def validate_answer(self, field) -> None:
        if field.data not in {choice.value for choice in field.choices}:
            raise StopValidation(_("Choisissez votre réponse."))

    def validate_reason(self, field) -> None:
        if field.data and field.data not in REFUSAL_REASONS:
            raise StopValidation(_("Choisissez une raison de la liste."))
        if self.answer.data == REFUSED and not field.data:
            raise StopValidation(_("Choisissez la raison du refus."))

    @property
    def refusal_reason(self) -> str:
        """The reason, kept only for a refusal."""
        return self.reason.data if self.answer.data == REFUSED else ""
