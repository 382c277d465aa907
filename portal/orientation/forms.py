"""The forms of "Ma sélection" and of the slip (buttons carry a CSRF token and a hidden value)."""

from __future__ import annotations

from markupsafe import Markup, escape
from wtforms import HiddenField, IntegerField, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from portal.edge import PortalForm
from portal.i18n import LANGUAGES, _, _l
from portal.orientation import selection
from portal.templating import fr

# An entry's key as selection.key_of writes it.
KEY_PATTERN = r"^[ps][0-9]{1,12}$"
NOTE_HINT = _l("Pour la personne : ce qu'elle doit savoir. N'écrivez rien qui l'identifie.")


class AddForm(PortalForm):
    """"Ajouter à ma sélection": a place, or one of its services, and the page to go back to."""

    partner_id = IntegerField(validators=[InputRequired(), NumberRange(min=1)])
    service_id = IntegerField(validators=[Optional(), NumberRange(min=1)])
    suivant = StringField(validators=[Optional(), Length(max=2000)])


class EntryForm(PortalForm):
    """"Retirer": the pressed button's value is the entry's key."""

    key = HiddenField(validators=[DataRequired(), Regexp(KEY_PATTERN)])


class MoveForm(PortalForm):
    """"Monter" / "Descendre": the pressed button is named after the direction, its value is
    the entry's key."""

    up = HiddenField(validators=[Optional(), Regexp(KEY_PATTERN)])
    down = HiddenField(validators=[Optional(), Regexp(KEY_PATTERN)])

    def validate(self, extra_validators=None) -> bool:
        return super().validate(extra_validators) and bool(self.up.data or self.down.data)

    @property
    def key(self) -> str:
        return self.up.data or self.down.data

    @property
    def offset(self) -> int:
        return -1 if self.up.data else 1


class ClearForm(PortalForm):
    """"Vider la sélection" (CSRF only)."""


class SlipForm(PortalForm):
    """"Préparer la fiche": the language the resident reads; the places' own texts stay in French."""

    locale = RadioField(
        _l("Langue de la fiche"),
        choices=[SelectChoice(code, name) for code, name in LANGUAGES.items()],
        default="fr",
        validators=[DataRequired(message=_l("Choisissez la langue de la fiche."))],
        description=_l("Les titres et les explications de la fiche sont traduits ; la description "
                       "des lieux reste en français."),
    )


def note_field_name(key: str) -> str:
    return f"note_{key}"


def notes_form(entries: list[selection.Entry]) -> PortalForm:  # at request time: labels use _()
    """One text area per entry of the selection, named by its key, filled with its note (or
    with what was sent, on a POST)."""

    class NotesForm(PortalForm):
        pass

    for entry in entries:
        name = fr(entry.service.name if entry.service is not None else entry.partner.name)
        setattr(NotesForm, note_field_name(entry.key), TextAreaField(
            # The name is partner-written French markup (fr()): formatted into escaped Markup,
            # so that the label shows it rather than its tags.
            Markup(escape(_("Note pour « %(name)s »"))) % {"name": name},
            validators=[Length(max=selection.NOTE_LENGTH,
                               message=_l("La note fait au plus %(max)d caractères."))],
            description=NOTE_HINT,
            default=entry.note,
        ))
    return NotesForm()
