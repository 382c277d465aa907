"""Translation catalogues: complete, nothing fuzzy, and the same placeholders as the French source."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parent.parent / "portal" / "translations"
LANGUAGES = ("en", "ar")
# %(name)s, %(num)d, %(rate).1f… ; "%%" is a literal percent sign, not a placeholder.
PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]")
COUNT = "%(num)d"


def _read(path: Path, locale: str | None = None):
    with path.open("rb") as po_file:
        return read_po(po_file, locale=locale)


def _placeholders(text: str) -> set[str]:
    return {match.group(0) for match in PLACEHOLDER.finditer(text)}


def _single_number_forms(catalogue) -> set[int]:
    """Plural forms chosen for exactly one number (English singular, Arabic singular and dual).

    Such a form may say the number in words ("One opening time…") instead of %(num)d.
    """
    plural = gettext.c2py(catalogue.plural_expr)
    numbers_by_form: dict[int, set[int]] = {}
    for n in range(1000):
        numbers_by_form.setdefault(plural(n), set()).add(n)
    return {form for form, numbers in numbers_by_form.items() if len(numbers) == 1 and numbers != {0}}


@pytest.fixture(scope="module")
def template():
    return _read(TRANSLATIONS / "messages.pot")


@pytest.fixture(scope="module", params=LANGUAGES)
def catalogue(request):
    return _read(TRANSLATIONS / request.param / "LC_MESSAGES" / "messages.po", request.param)


def _messages(catalogue):
    return [message for message in catalogue if message.id]


def test_every_message_of_the_template_is_translated(template, catalogue):
    missing, empty = [], []
    for source in _messages(template):
        message = catalogue.get(source.id, source.context)
        if message is None:
            missing.append(source.id)
            continue
        if source.pluralizable:
            forms = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
            if not message.pluralizable or len(forms) != catalogue.num_plurals or not all(forms):
                empty.append(source.id)
        elif not message.string:
            empty.append(source.id)
    assert not missing, f"{catalogue.locale}: not in the catalogue: {missing}"
    assert not empty, f"{catalogue.locale}: no translation: {empty}"


def test_nothing_is_fuzzy(catalogue):
    fuzzy = [message.id for message in _messages(catalogue) if message.fuzzy]
    assert not catalogue.fuzzy, f"{catalogue.locale}: the header is fuzzy"
    assert not fuzzy, f"{catalogue.locale}: fuzzy: {fuzzy}"


def test_translations_keep_the_placeholders(catalogue):
    single = _single_number_forms(catalogue)
    wrong = []
    for message in _messages(catalogue):
        if message.pluralizable:
            expected = _placeholders(message.id[1])
            for form, text in enumerate(message.string):
                found = _placeholders(text)
                if found == expected or (form in single and found == expected - {COUNT}):
                    continue
                wrong.append((message.id[1], form, sorted(found), sorted(expected)))
        else:
            found, expected = _placeholders(message.string), _placeholders(message.id)
            if found != expected:
                wrong.append((message.id, None, sorted(found), sorted(expected)))
    assert not wrong, f"{catalogue.locale}: placeholders differ: {wrong}"


def test_single_number_forms_are_the_expected_ones():
    en = _read(TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po", "en")
    ar = _read(TRANSLATIONS / "ar" / "LC_MESSAGES" / "messages.po", "ar")
    assert _single_number_forms(en) == {0}
    assert _single_number_forms(ar) == {1, 2}
