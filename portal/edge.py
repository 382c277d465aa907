"""The edge of the site: what a request brings in is cleaned before any other code reads it.

Control characters have no place in what people type or in the addresses they follow, and
PostgreSQL refuses the NUL byte in text outright. Query strings and cookies lose them
(`EdgeRequest`); a URL naming a page with one, or an id no database column can hold, is a
404 (`refuse_odd_url_values`); a form says so next to the field and keeps the rest of what
was typed (`PortalForm`, the base of every form of the site).
"""

from __future__ import annotations

import re

from flask import Flask, Request, abort
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from werkzeug.utils import cached_property
from wtforms import FieldList, FormField, TextAreaField

from portal.i18n import _l

# C0 controls and DEL; tab, line feed and carriage return are kept where text has lines.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROLS_AND_LINE_BREAKS = re.compile(r"[\x00-\x1f\x7f]")
# Ids are PostgreSQL `integer` columns: a larger number in a URL names nothing.
MAX_ID = 2**31 - 1

REFUSED = _l("Ce champ contient un caractère invisible non autorisé (il a été retiré) : "
             "vérifiez le texte puis envoyez à nouveau.")


def without_controls(text: str, *, lines: bool = True) -> str:
    """`text` without control characters; tab and line breaks stay when `lines` is true."""
    return (_CONTROLS if lines else _CONTROLS_AND_LINE_BREAKS).sub("", text)


def _cleaned(values: MultiDict) -> MultiDict:
    # Tab and line breaks stay: harmless to the database, they keep a redirect target visibly
    # unsafe (is_safe_next) rather than turning it into another path.
    return type(values)((without_controls(key), without_controls(value))
                        for key, value in values.items(multi=True))


class EdgeRequest(Request):
    """A request whose query string and cookies hold no control characters."""

    @cached_property
    def args(self):
        return _cleaned(super().args)

    @cached_property
    def cookies(self):
        return _cleaned(super().cookies)


def refuse_odd_url_values(_endpoint: str | None, values: dict | None) -> None:
    """A URL value with a control character, or an id beyond the database's integers, is a 404."""
    for value in (values or {}).values():
        if isinstance(value, str) and _CONTROLS_AND_LINE_BREAKS.search(value):
            abort(404)
        if isinstance(value, int) and not -MAX_ID <= value <= MAX_ID:
            abort(404)


def init_app(app: Flask) -> None:
    """Clean every request of `app` at the edge."""
    app.request_class = EdgeRequest
    app.url_value_preprocessor(refuse_odd_url_values)


def _leaves(fields):
    """Every field of a form, those inside sub-forms and lists included."""
    for field in fields:
        if isinstance(field, FormField):
            yield from _leaves(field.form)
        elif isinstance(field, FieldList):
            yield from _leaves(field.entries)
        else:
            yield field


class PortalForm(FlaskForm):
    """Base of every form: text only, and no control characters in it.

    Control characters are taken out of what was sent before any field reads it; the field
    then says so. Tab and line breaks are welcome in a text area and nowhere else. A file or
    a JSON value sent where text is expected counts as nothing sent.
    """

    class Meta:
        def wrap_formdata(self, form, formdata):
            try:
                formdata = super().wrap_formdata(form, formdata)
            except (TypeError, ValueError):  # a JSON body that is not an object
                return MultiDict()
            form.refused_names = set()
            if formdata is None:
                return None
            kept = MultiDict()
            for name, value in formdata.items(multi=True):
                if not isinstance(value, str):
                    continue
                clean = without_controls(value)
                if clean != value:
                    form.refused_names.add(name)
                kept.add(name, clean)
            return kept

    def validate(self, extra_validators=None) -> bool:
        refused = set(getattr(self, "refused_names", ()))
        for field in _leaves(self):
            if not isinstance(field, TextAreaField) and isinstance(field.data, str):
                one_line = without_controls(field.data, lines=False)
                if one_line != field.data:
                    field.data = one_line
                    refused.add(field.name)
        valid = super().validate(extra_validators)
        for field in _leaves(self):
            if field.name in refused:
                field.errors = [*field.errors, REFUSED]
                valid = False
        return valid
