"""Forms of the campaign pages: a reminder campaign, the invitations, a listing's follow-up."""

from __future__ import annotations

from sqlalchemy import select
from wtforms import EmailField, HiddenField, RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import Email, InputRequired, Length, Optional, ValidationError

from portal.edge import PortalForm
from portal.extensions import db
from portal.i18n import _l
from portal.moderation.campaign_models import Campaign
from portal.moderation.constants import UPDATE_FREQUENCIES

MONTHS_MIN, MONTHS_MAX, MONTHS_DEFAULT = 1, 36, 6
BY_MONTHS, BY_FREQUENCY = "months", "frequency"
KEY_MAX = 60


def _key_field(description):
    return StringField(
        _l("Nom de la campagne"),
        description=description,
        validators=[InputRequired(message=_l("Donnez un nom à la campagne.")),
                    Length(max=KEY_MAX, message=_l("%(max)d caractères au plus.", max=KEY_MAX))],
    )


def _stripped(value):
    return value.strip() if isinstance(value, str) else value


def _key_is_free(field) -> None:
    taken = db.session.scalar(select(Campaign.id).where(Campaign.key == (field.data or "").strip()))
    if taken is not None:
        raise ValidationError(_l("Une campagne porte déjà ce nom. Choisissez-en un autre, ou relancez "
                                 "celle-ci depuis sa page d'avancement."))


class ReminderCampaignForm(PortalForm):
    """A new reminder campaign: which listings (by months, or by each one's frequency), its name.

    `step` is "check" when the form is sent to see what would be sent, "send" when the
    administrator confirmed."""

    scope = RadioField(
        _l("Quelles fiches relancer ?"),
        choices=[SelectChoice(BY_MONTHS, _l("Les fiches qui n'ont pas été confirmées depuis un "
                                            "nombre de mois")),
                 SelectChoice(BY_FREQUENCY, _l("Selon la fréquence de mise à jour de chaque fiche "
                                               "(sinon le délai habituel du site)"))],
        default=BY_MONTHS,
        validate_choice=False,  # checked below, with a message in French
        validators=[InputRequired(message=_l("Choisissez quelles fiches relancer."))],
    )
    months = StringField(
        _l("Nombre de mois"),
        description=_l("Un nombre entier de %(min)d à %(max)d. Les fiches jamais confirmées sont "
                       "toujours relancées.", min=MONTHS_MIN, max=MONTHS_MAX),
        default=str(MONTHS_DEFAULT),
        validators=[Length(max=10)],
    )
    key = _key_field(_l("Il distingue cette campagne des autres ; par défaut, le mois en cours. "
                        "Une fiche ne reçoit qu'un message par campagne."))
    step = HiddenField(default="check")

    def validate_scope(self, field) -> None:
        if field.data not in (BY_MONTHS, BY_FREQUENCY):
            raise ValidationError(_l("Choisissez quelles fiches relancer."))

    def validate_months(self, field) -> None:
        if self.scope.data != BY_MONTHS:
            return
        text = (field.data or "").strip()
        if not (text.isascii() and text.isdigit()) or not MONTHS_MIN <= int(text) <= MONTHS_MAX:
            raise ValidationError(_l("Indiquez un nombre de mois entre %(min)d et %(max)d, par exemple 6.",
                                     min=MONTHS_MIN, max=MONTHS_MAX))

    def validate_key(self, field) -> None:
        _key_is_free(field)

    def chosen_months(self, default: int | None = None) -> int | None:
        """The months chosen (`default` when the text is not a number), or None when each
        listing's frequency decides."""
        if self.scope.data != BY_MONTHS:
            return None
        text = (self.months.data or "").strip()
        return int(text) if text.isascii() and text.isdigit() and len(text) < 4 else default


class InvitationCampaignForm(PortalForm):
    """Invite every listing nobody keeps yet: the campaign's name."""

    key = _key_field(_l("Par défaut, « invitations- » suivi de la date du jour. Une adresse ne "
                        "reçoit qu'une invitation par campagne."))

    def validate_key(self, field) -> None:
        _key_is_free(field)


class ResumeForm(PortalForm):
    """Send what a campaign has not sent yet (the button carries the CSRF token only)."""


class FollowUpForm(PortalForm):
    """The address the CCAS writes to about a listing, and how often it should be confirmed."""

    contact_email = EmailField(
        _l("Adresse e-mail de contact (privée)"),
        description=_l("L'adresse à laquelle l'équipe écrit au sujet de cette fiche. Elle n'est jamais "
                       "montrée au public. Vide : les campagnes écrivent à l'adresse publique de la fiche."),
        filters=[_stripped],
        validators=[Optional(), Email(message=_l("Cette adresse e-mail n'est pas valide, par exemple : "
                                                 "nom@exemple.fr.")), Length(max=200)],
    )
    update_frequency = SelectField(
        _l("Fréquence de mise à jour attendue"),
        description=_l("Une fiche non confirmée depuis plus longtemps est relancée par les campagnes "
                       "« selon la fréquence de chaque fiche »."),
        validate_choice=True,
    )

    def __init__(self, *args, default_days: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.update_frequency.choices = [
            SelectChoice("", _l("Par défaut (tous les %(days)d jours)", days=default_days))
        ] + [SelectChoice(code, text) for code, text in UPDATE_FREQUENCIES.items()]
