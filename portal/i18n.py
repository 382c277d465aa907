"""Interface languages: French (source), English and Arabic.

The language is part of the URL so that a link can be shared in a language: French pages live
at /…, English at /en/…, Arabic at /ar/…. A small WSGI middleware moves the language prefix
into SCRIPT_NAME, so every url_for() of a page keeps the language without any view knowing.
"""

from __future__ import annotations

import os
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, current_app, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

__all__ = ["_", "_l", "ngettext", "select_locale", "LANGUAGES", "RTL"]

SOURCE = "fr"
# Each language is named in itself, so that a person finds their own in the switcher.
LANGUAGES = {"fr": "Français", "en": "English", "ar": "العربية"}
RTL = {"ar"}
ENVIRON_KEY = "portal.language"
CATALOGUES = Path(__file__).resolve().parent / "translations"


class LanguagePrefix:
    """WSGI middleware: /en/besoins → SCRIPT_NAME …/en, PATH_INFO /besoins, language en."""

    def __init__(self, app) -> None:
        self.app = app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        environ[ENVIRON_KEY] = SOURCE
        environ["portal.root"] = environ.get("SCRIPT_NAME", "")
        for code in LANGUAGES:
            if code != SOURCE and (path == f"/{code}" or path.startswith(f"/{code}/")):
                environ[ENVIRON_KEY] = code
                environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + f"/{code}"
                environ["PATH_INFO"] = path[len(code) + 1 :] or "/"
                break
        return self.app(environ, start_response)


def select_locale() -> str:
    """The language named in the URL, French otherwise."""
    try:
        return request.environ.get(ENVIRON_KEY, SOURCE)
    except RuntimeError:  # outside a request: commands, seeds
        return current_app.config.get("BABEL_DEFAULT_LOCALE", SOURCE)


def url_in(code: str) -> str:
    """The current page in another language, query string included."""
    root = request.environ.get("portal.root", "")
    prefix = "" if code == SOURCE else f"/{code}"
    query = request.query_string.decode("latin-1")
    return f"{root}{prefix}{request.path}" + (f"?{query}" if query else "")


def language_context() -> dict:
    """Template variables: lang/dir of the page and the links of the language switcher."""
    code = select_locale()
    return {
        "html_lang": code,
        "html_dir": "rtl" if code in RTL else "ltr",
        "languages": [(c, name, url_in(c)) for c, name in LANGUAGES.items()],
        "rtl_languages": RTL,
    }


def compile_catalogues(target: Path) -> Path:
    """Compile each messages.po into target/<lang>/LC_MESSAGES/messages.mo when it changed."""
    for po_path in sorted(CATALOGUES.glob("*/LC_MESSAGES/messages.po")):
        lang = po_path.parent.parent.name
        mo_path = target / lang / "LC_MESSAGES" / "messages.mo"
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=lang)
        tmp = mo_path.with_suffix(f".{os.getpid()}.tmp")  # workers may compile at once
        with tmp.open("wb") as mo_file:
            write_mo(mo_file, catalog, use_fuzzy=False)
        tmp.replace(mo_path)
    return target


def init_app(app: Flask) -> None:
    """Compile the catalogues into the instance folder and serve languages from the URL."""
    target = compile_catalogues(Path(app.instance_path) / "translations")
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(target)
    app.wsgi_app = LanguagePrefix(app.wsgi_app)
    app.context_processor(language_context)
