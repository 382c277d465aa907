"""Workshops that answer a search, shown in a short block above the places found.

The workshops are few and change by the day, so they are matched here, at search time, with
the search core's own analysis (folding, stemming, the page language's synonyms and the
precise needs words lead to) rather than kept in the index: every word of the query must be
found in the workshop's title, description, audience or precise needs, or lead to one of its
precise needs or needs. Workshops with the very words typed come first, then those the
synonyms led to, each soonest first.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from portal.directory.models import Need
from portal.extensions import db
from portal.search.core.analysis import stems
from portal.search.core.matching import Group, word_groups
from portal.search.searching import synonyms_for
from portal.workshops import queries

LIMIT = 3
DAYS = 92


def _vocabulary(workshop) -> set[str]:
    labels = [sub.label for sub in workshop.subneeds]
    text = " ".join([workshop.title, workshop.description or "", workshop.audience or "", *labels])
    return set(stems(text))


def _score(group: Group, words: set[str], taxonomy: set[tuple[str, str]]) -> int:
    """2 when the words typed are there, 1 when a synonym or a need they lead to is, else 0."""
    if group.phrase and all(term in words for term in group.phrase):
        return 2
    if any(term in words for term in group.terms) or any(pair in taxonomy for pair in group.taxonomy):
        return 1
    return 0


def matching_sessions(text: str, locale: str, today: date, *, need: str = "", quartier: str = "",
                      free: bool = False) -> list[queries.Session]:
    """The next session of each workshop the words answer, best first, then soonest (at most LIMIT)."""
    groups, _widened = word_groups(text, synonyms_for(locale))
    groups = [g for g in groups if g.phrase or g.terms or g.taxonomy]
    if not groups:
        return []
    need_slugs = dict(db.session.execute(select(Need.id, Need.slug)).all())
    found: list[tuple[int, queries.Session]] = []
    seen: set[int] = set()
    for session in queries.upcoming_sessions(today, days=DAYS, include_cancelled=False, free=free):
        workshop = session.workshop
        if workshop.id in seen:
            continue
        seen.add(workshop.id)
        needs = {need_slugs.get(sub.need_id) for sub in workshop.subneeds}
        place = workshop.where["quartier"]
        if need and need not in needs:
            continue
        if quartier and not workshop.is_online and (place is None or place.slug != quartier):
            continue
        taxonomy = {("subneed_slug", sub.slug) for sub in workshop.subneeds} | {("need", n) for n in needs}
        words = _vocabulary(workshop)
        scores = [_score(group, words, taxonomy) for group in groups]
        if all(scores):
            found.append((sum(scores), session))
    found.sort(key=lambda pair: -pair[0])  # stable: soonest first among equals
    return [session for _score_, session in found[:LIMIT]]
