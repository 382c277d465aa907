"""Forms of the moderation pages: approve, refuse (with a reason), decide part by part,
restore, trust."""

from __future__ import annotations

from wtforms import HiddenField, RadioField, SelectChoice, SelectField, TextAreaField
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


ACCEPT, REFUSE = "accept", "refuse"


class DecisionForm(PortalForm):
    """Accept or refuse each part of a change (see `decision_form`); one reason and one
    message for what is refused."""

    reason = SelectField(_l("Raison du refus des parties refusées"), validate_choice=False)
    message = _message_field(_l("Il sera joint à l'e-mail envoyé aux membres du partenaire ; "
                                "dites ce qu'il faudrait corriger dans ce qui est refusé."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reason.choices = [SelectChoice("", _l("Choisir une raison…"))] + [
            SelectChoice(code, text) for code, text in REJECTION_REASONS.items()
        ]

    @property
    def parts(self) -> list:
        """The radio fields, one per part, in the order of the parts."""
        return [field for name, field in self._fields.items() if name.startswith("part_")]

    def refused(self, sections: list[str]) -> list[str]:
        """The sections whose part is set to "refuse"."""
        return [section for section, field in zip(sections, self.parts, strict=True) if field.data == REFUSE]

    def validate_reason(self, field) -> None:
        if any(part.data == REFUSE for part in self.parts) and field.data not in REJECTION_REASONS:
            raise ValidationError(_l("Choisissez la raison du refus des parties refusées."))


def decision_form(labels: list[str], **kwargs) -> DecisionForm:
    """A DecisionForm with one "Accepter" / "Refuser" choice per part, named by `labels`."""

    class Decision(DecisionForm):
        pass

    for n, text in enumerate(labels):
        setattr(Decision, f"part_{n}", RadioField(
            text, choices=[SelectChoice(ACCEPT, _l("Accepter")), SelectChoice(REFUSE, _l("Refuser"))],
            default=ACCEPT,
            validators=[InputRequired(message=_l("Choisissez d'accepter ou de refuser cette partie."))]))
    return Decision(**kwargs)


class RestoreForm(PortalForm):
    """Put an earlier version back online (the button carries the CSRF token only)."""


class TrustForm(PortalForm):
    """Set whether the partner's edits publish at once: "1" trusted, "0" not."""

    trusted = HiddenField(validators=[InputRequired(), AnyOf(["0", "1"])])


class PublishForm(PortalForm):
    """Show the listing to the public ("1") or take it off ("0")."""

    published = HiddenField(validators=[InputRequired(), AnyOf(["0", "1"])])
