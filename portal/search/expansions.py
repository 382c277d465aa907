"""The "we also searched" line: what synonyms added to a query, in words a person understands.

The engine says which words of the directory and which needs a word of the query led to; here
the needs become their labels in the page's language. Stems never reach the page.
"""

from __future__ import annotations

from sqlalchemy import select

from portal.directory.models import Need, SubNeed
from portal.extensions import db
from portal.i18n import _
from portal.search.core.matching import Widening


def _labels(model, slugs: set[str]) -> dict[str, str]:
    if not slugs:
        return {}
    return dict(db.session.execute(select(model.slug, model.label).where(model.slug.in_(slugs))).all())


def readable(widenings) -> tuple[str, ...]:
    """One "word → what it led to" per widened word: sub-need labels, else need labels, else
    the words of the rule as written; a wish such as "gratuit" says what it does."""
    items = [w for w in widenings if isinstance(w, Widening)]
    subneeds = _labels(SubNeed, {slug for w in items for f, slug in w.taxonomy if f == "subneed_slug"})
    needs = _labels(Need, {slug for w in items for f, slug in w.taxonomy if f == "need"})
    out: list[str] = []
    for item in items:
        led_to = [_(subneeds[s]) for f, s in item.taxonomy if f == "subneed_slug" and s in subneeds]
        if not led_to:
            led_to = [_(needs[s]) for f, s in item.taxonomy if f == "need" and s in needs]
        if not led_to:
            led_to = list(item.words)
        if ("free", "1") in item.prefer:
            led_to.append(_("services gratuits en premier"))
        led_to = [text for text in dict.fromkeys(led_to) if text != item.word]
        if led_to:
            out.append(f"{item.word} → {', '.join(led_to)}")
    return tuple(out)
