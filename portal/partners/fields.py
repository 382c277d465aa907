"""Reading what partners type: French phone numbers, web addresses, postcodes, times, dates.

Each parser returns the normalised value or raises ValueError with a message for the person;
the validators put the normalised value back in the field, so the listing stores one format.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from itertools import groupby
from urllib.parse import urlsplit

from wtforms import SelectMultipleField, StringField
from wtforms.validators import StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, DateInput, ListWidget, TimeInput

from portal.i18n import _

_PHONE_NOISE = re.compile(r"[\s.\-/()]")
_TIME_RE = re.compile(r"(\d{1,2})\s*(?:[h:]\s*(\d{2})?)?", re.IGNORECASE)
_POSTCODE_RE = re.compile(r"59\d{3}")


def parse_phone(text: str) -> str:
    """A French number as '03 20 00 00 00' (from 0320000000, +33 3 20…, 0033 (0)3 20…)."""
    digits = _PHONE_NOISE.sub("", text.replace("(0)", ""))
    if digits.startswith("+33"):
        digits = "0" + digits[3:]
    elif digits.startswith("0033"):
        digits = "0" + digits[4:]
    if not re.fullmatch(r"0[1-9]\d{8}", digits):
        raise ValueError(_("Ce numéro n'est pas un numéro français à 10 chiffres, par exemple : "
                           "03 20 00 00 00 ou +33 3 20 00 00 00."))
    return " ".join(digits[i:i + 2] for i in range(0, 10, 2))


def parse_url(text: str) -> str:
    """A web address starting with http:// or https:// (https:// is added when missing)."""
    value = text.strip()
    if "://" not in value:
        value = "https://" + value
    parts = urlsplit(value)
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or "." not in host or " " in value or host.endswith("."):
        raise ValueError(_("Cette adresse web n'est pas valide, par exemple : https://www.exemple.fr."))
    return value


def parse_postcode(text: str) -> str:
    """A postcode of the Nord (59xxx), where the directory's partners are."""
    value = text.replace(" ", "")
    if not _POSTCODE_RE.fullmatch(value):
        raise ValueError(_("Indiquez un code postal du Nord à 5 chiffres, par exemple : 59000."))
    return value


def parse_time(text: str) -> time:
    """A time of day from '9', '9h', '9h30', '09:30'; '24:00' is midnight."""
    match = _TIME_RE.fullmatch(text.strip())
    hours, minutes = (int(match.group(1)), int(match.group(2) or 0)) if match else (99, 0)
    if (hours, minutes) == (24, 0):
        return time(0)
    if hours > 23 or minutes > 59:
        raise ValueError(_("Heure non valide : écrivez-la comme 09:30."))
    return time(hours, minutes)


def parse_date(text: str) -> date:
    """A date from '2026-12-24' or '24/12/2026'."""
    value = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(_("Date non valide : écrivez-la comme 24/12/2026."))


def normalised(parser):
    """A WTForms validator that stores the parsed value in `field.parsed` (and, for text
    results, in `field.data`); an empty field is left alone (use DataRequired to require it)."""

    def validator(form, field):
        if not (field.data or "").strip():
            field.parsed = None
            return
        try:
            value = parser(field.data)
        except ValueError as error:
            raise StopValidation(str(error)) from None
        field.parsed = value
        if isinstance(value, str):
            field.data = value

    return validator


class TimeText(StringField):
    """A time typed as text (an <input type="time"> where the browser offers one)."""

    widget = TimeInput()

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, [*(validators or []), normalised(parse_time)], **kwargs)
        self.parsed = None


class DateText(StringField):
    """A date typed as text (an <input type="date"> where the browser offers one)."""

    widget = DateInput()

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, [*(validators or []), normalised(parse_date)], **kwargs)
        self.parsed = None


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as checkboxes (templates/_macros/forms.html: `checkboxes`,
    `checkbox_groups`); it posts `name=a&name=b` as a multiple select does."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def groups(self) -> list[tuple[str, list]]:
        """(group label, its checkboxes) in the order of the choices, the ids as in `iter(field)`."""
        optgroups = [c.optgroup for c in self._choices_from_input(self.choices) or []]
        options = zip(optgroups, self, strict=True)
        return [(label, [option for _label, option in group])
                for label, group in groupby(options, key=lambda pair: pair[0])]


def strip(value):
    """Form filter: surrounding spaces are never meant, and browsers send line ends as CRLF."""
    return value.replace("\r\n", "\n").strip() if isinstance(value, str) else value


__all__ = ["DateText", "MultiCheckboxField", "TimeText", "ValidationError", "normalised", "parse_date",
           "parse_phone", "parse_postcode", "parse_time", "parse_url", "strip"]
