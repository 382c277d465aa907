"""Forms of the moderation pages: approve, refuse (with a reason), restore, trust."""

from __future__ import annotations

from wtforms import HiddenField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length, Optional, ValidationError

from portal.edge import PortalForm
from portal.i18n import _l
from portal.moderation.constants import REJECTION_REASONS

MESSAGE_MAX = 2000


def _message_field(description):
    return TextAreaField(
        _l("Message au partenaire (facultatif)"),
        validators=[Optional(), Length(max=MESSAGE_MAX)],
        description=description,
    )


class ApproveForm(PortalForm):
    """Accept a change, with an optional word for the partner."""

    message = _message_field(_l("Il sera joint à l'e-mail envoyé aux membres du partenaire."))


class RejectForm(PortalForm):
    """Refuse a change: a reason from the list, and optionally a message."""

    reason = SelectField(_l("Raison du refus"), validate_choice=True,
                         validators=[InputRequired(message=_l("Choisissez une raison dans la liste."))])
    message = _message_field(_l("Expliquez ce qu'il faudrait corriger ; le partenaire le lira."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason.choices = [SelectChoice("", _l("Choisir une raison…"))] + [
            SelectChoice(code, text) for code, text in REJECTION_REASONS.items()
        ]

    def validate_reason(self, field) -> None:
        if field.data not in REJECTION_REASONS:
            raise ValidationError(_l("Choisissez une raison dans la liste."))


class RestoreForm(PortalForm):
    """Put an earlier version back online (the button carries the CSRF token only)."""


class TrustForm(PortalForm):
    """Set whether the partner's edits publish at once: "1" trusted, "0" not."""

    trusted = HiddenField(validators=[InputRequired(), AnyOf(["0", "1"])])
