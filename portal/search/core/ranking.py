"""Ranking: one entry per partner, by field-weighted scores, directory order or nearest place."""

from __future__ import annotations

import heapq
import math

from portal.search.core.bits import Bits, Scores
from portal.search.core.matching import Group
from portal.search.core.schema import TEXT_FIELDS

TAXONOMY_BOOSTS = {"need": 3.0, "subneed_slug": 4.0}
SCORE_SCALE = 8  # scores are integers: weights are rounded to 1/8
# A wish ("gratuit") outweighs any relevance score: wished documents come first, by relevance.
PREFERENCE_WEIGHT = 1 << 24


def _scores(bits: Bits, groups: list[Group], allowed: int) -> Scores:
    """Field-weighted scores: each (field, term) a document contains adds boost x idf.

    BM25F without term frequency and length normalisation, which matter little on short
    listings; in exchange every matching document is scored at once with bitsets (see Scores).
    """
    scores = Scores(bits, allowed)
    for group in groups:
        weighted = [(t, 1.0) for t in group.phrase] + list(group.terms.items())
        for term, weight in weighted:
            for fieldname, boost in TEXT_FIELDS.items():
                if bits.frequency(fieldname, term):
                    w = boost * weight * bits.idf(fieldname, term)
                    scores.add(bits.term(fieldname, term), round(w * SCORE_SCALE))
        for fieldname, slug in group.taxonomy:
            if bits.frequency(fieldname, slug):
                w = TAXONOMY_BOOSTS[fieldname] * bits.idf(fieldname, slug)
                scores.add(bits.term(fieldname, slug), round(w * SCORE_SCALE))
        for fieldname, value in group.prefer:  # "gratuit": free services first among the matches
            scores.add(bits.term(fieldname, value), PREFERENCE_WEIGHT)
    return scores


def _page(bits: Bits, allowed: int, partners: list[int], key) -> list[tuple[int, list[int]]]:
    """Each partner with its documents in `allowed`, best first by `key` (then directory order)."""
    out = []
    included = bits.contains(allowed)
    for partner in partners:
        docs = [d for d in bits.docs_of(partner) if included(d)]
        docs.sort(key=lambda d: (key(d), bits.order_key(d)))
        out.append((partner, docs))
    return out


def by_relevance(bits: Bits, groups: list[Group], allowed: int, total: int, wanted: int):
    """The first `wanted` partners as (score, partner, documents best first), ranked by their
    best document."""
    scores = _scores(bits, groups, allowed)
    limit = min(total, max(wanted * 2, 40))
    while True:
        best: dict[int, int] = {}  # partner -> its best score, in rank order
        top = scores.top(limit)
        for score, docnum in top:
            best.setdefault(bits.partner_of(docnum), score)
        # Any partner not seen yet ranks below every document seen: the first `wanted` are sure.
        if len(best) >= wanted or len(top) < limit or limit >= total:
            break
        limit = min(total, limit * 4)
    partners = list(best)[:wanted]
    score = scores.scorer()
    pages = _page(bits, allowed, partners, lambda d: -score(d))
    return [(best[partner] / SCORE_SCALE, partner, docs) for partner, docs in pages]


def in_directory_order(bits: Bits, allowed: int, total: int, wanted: int):
    """The first `wanted` partners in directory order (partner name), as (0, partner, documents)."""
    limit = max(wanted * 2, 40)
    while True:
        docs = bits.in_order(allowed, limit)
        partners = list(dict.fromkeys(bits.partner_of(d) for d in docs))
        if len(partners) > wanted or len(docs) < limit or limit >= total:
            break
        limit *= 4
    return [(0.0, partner, docs) for partner, docs in _page(bits, allowed, partners[:wanted], lambda d: 0)]


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


def by_distance(bits: Bits, allowed: int, origin: tuple[float, float], wanted: int):
    """The `wanted` partners whose nearest place (among their documents in `allowed`) is nearest,
    as (0, partner, documents nearest first); places given only at a distance come last. An
    equirectangular distance is exact enough to sort a city."""
    lat0, lon0 = origin
    kx = math.cos(math.radians(lat0))
    points = bits.points
    far = float("inf")

    def key(docnum: int) -> float:
        nearest = far
        for lat, lon in points[docnum]:
            dx, dy = (lon - lon0) * kx, lat - lat0
            nearest = min(nearest, dx * dx + dy * dy)
        return nearest

    keys: dict[int, float] = {}
    nearest: dict[int, tuple[float, int]] = {}
    for docnum in bits.members(allowed):
        k = keys[docnum] = key(docnum)
        partner = bits.partner_of(docnum)
        if partner not in nearest or k < nearest[partner][0]:
            nearest[partner] = (k, docnum)
    partners = heapq.nsmallest(wanted, nearest, key=lambda p: (*nearest[p], p))
    return [(0.0, partner, docs) for partner, docs in _page(bits, allowed, partners, keys.__getitem__)]


def nearest_km(bits: Bits, docs: list[int], origin: tuple[float, float]) -> float | None:
    """How far the nearest place of these documents is from `origin`; None without any place."""
    found = [km(origin[0], origin[1], lat, lon) for d in docs for lat, lon in bits.points[d]]
    return round(min(found), 2) if found else None
