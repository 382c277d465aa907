"""The presentation text: plain text, or a small safe subset of HTML, cleaned with nh3.

Stored form: when the partner used none of the allowed tags (the usual case), the plain text
itself, so that the JSON-LD description and the search index get words, not markup; otherwise
the HTML as cleaned by nh3. Either way the page cleans it again on display (imported and older
texts included): `presentation_html` is the only way a presentation is marked safe.
"""

from __future__ import annotations

import html
import re

import nh3
from markupsafe import Markup

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li"}
_BLOCK = re.compile(r"<(p|ul|ol|br)\b", re.IGNORECASE)


def _clean(text: str) -> str:
    return nh3.clean(text or "", tags=ALLOWED_TAGS, attributes={}, strip_comments=True).strip()


def clean_presentation(text: str) -> str:
    """What is stored: every tag, attribute and comment outside the allowed subset removed."""
    cleaned = _clean(text)
    plain = html.unescape(cleaned)
    return plain if "<" not in plain else cleaned


def presentation_html(text: str) -> Markup:
    """Safe HTML for a page: line breaks of a plain text become <br>."""
    cleaned = _clean(text)
    if not _BLOCK.search(cleaned):
        cleaned = re.sub(r"\r?\n", "<br>", cleaned)
    return Markup(cleaned)  # noqa: S704 (cleaned by nh3 with the allowed subset just above)
